/** `compare --trend --html`: what the runs are, the chart of their percentiles, then the table of runs. */
import type { TrendData } from "../../analyses/trend.js";
import { trendChart, trendYScale } from "../trend-chart.js";
import { trendCells } from "../trend.js";
import { tableBlock } from "./blocks.js";
import { renderHtmlPage, type HtmlAssets, type HtmlBlock, type HtmlPage } from "./page.js";
import type { HtmlReportOptions } from "./report-page.js";

/** Latency ticks on the HTML chart's axis (it is 420 px tall), run ticks across it (about 1,000 px wide). */
const LAYOUT = { maxYTicks: 10, maxXTicks: 25 };

/** The trend as a page: the chart first, then a row per run with the change against the first. */
export function trendPage(data: TrendData, options: HtmlReportOptions): HtmlPage {
  const { unit, header, rows, head, precision, notes } = trendCells(data, { ...options, color: false });
  const numbered = rows.map((cells, r) => [String(r + 1), ...cells]);
  const chart: HtmlBlock = {
    kind: "chart",
    log: trendChart(data, { ...LAYOUT, yScale: "log" }),
    linear: trendChart(data, { ...LAYOUT, yScale: "linear" }),
    defaultScale: trendYScale(data),
    note: `Each point is a run, numbered as in the table below (1 = ${data.runs[0]!.name}, what the others are measured against).`,
  };
  return {
    title: `latstat compare --trend: ${data.runs.length} runs`,
    meta: [head, ...(precision ? [precision] : [])],
    blocks: [
      chart,
      { kind: "heading", text: "Runs" },
      tableBlock(["#", ...header], numbered, `latencies in ${unit}; in parentheses the change against run 1`, [], ["#", ...header].map((_, i) => i !== 1)),
      ...(notes.length > 0 ? [{ kind: "paragraphs" as const, lines: notes, className: "insufficient-note" }] : []),
    ],
    digits: options.digits,
    generator: options.generator,
  };
}

/** The trend as one self-contained HTML document. */
export function renderTrendHtml(data: TrendData, assets: HtmlAssets, options: HtmlReportOptions): string {
  return renderHtmlPage(trendPage(data, options), assets);
}
