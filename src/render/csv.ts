/** The report as CSV: a header row and a row per input, latencies in the unit named in the header. */
import type { ReportRenderer } from "./types.js";
import { reportRows } from "./rows.js";
import { exactInUnit } from "./values.js";

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const renderCsv: ReportRenderer = (report, options) => {
  const { unit, header, rows } = reportRows(report, options.outUnit ?? "ms", (u) => (ns) => (Number.isNaN(ns) ? "" : String(exactInUnit(ns, u))));
  const named = header.map((h, i) => (i <= 1 ? h : `${h}_${unit}`));
  return [named, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
};
