/** The report as a GitHub-flavoured markdown table, e.g. for a pull-request comment. */
import type { ReportRenderer } from "./types.js";
import { blocksAsMarkdown, markdownCell } from "./blocks.js";
import { describeGroups, whoBlocks } from "./who-blocks.js";
import { correctionNote, detectionNote } from "./co-notes.js";
import { describeAccounting, describeInputs, partialNotes } from "./describe-input.js";
import { CI_NOTE } from "./percentile-cells.js";
import { insufficientFootnotes, reportRows, significantCells } from "./rows.js";

export const renderMarkdown: ReportRenderer = (report, options) => {
  const { unit, header, rows } = reportRows(report, options.outUnit, significantCells(options.digits), { ci: options.ci === true, machine: false });
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [
    ...partialNotes(report).flatMap((note) => [`**${markdownCell(note)}**`, ""]),
    markdownCell(`Latencies in ${unit} — ${describeInputs(report)}; ${describeAccounting(report)}${report.groups ? `; ${describeGroups(report.groups)}` : ""}.`),
    "",
    line(header),
    `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...rows.map(line),
    ...[...(options.ci ? [CI_NOTE] : []), ...insufficientFootnotes(report)].flatMap((note) => ["", markdownCell(note)]),
    ...(report.corrected ? ["", correctionNote(report.corrected)] : []),
    ...(report.detection && !report.corrected ? ["", detectionNote(report.detection)] : []),
    "",
    ...blocksAsMarkdown(whoBlocks(report, options.digits)),
  ].join("\n");
};
