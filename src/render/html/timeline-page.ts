/** `timeline --html`: what the windows are, the latency-over-time chart, then the table of windows. */
import type { TimelineData } from "../../analyses/timeline.js";
import type { TimeUnit } from "../../base/units.js";
import { describeTimeline, timelineTable, timelineUnit } from "../timeline-columns.js";
import { tableBlock, timelineChartBlock } from "./blocks.js";
import { renderHtmlPage, type HtmlAssets, type HtmlPage } from "./page.js";

/** How the timeline page is made. */
export interface TimelinePageOptions {
  /** The inputs' names, for the title. */
  files: string[];
  outUnit: TimeUnit | undefined;
  /** Histogram precision: table cells and hover values carry this many significant digits. */
  digits: number;
  /** E.g. `latstat 0.1.0`, for the footer. */
  generator: string;
}

/** The time line as a page: the chart before the table, which has a row per window and may run long. */
export function timelinePage(data: TimelineData, options: TimelinePageOptions): HtmlPage {
  const unit = timelineUnit(data, options.outUnit);
  const { header, rows } = timelineTable(data, unit, options.digits);
  const corrected = data.correctedLabel === undefined ? "" : `; (c) = ${data.correctedLabel}`;
  return {
    title: `latstat timeline: ${options.files.length === 1 ? options.files[0]! : `${options.files.length} inputs`}`,
    meta: [describeTimeline(data)],
    blocks: [timelineChartBlock(data), { kind: "heading", text: "Windows" }, tableBlock(header, rows, `latencies in ${unit}${corrected}`)],
    digits: options.digits,
    generator: options.generator,
  };
}

/** The time line as one self-contained HTML document. */
export function renderTimelineHtml(data: TimelineData, assets: HtmlAssets, options: TimelinePageOptions): string {
  return renderHtmlPage(timelinePage(data, options), assets);
}
