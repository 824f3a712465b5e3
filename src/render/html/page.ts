/**
 * One self-contained HTML page: headings, paragraphs, tables and charts, with uPlot's script and style sheet, the
 * page's own script and styles and the charts' data all inlined. A Content-Security-Policy forbids every fetch, so
 * the page works offline and cannot make a network request. Each chart also carries a static SVG in `<noscript>`.
 */
import { escapeControls } from "../../base/errors.js";
import { renderSvgChart, DEFAULT_SVG_SIZE } from "../svg-chart.js";
import type { AxisScale, LineChart } from "../chart-model.js";
import { pageChart, type PageChart } from "./chart-data.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLES } from "./styles.js";

/** The charting library's files, read by the CLI (renderers do no I/O). */
export interface HtmlAssets {
  /** uPlot's IIFE build (defines the global `uPlot`). */
  uplotScript: string;
  uplotStyles: string;
  /** E.g. `uPlot 1.6.32`, for the footer. */
  library: string;
}

/** A table cell; `className` styles it (e.g. `num`, `insufficient`), `title` becomes its tooltip. */
export interface HtmlCell {
  text: string;
  className?: string;
  title?: string;
}

/** A block of the page, in reading order. */
export type HtmlBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraphs"; lines: string[]; className?: string }
  | { kind: "table"; caption?: string; header: string[]; rows: { cells: HtmlCell[]; className?: string }[]; numeric: boolean[] }
  | { kind: "chart"; log: LineChart; linear: LineChart; defaultScale?: AxisScale; note?: string };

/** A page: title, a few lines about the inputs, then the blocks. */
export interface HtmlPage {
  title: string;
  meta: string[];
  blocks: HtmlBlock[];
  /** Histogram precision: hover values carry this many significant digits. */
  digits: number;
  /** E.g. `latstat 0.1.0`, for the footer. */
  generator: string;
}

/** Escapes text for HTML content and attribute values (control characters shown escaped). */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]!};`);
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Code that is safe inside a `<script>` element (a `</script` in it would end the element early). */
function scriptCode(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1");
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function table(block: Extract<HtmlBlock, { kind: "table" }>): string {
  const align = (i: number) => (block.numeric[i] ? ' class="num"' : "");
  const cell = (c: HtmlCell, i: number) => {
    const classes = [block.numeric[i] ? "num" : "", c.className ?? ""].filter(Boolean).join(" ");
    return `<td${classes ? ` class="${classes}"` : ""}${c.title ? ` title="${escapeHtml(c.title)}"` : ""}>${escapeHtml(c.text)}</td>`;
  };
  return [
    `<div class="table-wrap"><table>`,
    block.caption ? `<caption>${escapeHtml(block.caption)}</caption>` : "",
    `<thead><tr>${block.header.map((h, i) => `<th${align(i)}>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...block.rows.map((r) => `<tr${r.className ? ` class="${r.className}"` : ""}>${r.cells.map(cell).join("")}</tr>`),
    `</tbody></table></div>`,
  ].join("\n");
}

function chartBox(chart: PageChart, shown: LineChart, note: string | undefined): string {
  return [
    `<div class="chart-box" id="${chart.id}">`,
    `<h2>${escapeHtml(chart.title)}</h2>`,
    `<div class="controls"><label><input type="checkbox" class="log-scale"${chart.defaultScale === "log" ? " checked" : ""}> latency on a log scale</label>` +
      ` · x axis: ${escapeHtml(chart.x.title)} · hover for exact values, click a legend entry to hide a line</div>`,
    `<div class="chart"></div>`,
    note ? `<p class="note">${escapeHtml(note)}</p>` : "",
    chart.uncertainNote ? `<p class="note">Dashed: ${escapeHtml(chart.uncertainNote)}.</p>` : "",
    ...(chart.marked ?? []).map((tail) => `<p class="note marked">Shaded, ${escapeHtml(tail.label)}: ${escapeHtml(tail.note)}.</p>`),
    `<noscript>${renderSvgChart(shown, DEFAULT_SVG_SIZE)}</noscript>`,
    `</div>`,
  ].join("\n");
}

/** The page as one HTML document. */
export function renderHtmlPage(page: HtmlPage, assets: HtmlAssets): string {
  const charts: PageChart[] = [];
  const body = page.blocks.map((block) => {
    switch (block.kind) {
      case "heading":
        return `<h2>${escapeHtml(block.text)}</h2>`;
      case "paragraphs":
        return block.lines.map((line) => `<p${block.className ? ` class="${block.className}"` : ""}>${escapeHtml(line)}</p>`).join("\n");
      case "table":
        return table(block);
      case "chart": {
        const scale = block.defaultScale ?? "log";
        const chart = pageChart(`chart-${charts.length + 1}`, block.log, block.linear, scale);
        charts.push(chart);
        return chartBox(chart, block[scale], block.note);
      }
    }
  });
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="${escapeHtml(page.generator)}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${assets.uplotStyles}</style>`,
    `<style>${PAGE_STYLES}</style>`,
    `</head>`,
    `<body>`,
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.meta.map((line) => `<p class="meta">${escapeHtml(line)}</p>`),
    ...body,
    `<footer>Made by ${escapeHtml(page.generator)} with ${escapeHtml(assets.library)} (MIT), inlined: this file needs no network.</footer>`,
    `<script type="application/json" id="latstat-data">${scriptJson({ digits: page.digits, charts })}</script>`,
    `<script>${scriptCode(assets.uplotScript)}</script>`,
    `<script>${scriptCode(PAGE_SCRIPT)}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}
