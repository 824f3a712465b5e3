/**
 * A line chart as a standalone SVG document (for READMEs and pull-request comments): title, warnings, grid, axes with tick
 * labels, one path per series (uncertain tails dashed, a subpath per run between gaps), a second axis on the right
 * when the chart has one (a time chart's failure rate), and a legend below. Hand-built from the chart data — it is
 * a static export, so no charting library is needed — and deterministic, so it can be checked against a golden file.
 */
import { escapeControls } from "../base/errors.js";
import { replaceNotXml } from "./xml-chars.js";
import { axisFraction, lineRuns, MARKED_COLOR, SECOND_AXIS_COLOR, seriesColor, type ChartSeries, type LineChart, type MarkedTail, type SecondaryAxis } from "./chart-model.js";

/** Size of the SVG in pixels (the legend adds rows below `height`). */
export interface SvgChartOptions {
  width: number;
  height: number;
}

/** The default size, a 16:9 picture that reads well in a README. */
export const DEFAULT_SVG_SIZE: SvgChartOptions = { width: 800, height: 450 };

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const MARGIN = { left: 72, right: 24, top: 44, bottom: 56 };
/** The right margin when a second axis needs room for its tick labels and title. */
const MARGIN_RIGHT_Y2 = 64;
const LEGEND_ROW = 18;
/** A line of a warning above the plot, and the width of a character of its bold 12px text, at most (to wrap it). */
const WARNING_ROW = 16;
const CHAR_WIDTH = 7;
const DASH = "5 4";
const MARKED_OPACITY = 0.12;

/** Escapes text for XML content and attribute values; control characters shown escaped, others XML cannot hold replaced. */
export function escapeXml(text: string): string {
  return replaceNotXml(escapeControls(text)).replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]!};`);
}

/** A coordinate to one decimal, without trailing zeros. */
const n = (value: number) => String(Math.round(value * 10) / 10);

/** The chart as an SVG document. */
export function renderSvgChart(chart: LineChart, options: SvgChartOptions = DEFAULT_SVG_SIZE): string {
  const legendRows = chart.series.length + (chart.y2?.series.length ?? 0) + (chart.uncertainNote ? 1 : 0) + (chart.marked?.length ?? 0);
  const warnings = (chart.warnings ?? []).flatMap((warning) => wrapped(warning, Math.floor((options.width - MARGIN.left - MARGIN.right) / CHAR_WIDTH)));
  // The warnings push the plot down: the picture grows by their lines.
  const above = warnings.length * WARNING_ROW;
  const height = options.height + above;
  const totalHeight = height + legendRows * LEGEND_ROW + 8;
  const plot = { left: MARGIN.left, top: MARGIN.top + above, right: options.width - (chart.y2 ? MARGIN_RIGHT_Y2 : MARGIN.right), bottom: height - MARGIN.bottom };
  const toX = (x: number) => plot.left + axisFraction(chart.x, x) * (plot.right - plot.left);
  const toY = (y: number) => plot.bottom - axisFraction(chart.y, y) * (plot.bottom - plot.top);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${options.width}" height="${totalHeight}" viewBox="0 0 ${options.width} ${totalHeight}" font-family="${FONT}" font-size="12" fill="#333">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${options.width}" height="${totalHeight}" fill="#fff"/>`,
    `<text x="${plot.left}" y="24" font-size="16" font-weight="600">${escapeXml(chart.title)}</text>`,
    ...warnings.map((line, i) => `<text x="${plot.left}" y="${MARGIN.top + i * WARNING_ROW}" fill="${MARKED_COLOR}" font-weight="600">${escapeXml(line)}</text>`),
  );
  out.push(`<g stroke="#e6e6e6" stroke-width="1">`);
  for (const t of chart.x.ticks) out.push(`<line x1="${n(toX(t.value))}" y1="${plot.top}" x2="${n(toX(t.value))}" y2="${plot.bottom}"/>`);
  for (const t of chart.y.ticks) out.push(`<line x1="${plot.left}" y1="${n(toY(t.value))}" x2="${plot.right}" y2="${n(toY(t.value))}"/>`);
  out.push(`</g>`);
  for (const tail of chart.marked ?? []) out.push(...markedTail(tail, toX(tail.fromX), plot));
  out.push(`<path d="M${plot.left} ${plot.top}V${plot.bottom}H${plot.right}" fill="none" stroke="#888"/>`);
  out.push(`<g text-anchor="middle">`);
  for (const t of chart.x.ticks) out.push(`<text x="${n(toX(t.value))}" y="${plot.bottom + 18}">${escapeXml(t.label)}</text>`);
  out.push(`<text x="${n((plot.left + plot.right) / 2)}" y="${plot.bottom + 40}" fill="#666">${escapeXml(chart.x.title)}</text>`);
  out.push(`</g>`);
  out.push(`<g text-anchor="end">`);
  for (const t of chart.y.ticks) out.push(`<text x="${plot.left - 6}" y="${n(toY(t.value) + 4)}">${escapeXml(t.label)}</text>`);
  out.push(`</g>`);
  const yTitle = `${chart.y.title} (${chart.y.scale} scale)`;
  out.push(`<text transform="translate(16 ${n((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#666">${escapeXml(yTitle)}</text>`);
  chart.series.forEach((series, index) => out.push(...seriesPaths(series, seriesColor(index), toX, toY)));
  if (chart.y2) out.push(...secondAxis(chart.y2, plot, toX, options.width));
  out.push(...legend(chart, height, plot.left));
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

