/**
 * `report --html`: the summary table, the notes (insufficient data, coordinated omission), the spectrum chart, and
 * the latency-over-time chart when the samples have start times.
 */
import type { ReportData } from "../../analyses/report.js";
import type { Spectrum } from "../../analyses/spectrum.js";
import type { TimelineData } from "../../analyses/timeline.js";
import { correctionNote, detectionNote } from "../co-notes.js";
import { describeAccounting, describeInputs, partialNotes } from "../describe-input.js";
import { CI_NOTE, insufficientNotes } from "../percentile-cells.js";
import { namedSummaries, reportRows, significantCells } from "../rows.js";
import type { RenderOptions } from "../types.js";
import { miseryBlocks } from "../misery-text.js";
import { sloBlocks } from "../slo-text.js";
import { describeGroups } from "../who-blocks.js";
import { partialBlocks, sectionBlocks, spectrumBlock, tableBlock, timelineChartBlock } from "./blocks.js";
import { renderHtmlPage, type HtmlAssets, type HtmlBlock, type HtmlPage } from "./page.js";

/** How the HTML report is made: the report's render options, and what made it (for the footer). */
export interface HtmlReportOptions extends RenderOptions {
  /** E.g. `latstat 0.1.0`. */
  generator: string;
  /** The command the page is from, for its title (default `report`). */
  command?: string;
}

/** What a report's page shows beyond the report: budgets after the summary (`check`), and its samples' time line. */
export interface ReportPageExtras {
  budgets?: HtmlBlock[];
  timeline?: TimelineData;
}

/** The blocks that say what coordinated-omission handling found or did. */
export function coordinatedOmissionBlocks(report: ReportData): HtmlBlock[] {
  if (report.corrected) return [{ kind: "paragraphs", lines: [correctionNote(report.corrected)], className: "callout" }];
  if (report.detection) return [{ kind: "paragraphs", lines: [detectionNote(report.detection)], className: report.detection.detected ? "callout warn" : "callout" }];
  return [];
}

/** The report as a page, with `extras` where they belong. */
export function reportPage(report: ReportData, spectra: readonly Spectrum[], options: HtmlReportOptions, extras: ReportPageExtras = {}): HtmlPage {
  const ci = options.ci === true;
  const { unit, header, rows } = reportRows(report, options.outUnit, significantCells(options.digits), { ci, machine: false });
  const notes = [...(ci ? [CI_NOTE] : []), ...insufficientNotes(namedSummaries(report))];
  return {
    title: `latstat ${options.command ?? "report"}: ${report.files.length === 1 ? report.files[0]! : `${report.files.length} inputs`}`,
    meta: [describeInputs(report), describeAccounting(report)],
    blocks: [
      ...partialBlocks(partialNotes(report)),
      { kind: "heading", text: "Summary" },
      tableBlock(header, rows, `latencies in ${unit}${report.groups ? `; ${describeGroups(report.groups)}` : ""}`),
      ...(notes.length > 0 ? [{ kind: "paragraphs" as const, lines: notes, className: "insufficient-note" }] : []),
      ...coordinatedOmissionBlocks(report),
      // Everything the terminal says of misery and the SLO, in the same words.
      ...(report.misery ? sectionBlocks("Misery", miseryBlocks(report.misery, options.digits), "misery") : []),
      ...(report.slo ? sectionBlocks("SLO", sloBlocks(report.slo), "slo") : []),
      ...(extras.budgets ?? []),
      spectrumBlock(spectra),
      ...(extras.timeline === undefined ? [] : [timelineChartBlock(extras.timeline)]),
      ...(extras.timeline !== undefined && report.corrected !== undefined && extras.timeline.correctedLabel === undefined
        ? [{ kind: "paragraphs" as const, lines: [`The latency-over-time chart shows the ${report.corrected.rawLabel} latencies: the ${report.corrected.correctedLabel} ones are not drawn over time.`], className: "meta" }]
        : []),
    ],
    digits: options.digits,
    generator: options.generator,
  };
}

/** The report as one self-contained HTML document, with `extras`. */
export function renderReportHtml(report: ReportData, spectra: readonly Spectrum[], assets: HtmlAssets, options: HtmlReportOptions, extras: ReportPageExtras = {}): string {
  return renderHtmlPage(reportPage(report, spectra, options, extras), assets);
}
