/** `compare --html`: per candidate the comparison table, distribution test and gates, then the spectra overlaid. */
import type { CandidateResult, CompareData, CompareSide } from "../../analyses/compare-report.js";
import type { TimeUnit } from "../../base/units.js";
import type { Spectrum } from "../../analyses/spectrum.js";
import {
  COMPARE_HEADER,
  compareMethod,
  compareRows,
  compareUnit,
  describeDistribution,
  describeFailureChange,
  describeFailures,
  describeGate,
  describeGroupSide,
  describePrecision,
  describeSide,
  describeUnmatched,
  groupTitle,
  significantFormat,
} from "../compare-text.js";
import { insufficientNotes } from "../percentile-cells.js";
import { partialBlocks, spectrumBlock, tableBlock } from "./blocks.js";
import { renderHtmlPage, type HtmlAssets, type HtmlBlock, type HtmlPage } from "./page.js";
import type { HtmlReportOptions } from "./report-page.js";

/** One candidate against the base: heading, table, distribution test, notes and gates. */
function candidateBlocks(heading: string, description: string, base: CompareSide, result: CandidateResult, unit: TimeUnit, format: (ns: number) => string): HtmlBlock[] {
  const { side, comparison, gates } = result;
  const failures = [base, side].flatMap((s, i) => (s.failures ? [`${i === 0 ? "base" : "candidate"} ${describeFailures(s.failures)}`] : []));
  const failureChange = describeFailureChange(result, base, format, unit);
  const rows = compareRows(base, side, comparison.changes, format);
  const notes = insufficientNotes([
    { name: `base ${base.name}`, summary: comparison.base },
    { name: `candidate ${side.name}`, summary: comparison.cand },
  ]);
  return [
    { kind: "heading", text: heading },
    { kind: "paragraphs", lines: [description, ...failures], className: "meta" },
    tableBlock(COMPARE_HEADER, rows.map((r) => r.cells), `latencies in ${unit}`, rows.map((r) => (r.tone === "slower" ? "slower" : r.tone === "faster" ? "faster" : undefined)), COMPARE_HEADER.map((h) => h !== "statistic" && h !== "verdict")),
    { kind: "paragraphs", lines: [describeDistribution(comparison.distribution, format, unit)] },
    ...(failureChange.length > 0 ? [{ kind: "paragraphs" as const, lines: failureChange, ...(result.fasterByFailing ? { className: "fail" } : {}) }] : []),
    ...(notes.length > 0 ? [{ kind: "paragraphs" as const, lines: notes, className: "insufficient-note" }] : []),
    ...gates.map((g): HtmlBlock => ({ kind: "paragraphs", lines: [describeGate(g, format, unit)], className: g.met ? "fail" : "pass" })),
  ];
}

/** The comparison as a page. */
export function comparePage(data: CompareData, spectra: readonly Spectrum[], options: HtmlReportOptions, partialLines: readonly string[] = []): HtmlPage {
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const blocks: HtmlBlock[] = [...partialBlocks(partialLines)];
  for (const result of data.candidates) blocks.push(...candidateBlocks(`Candidate ${result.side.name}`, describeSide(result.side), data.base, result, unit, format));
  const groups = data.groups;
  if (groups) {
    for (const group of groups.compared) {
      const title = groupTitle(groups, group.values);
      for (const result of group.candidates) {
        blocks.push(...candidateBlocks(`Group ${title}: candidate ${result.side.name}`, `base ${describeGroupSide(group.base)}; candidate ${describeGroupSide(result.side)}`, group.base, result, unit, format));
      }
    }
    if (groups.unmatched.length > 0) blocks.push({ kind: "paragraphs", lines: groups.unmatched.map((u) => describeUnmatched(groups, u)), className: "meta" });
  }
  return {
    title: `latstat compare: ${data.base.name} vs ${data.candidates.map((c) => c.side.name).join(", ")}`,
    meta: [`base ${describeSide(data.base)}`, compareMethod(data), ...(data.precision ? [describePrecision(data.precision)] : [])],
    blocks: [...blocks, spectrumBlock(spectra)],
    digits: options.digits,
    generator: options.generator,
  };
}

/** The comparison as one self-contained HTML document. */
export function renderCompareHtml(data: CompareData, spectra: readonly Spectrum[], assets: HtmlAssets, options: HtmlReportOptions, partialLines: readonly string[] = []): string {
  return renderHtmlPage(comparePage(data, spectra, options, partialLines), assets);
}
