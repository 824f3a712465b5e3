/**
 * The report as CSV: a header row and a row per input, latencies in the unit named in the header. The last
 * column, `insufficient`, names the percentiles with fewer than 10 samples beyond them (space-separated); with
 * `--ci`, `pX_lo_<unit>`/`pX_hi_<unit>` columns before it hold the 95% confidence intervals.
 */
import type { ReportRenderer } from "./types.js";
import { reportRows } from "./rows.js";
import { exactInUnit } from "./values.js";
import { csvField } from "./csv-field.js";

export const renderCsv: ReportRenderer = (report, options) => {
  const style = { ci: options.ci === true, machine: true };
  const { unit, header, rows, inUnit } = reportRows(report, options.outUnit ?? "ms", (u) => (ns) => (Number.isNaN(ns) ? "" : String(exactInUnit(ns, u))), style);
  const named = header.map((h, i) => (inUnit[i] ? `${h}_${unit}` : h));
  return [named, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
};
