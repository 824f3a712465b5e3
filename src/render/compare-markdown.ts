/** `latstat compare` as GitHub-flavoured markdown, short enough for a pull-request comment. */
import type { CandidateResult, CompareData, CompareSide } from "../analyses/compare-report.js";
import type { TimeUnit } from "../base/units.js";
import { insufficientNotes } from "./percentile-cells.js";
import {
  COMPARE_HEADER,
  compareMethod,
  compareRows,
  compareUnit,
  describeDistribution,
  describeGate,
  describeFailureChange,
  describeFailures,
  describeGroupSide,
  describePrecision,
  describeSide,
  describeUnmatched,
  FASTER_BY_FAILING,
  groupTitle,
  significantFormat,
} from "./compare-text.js";
import type { RenderOptions } from "./types.js";
import { markdownCell } from "./blocks.js";

/** One candidate against the base: its heading, table, distribution test, notes and gates. */
function candidateBlock(heading: string, base: CompareSide, result: CandidateResult, unit: TimeUnit, format: (ns: number) => string): string[] {
  const { side, comparison, gates } = result;
  const out = ["", `**${markdownCell(heading)}**${side.failures ? ` — ${markdownCell(describeFailures(side.failures))}` : ""}`, ""];
  out.push(`| ${COMPARE_HEADER.join(" | ")} |`, "| --- | ---: | ---: | ---: | ---: | --- |");
  for (const row of compareRows(base, side, comparison.changes, format)) {
    const cells = row.cells.map(markdownCell);
    if (row.tone) cells[5] = `**${cells[5]}**`;
    out.push(`| ${cells.join(" | ")} |`);
  }
  const notes = insufficientNotes([
    { name: `base ${base.name}`, summary: comparison.base },
    { name: `candidate ${side.name}`, summary: comparison.cand },
  ]);
  out.push("", markdownCell(describeDistribution(comparison.distribution, format, unit)));
  for (const line of describeFailureChange(result, base, format, unit)) out.push("", line.startsWith(FASTER_BY_FAILING) ? `**${markdownCell(line)}**` : markdownCell(line));
  for (const note of notes) out.push("", markdownCell(note));
  if (gates.length > 0) {
    out.push("");
    for (const g of gates) out.push(`- ${g.met ? "**" : ""}${markdownCell(describeGate(g, format, unit))}${g.met ? "**" : ""}`);
  }
  return out;
}

/** Renders a comparison as markdown: a summary line, then per candidate a table, the KS line and the gates; then per group. */
export function renderCompareMarkdown(data: CompareData, options: RenderOptions): string {
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const allResults = [...data.candidates, ...(data.groups?.compared.flatMap((g) => g.candidates) ?? [])];
  const verdictMark = data.failed ? "**Regression gate failed.**" : allResults.some((c) => c.gates.length > 0) ? "Gates passed." : "";
  const out = [`### latstat compare${verdictMark ? ` — ${verdictMark}` : ""}`, "", `Base: ${markdownCell(describeSide(data.base))}. Latencies in ${unit}; ${markdownCell(compareMethod(data))}.`];
  if (data.base.failures) out.push("", `Base ${markdownCell(describeFailures(data.base.failures))}.`);
  if (data.precision) out.push("", markdownCell(describePrecision(data.precision)) + ".");
  for (const result of data.candidates) out.push(...candidateBlock(`Candidate ${describeSide(result.side)}`, data.base, result, unit, format));
  const groups = data.groups;
  if (groups) {
    for (const group of groups.compared) {
      const title = groupTitle(groups, group.values);
      const baseFailures = group.base.failures ? ` — ${markdownCell(describeFailures(group.base.failures))}` : "";
      out.push("", `#### Group ${markdownCell(title)}`, "", `Base: ${markdownCell(describeGroupSide(group.base))}${baseFailures}.`);
      for (const result of group.candidates) out.push(...candidateBlock(`Candidate ${describeGroupSide(result.side)}`, group.base, result, unit, format));
    }
    if (groups.unmatched.length > 0) out.push("", ...groups.unmatched.map((u) => `- ${markdownCell(describeUnmatched(groups, u))}`));
  }
  return out.join("\n") + "\n";
}
