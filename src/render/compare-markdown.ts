/** `latstat compare` as GitHub-flavoured markdown, short enough for a pull-request comment. */
import type { CompareData } from "../analyses/compare-report.js";
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
  describeSide,
  FASTER_BY_FAILING,
  significantFormat,
} from "./compare-text.js";
import type { RenderOptions } from "./types.js";
import { markdownCell } from "./blocks.js";

/** Renders a comparison as markdown: a summary line, then per candidate a table, the KS line and the gates. */
export function renderCompareMarkdown(data: CompareData, options: RenderOptions): string {
  const unit = compareUnit(data, options.outUnit);
  const format = significantFormat(unit, options.digits);
  const verdictMark = data.failed ? "**Regression gate failed.**" : data.candidates.some((c) => c.gates.length > 0) ? "Gates passed." : "";
  const out = [`### latstat compare${verdictMark ? ` — ${verdictMark}` : ""}`, "", `Base: ${markdownCell(describeSide(data.base))}. Latencies in ${unit}; ${markdownCell(compareMethod(data))}.`];
  if (data.base.failures) out.push("", `Base ${markdownCell(describeFailures(data.base.failures))}.`);
  for (const result of data.candidates) {
    const { side, comparison, gates } = result;
    out.push("", `**Candidate ${markdownCell(describeSide(side))}**${side.failures ? ` — ${markdownCell(describeFailures(side.failures))}` : ""}`, "");
    out.push(`| ${COMPARE_HEADER.join(" | ")} |`, "| --- | ---: | ---: | ---: | ---: | --- |");
    for (const row of compareRows(data.base, side, comparison.changes, format)) {
      const cells = row.cells.map(markdownCell);
      if (row.tone) cells[5] = `**${cells[5]}**`;
      out.push(`| ${cells.join(" | ")} |`);
    }
    const notes = insufficientNotes([
      { name: `base ${data.base.name}`, summary: comparison.base },
      { name: `candidate ${side.name}`, summary: comparison.cand },
    ]);
    out.push("", markdownCell(describeDistribution(comparison.distribution, format, unit)));
    for (const line of describeFailureChange(result, data.base, format, unit)) out.push("", line.startsWith(FASTER_BY_FAILING) ? `**${markdownCell(line)}**` : markdownCell(line));
    for (const note of notes) out.push("", markdownCell(note));
    if (gates.length > 0) {
      out.push("");
      for (const g of gates) out.push(`- ${g.met ? "**" : ""}${markdownCell(describeGate(g, format, unit))}${g.met ? "**" : ""}`);
    }
  }
  return out.join("\n") + "\n";
}
