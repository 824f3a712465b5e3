/** The default human-readable report: a short description of the input and a cli-table3 table. */
import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { ReportData } from "../analyses/report.js";
import type { CorrectedFigures } from "../analyses/correction.js";
import type { TimeUnit } from "../base/units.js";
import type { ReportRenderer } from "./types.js";
import { blocksAsText, COMPACT_TABLE } from "./blocks.js";
import { describeGroups, whoBlocks } from "./who-blocks.js";
import { correctionNote, detectionNote } from "./co-notes.js";
import { describeAccounting, describeInputs, partialNotes } from "./describe-input.js";
import { CI_NOTE, percentileCell } from "./percentile-cells.js";
import { insufficientFootnotes, reportRows, significantCells, statisticNames } from "./rows.js";
import { formatSignificant, summaryUnit } from "./values.js";
import { withFailuresLine } from "./with-failures.js";

/** The unit the report's latencies are shown in. */
function summaryUnitOf(report: ReportData, outUnit: TimeUnit | undefined): TimeUnit {
  return outUnit ?? summaryUnit(report.total);
}

/** A corrected/raw ratio at least this large is highlighted. */
const NOTABLE_RATIO = 1.1;
const LARGE_RATIO = 2;

export const renderTable: ReportRenderer = (report, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const ci = options.ci === true;
  const lines = [...partialNotes(report).map((note) => chalk.yellow(note)), chalk.dim(describeInputs(report)), chalk.dim(describeAccounting(report))];
  if (report.corrected !== undefined && report.groups === undefined && report.misery === undefined) {
    lines.push(...sideBySide(report, report.corrected, options.outUnit, options.digits, ci, chalk), correctionNote(report.corrected));
  } else {
    const { unit, header, rows } = reportRows(report, options.outUnit, significantCells(options.digits), { ci, machine: false });
    const table = new Table({ head: header.map((h) => chalk.bold(h)), colAligns: header.map((_, i) => (i === 0 ? "left" : "right")), style: { head: [], border: [] }, chars: COMPACT_TABLE });
    for (const row of rows) table.push(row);
    lines.push(`latencies in ${unit}${report.groups ? `; ${describeGroups(report.groups)}` : ""}`, table.toString());
    if (report.corrected !== undefined) lines.push(correctionNote(report.corrected));
  }
  const failures = report.withFailures && withFailuresLine(report.withFailures, summaryUnitOf(report, options.outUnit), options.digits);
  if (failures !== undefined) lines.push(chalk.red(failures));
  if (ci) lines.push(chalk.dim(CI_NOTE));
  lines.push(...insufficientFootnotes(report).map((note) => chalk.yellow(note)));
  if (report.detection !== undefined && report.corrected === undefined) lines.push(detectionNote(report.detection));
  lines.push(...blocksAsText(whoBlocks(report, options.digits), chalk));
  return lines.join("\n") + "\n";
};

/** Raw and corrected figures side by side, one row per statistic, with their ratio. */
function sideBySide(report: ReportData, corrected: CorrectedFigures, outUnit: TimeUnit | undefined, digits: number, ci: boolean, chalk: ChalkInstance): string[] {
  const raw = report.total;
  const unit = outUnit ?? summaryUnit(raw);
  const format = (ns: number) => formatSignificant(ns, unit, digits);
  const table = new Table({
    head: ["", corrected.rawLabel, corrected.correctedLabel, `${corrected.correctedLabel} / ${corrected.rawLabel}`].map((h) => chalk.bold(h)),
    colAligns: ["left", "right", "right", "right"],
    style: { head: [], border: [] },
    chars: COMPACT_TABLE,
  });
  const ratioCell = (rawNs: number, correctedNs: number) => {
    if (!(rawNs > 0)) return "";
    const ratio = correctedNs / rawNs;
    const text = `${ratio.toFixed(2)}×`;
    return ratio >= LARGE_RATIO ? chalk.red(text) : ratio >= NOTABLE_RATIO ? chalk.yellow(text) : text;
  };
  const c = corrected.summary;
  table.push(["count", String(raw.count), String(c.count), ""]);
  const pairs: [string, number, number][] = [
    ["min", raw.minNs, c.minNs],
    ["mean", raw.meanNs, c.meanNs],
    ["stddev", raw.stddevNs, c.stddevNs],
    ...raw.percentiles.map((p, i): [string, number, number] => [statisticNames([p.label])[0]!, p.valueNs, c.percentiles[i]!.valueNs]),
    ["max", raw.maxNs, c.maxNs],
  ];
  const percentileRows = new Map(raw.percentiles.map((p, i) => [statisticNames([p.label])[0]!, [p, c.percentiles[i]!] as const]));
  for (const [name, rawNs, correctedNs] of pairs) {
    const percentiles = percentileRows.get(name);
    const cells = percentiles ? percentiles.map((p) => percentileCell(p, format, ci)) : [format(rawNs), format(correctedNs)];
    table.push([name, ...cells, ratioCell(rawNs, correctedNs)]);
  }
  return [`latencies in ${unit}`, table.toString()];
}
