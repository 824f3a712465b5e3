/** `compare --html`: per candidate the comparison table, distribution test and gates, then the spectra overlaid. */
import type { CompareData } from "../../analyses/compare-report.js";
import type { Spectrum } from "../../analyses/spectrum.js";
import {
  COMPARE_HEADER,
  compareMethod,
  compareRows,
  compareUnit,
  describeDistribution,
  describeGate,
  describeSide,
  significantFormat,
} from "../compare-text.js";
import { insufficientNotes } from "../percentile-cells.js";
import { spectrumBlock, tableBlock } from "./blocks.js";
import { renderHtmlPage, type HtmlAssets, type HtmlBlock, type HtmlPage } from "./page.js";
import type { HtmlReportOptions } from "./report-page.js";

/** The comparison as a page. */
export function comparePage(data: CompareData, spectra: readonly Spectrum[], options: HtmlReportOptions): HtmlPage {
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const blocks: HtmlBlock[] = [];
  for (const { side, comparison, gates } of data.candidates) {
    const rows = compareRows(data.base, side, comparison.changes, format);
    const notes = insufficientNotes([
      { name: `base ${data.base.name}`, summary: comparison.base },
      { name: `candidate ${side.name}`, summary: comparison.cand },
    ]);
    blocks.push(
      { kind: "heading", text: `Candidate ${side.name}` },
      { kind: "paragraphs", lines: [describeSide(side)], className: "meta" },
      tableBlock(COMPARE_HEADER, rows.map((r) => r.cells), `latencies in ${unit}`, rows.map((r) => (r.tone === "slower" ? "slower" : r.tone === "faster" ? "faster" : undefined)), COMPARE_HEADER.map((h) => h !== "statistic" && h !== "verdict")),
      { kind: "paragraphs", lines: [describeDistribution(comparison.distribution, format, unit)] },
      ...(notes.length > 0 ? [{ kind: "paragraphs" as const, lines: notes, className: "insufficient-note" }] : []),
      ...gates.map((g): HtmlBlock => ({ kind: "paragraphs", lines: [describeGate(g, format, unit)], className: g.met ? "fail" : "pass" })),
    );
  }
  return {
    title: `latstat compare: ${data.base.name} vs ${data.candidates.map((c) => c.side.name).join(", ")}`,
    meta: [`base ${describeSide(data.base)}`, compareMethod(data)],
    blocks: [...blocks, spectrumBlock(spectra)],
    digits: options.digits,
    generator: options.generator,
  };
}

/** The comparison as one self-contained HTML document. */
export function renderCompareHtml(data: CompareData, spectra: readonly Spectrum[], assets: HtmlAssets, options: HtmlReportOptions): string {
  return renderHtmlPage(comparePage(data, spectra, options), assets);
}
