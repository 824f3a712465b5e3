/**
 * Blocks that several HTML pages share: the percentile-spectrum chart, the latency-over-time chart, and tables from
 * rows of text cells.
 */
import type { Spectrum } from "../../analyses/spectrum.js";
import type { TimelineData } from "../../analyses/timeline.js";
import { INSUFFICIENT_MARK } from "../percentile-cells.js";
import { spectrumChart } from "../spectrum-chart.js";
import { timelineChart, timelineYScale } from "../timeline-chart.js";
import { formatCount } from "../values.js";
import type { Block } from "../blocks.js";
import type { HtmlBlock, HtmlCell } from "./page.js";

/** Latency ticks on the HTML chart's axis (it is 420 px tall). */
const HTML_Y_TICKS = 10;
/** Time ticks on the HTML chart's axis (about 1,000 px wide). */
const HTML_X_TICKS = 12;

/** The PARTIAL lines a page starts with (inputs that hold only part of their data), as a warning; none when whole. */
export function partialBlocks(lines: readonly string[]): HtmlBlock[] {
  return lines.length > 0 ? [{ kind: "paragraphs", lines: [...lines], className: "callout warn" }] : [];
}

/** The percentile-spectrum chart of `spectra`, on a log and a linear latency axis for the page to switch between. */
export function spectrumBlock(spectra: readonly Spectrum[]): HtmlBlock {
  return {
    kind: "chart",
    log: spectrumChart(spectra, { yScale: "log", maxYTicks: HTML_Y_TICKS }),
    linear: spectrumChart(spectra, { yScale: "linear", maxYTicks: HTML_Y_TICKS }),
  };
}

/**
 * The latency-over-time chart of `data`: p50, p99 and max per window, shown first on the scale that reads best,
 * corrected beside raw when the time line has both, and the failure rate per window on a second axis when some
 * request failed.
 */
export function timelineChartBlock(data: TimelineData): HtmlBlock {
  const layout = { maxYTicks: HTML_Y_TICKS, maxXTicks: HTML_X_TICKS };
  const windows = data.intervalMs === undefined ? "an interval of the log" : `a window of ${data.intervalMs / 1000}s`;
  const corrected = data.correctedLabel === undefined ? "" : ` — ${data.rawLabel ?? "raw"}, and (c) ${data.correctedLabel}`;
  const log = timelineChart(data, { ...layout, yScale: "log" });
  return {
    kind: "chart",
    log,
    linear: timelineChart(data, { ...layout, yScale: "linear" }),
    defaultScale: timelineYScale(data),
    note: `Each point is ${windows}, at its start: its p50, p99 and max${corrected}.${failureNote(data, log.y2 !== undefined)} An empty window has no point, and the lines break there.`,
  };
}

/** What the chart says of failures: nothing when the inputs tell none (no status), else where they are drawn. */
function failureNote(data: TimelineData, drawn: boolean): string {
  if (data.failedUnplaced === undefined) return "";
  const unplaced = data.failedUnplaced > 0 ? ` (${formatCount(data.failedUnplaced)} failed ${data.failedUnplaced === 1 ? "request is" : "requests are"} in no window)` : "";
  if (!drawn) return ` No request failed${unplaced === "" ? "" : " in a window"}${unplaced}.`;
  return ` The failed line (right axis) is each window's failed requests in percent of its requests, failed or not${unplaced}.`;
}

/**
 * A text cell; one whose value ends in the insufficient-data mark (at the end, or before a change in parentheses as
 * in the trend's `123* (+20.0%)`) is flagged and explained on hover.
 */
export function textCell(text: string): HtmlCell {
  if (!text.endsWith(INSUFFICIENT_MARK) && !text.includes(`${INSUFFICIENT_MARK} (`)) return { text };
  return { text, className: "insufficient", title: "insufficient data: fewer than 10 samples beyond this percentile" };
}

/** A table block: by default the first column is names and the others numbers (right-aligned). */
export function tableBlock(
  header: string[],
  rows: string[][],
  caption?: string,
  rowClasses: (string | undefined)[] = [],
  numeric: boolean[] = header.map((_, i) => i > 0),
): HtmlBlock {
  return {
    kind: "table",
    ...(caption === undefined ? {} : { caption }),
    header,
    numeric,
    rows: rows.map((cells, i) => ({ cells: cells.map(textCell), ...(rowClasses[i] ? { className: rowClasses[i] } : {}) })),
  };
}

/** A section of sentences and small tables (misery, SLO) under its heading, as the terminal says it. */
export function sectionBlocks(heading: string, blocks: readonly Block[], className: string): HtmlBlock[] {
  return [
    { kind: "heading", text: heading },
    ...blocks.map((block): HtmlBlock => ("text" in block ? { kind: "paragraphs", lines: [block.text], className } : tableBlock(block.header, block.rows))),
  ];
}
