/** Blocks that several HTML pages share: the percentile-spectrum chart, and tables from rows of text cells. */
import type { Spectrum } from "../../analyses/spectrum.js";
import { INSUFFICIENT_MARK } from "../percentile-cells.js";
import { spectrumChart } from "../spectrum-chart.js";
import type { HtmlBlock, HtmlCell } from "./page.js";

/** Latency ticks on the HTML chart's axis (it is 420 px tall). */
const HTML_Y_TICKS = 10;

/** The percentile-spectrum chart of `spectra`, on a log and a linear latency axis for the page to switch between. */
export function spectrumBlock(spectra: readonly Spectrum[]): HtmlBlock {
  return {
    kind: "chart",
    log: spectrumChart(spectra, { yScale: "log", maxYTicks: HTML_Y_TICKS }),
    linear: spectrumChart(spectra, { yScale: "linear", maxYTicks: HTML_Y_TICKS }),
  };
}

/** A text cell; one ending in the insufficient-data mark is flagged and explained on hover. */
export function textCell(text: string): HtmlCell {
  if (!text.endsWith(INSUFFICIENT_MARK)) return { text };
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