/** `text` in lines of at most `width` characters, broken between words (a word longer than that alone on its line). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The second axis: its tick labels and title right of the plot, and its series drawn against it, all in its colour. */
function secondAxis(y2: SecondaryAxis, plot: { top: number; bottom: number; right: number }, toX: (x: number) => number, width: number): string[] {
  const toY = (y: number) => plot.bottom - axisFraction(y2.axis, y) * (plot.bottom - plot.top);
  const out = [`<path d="M${plot.right} ${plot.top}V${plot.bottom}" fill="none" stroke="${SECOND_AXIS_COLOR}"/>`, `<g text-anchor="start" fill="${SECOND_AXIS_COLOR}">`];
  for (const t of y2.axis.ticks) out.push(`<text x="${plot.right + 6}" y="${n(toY(t.value) + 4)}">${escapeXml(t.label)}</text>`);
  out.push(`</g>`);
  out.push(`<text transform="translate(${width - 12} ${n((plot.top + plot.bottom) / 2)}) rotate(90)" text-anchor="middle" fill="${SECOND_AXIS_COLOR}">${escapeXml(y2.axis.title)}</text>`);
  for (const series of y2.series) out.push(...seriesPaths(series, SECOND_AXIS_COLOR, toX, toY));
  return out;
}

/** A marked tail: the plot shaded from `x` to its right edge, its label at the top. */
function markedTail(tail: MarkedTail, x: number, plot: { top: number; bottom: number; right: number }): string[] {
  const from = Math.min(x, plot.right);
  return [
    `<rect x="${n(from)}" y="${plot.top}" width="${n(plot.right - from)}" height="${plot.bottom - plot.top}" fill="${MARKED_COLOR}" fill-opacity="${MARKED_OPACITY}"/>`,
    `<text x="${n(from + 4)}" y="${plot.top + 14}" fill="${MARKED_COLOR}" font-weight="600">${escapeXml(tail.label)}</text>`,
  ];
}

/**
 * A series as a solid path up to its last certain point and a dashed one from there, each a subpath (`M`) per run
 * between its gaps; a point alone between gaps (or a series of one point) is a dot.
 */
function seriesPaths(series: ChartSeries, color: string, toX: (x: number) => number, toY: (y: number) => number): string[] {
  const limit = series.uncertainFromX ?? Infinity;
  const runs = lineRuns(series);
  const certain = runs.map((run) => run.filter(([x]) => x <= limit)).filter((run) => run.length >= 2);
  // The dashed tail starts at the last certain point of its run.
  const tail = runs.map((run) => run.slice(Math.max(run.filter(([x]) => x <= limit).length - 1, 0))).filter((run) => run.length >= 2);
  const d = (parts: (readonly (readonly [number, number])[])[]) => parts.map((part) => part.map(([x, y], i) => `${i === 0 ? "M" : "L"}${n(toX(x))} ${n(toY(y))}`).join("")).join("");
  const title = `<title>${escapeXml(series.label)}</title>`;
  const paths = runs.filter((run) => run.length === 1).map(([[x, y]]) => `<circle cx="${n(toX(x))}" cy="${n(toY(y))}" r="3" fill="${color}">${title}</circle>`);
  if (certain.length > 0) paths.push(`<path d="${d(certain)}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round">${title}</path>`);
  if (tail.length > 0) paths.push(`<path d="${d(tail)}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASH}">${title}</path>`);
  return paths;
}

function legend(chart: LineChart, top: number, left: number): string[] {
  const out = [`<g font-size="12">`];
  chart.series.forEach((series, index) => {
    const y = top + 4 + index * LEGEND_ROW;
    const text = series.detail ? `${escapeXml(series.label)} <tspan fill="#777">${escapeXml(series.detail)}</tspan>` : escapeXml(series.label);
    out.push(`<line x1="${left}" y1="${y}" x2="${left + 24}" y2="${y}" stroke="${seriesColor(index)}" stroke-width="3"/>`, `<text x="${left + 32}" y="${y + 4}">${text}</text>`);
  });
  let row = chart.series.length;
  for (const series of chart.y2?.series ?? []) {
    const y = top + 4 + row++ * LEGEND_ROW;
    const detail = `${series.detail ? `${series.detail}, ` : ""}right axis`;
    out.push(`<line x1="${left}" y1="${y}" x2="${left + 24}" y2="${y}" stroke="${SECOND_AXIS_COLOR}" stroke-width="3"/>`, `<text x="${left + 32}" y="${y + 4}">${escapeXml(series.label)} <tspan fill="#777">${escapeXml(detail)}</tspan></text>`);
  }
  if (chart.uncertainNote) {
    const y = top + 4 + row++ * LEGEND_ROW;
    out.push(`<line x1="${left}" y1="${y}" x2="${left + 24}" y2="${y}" stroke="#777" stroke-width="2" stroke-dasharray="${DASH}"/>`, `<text x="${left + 32}" y="${y + 4}" fill="#777">dashed: ${escapeXml(chart.uncertainNote)}</text>`);
  }
  for (const tail of chart.marked ?? []) {
    const y = top + 4 + row++ * LEGEND_ROW;
    out.push(`<rect x="${left}" y="${y - 6}" width="24" height="12" fill="${MARKED_COLOR}" fill-opacity="${MARKED_OPACITY}"/>`, `<text x="${left + 32}" y="${y + 4}" fill="#777">shaded, ${escapeXml(tail.label)}: ${escapeXml(tail.note)}</text>`);
  }
  out.push(`</g>`);
  return out;
}
