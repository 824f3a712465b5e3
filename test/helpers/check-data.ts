/** Builds `check` results from values in memory, for renderer tests. */
import { parseBudgets } from "../../src/analyses/budget-grammar.js";
import { judgeReport, type CheckData } from "../../src/analyses/check.js";
import { buildReport } from "../../src/analyses/report.js";
import { LineAccounting } from "../../src/ingest/accounting.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

export interface CheckDataOptions {
  allowInsufficient?: boolean;
  /** Input name, as a file would be named in the report. */
  name?: string;
}

/** The check of `budgets` (one --budget argument) on latencies `valuesNs`, as if read from one plain file. */
export function checkData(valuesNs: number[], budgets: string, options: CheckDataOptions = {}): CheckData {
  const recorder = new LatencyRecorder(3);
  const accounting = new LineAccounting();
  for (const v of valuesNs) {
    recorder.record(v);
    accounting.lines++;
    accounting.recorded++;
  }
  const input = { name: options.name ?? "latencies.log", format: "plain", unit: undefined, accounting, recorder };
  return judgeReport(buildReport([input], [], false), parseBudgets(budgets), { on: undefined, allowInsufficient: options.allowInsufficient === true });
}

/** `count` copies of `valueNs`. */
export function repeat(valueNs: number, count: number): number[] {
  return Array.from({ length: count }, () => valueNs);
}
