/** The report as a GitHub-flavoured markdown table, e.g. for a pull-request comment. */
import type { ReportRenderer } from "./types.js";
import { correctionNote, detectionNote } from "./co-notes.js";
import { describeAccounting, describeInputs } from "./describe-input.js";
import { CI_NOTE, insufficientNotes } from "./percentile-cells.js";
import { namedSummaries, reportRows, significantCells } from "./rows.js";

function markdownCell(text: string): string {
  return text.replace(/[|*]/g, "\\$&");
}

export const renderMarkdown: ReportRenderer = (report, options) => {
  const { unit, header, rows } = reportRows(report, options.outUnit, significantCells(options.digits), { ci: options.ci === true, machine: false });
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [
    `Latencies in ${unit} — ${describeInputs(report)}; ${describeAccounting(report)}.`,
    "",
    line(header),
    `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...rows.map(line),
    ...[...(options.ci ? [CI_NOTE] : []), ...insufficientNotes(namedSummaries(report))].flatMap((note) => ["", markdownCell(note)]),
    ...(report.corrected ? ["", correctionNote(report.corrected)] : []),
    ...(report.detection && !report.corrected ? ["", detectionNote(report.detection)] : []),
    "",
  ].join("\n");
};
