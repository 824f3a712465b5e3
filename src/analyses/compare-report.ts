/** The data of a `latstat compare`: the base, each candidate compared with it, and the gates' outcomes. */
import type { LineAccounting } from "../ingest/accounting.js";
import type { UnitChoice } from "../formats/types.js";
import { compare, type Comparison } from "./compare.js";
import type { CorrectionMethod } from "./correction.js";
import { evaluateGate, type Gate, type GateResult } from "./gates.js";
import { failedChange, failureRateOf, type FailedChange, type FailureRate } from "./failure-rate.js";
import { AnalysisError } from "./problems.js";
import { withFailuresOf, type WithFailures } from "./with-failures.js";
import type { RecordedInput } from "./report.js";
import { summarizeRecorder, type Summary } from "./summary.js";

/** One input of the comparison, as read. */
export interface CompareSide {
  name: string;
  format: string;
  assumedUnit: UnitChoice | undefined;
  accounting: LineAccounting;
  summary: Summary;
  /** Its failure rate; undefined when the input says nothing about failures. */
  failures?: FailureRate;
  /** The percentiles with failures counted in (with-failures.ts), when failures were left out. */
  withFailures?: WithFailures;
}

export interface CandidateResult {
  side: CompareSide;
  comparison: Comparison;
  gates: GateResult[];
  /** The change of the failure rate, when both sides tell failures. */
  failedChange?: FailedChange;
  /**
   * Some percentile is significantly faster and none slower, while the failure rate rose significantly: the
   * candidate is faster only because it failed more requests.
   */
  fasterByFailing: boolean;
}

/** How failed requests weigh in a comparison. */
export interface CompareFailureOptions {
  /** `--failures-as`: the latency failures count at in the with-failures percentiles. */
  failuresAsNs?: number;
  /** `--allow-more-failures`. */
  allowMore: boolean;
}

export interface CompareData {
  /** Which latencies were compared: raw as recorded, or corrected for coordinated omission (each side its own). */
  latencies: "raw" | "corrected";
  /** With corrected latencies: how they were corrected. */
  correction?: CorrectionMethod;
  base: CompareSide;
  candidates: CandidateResult[];
  /** Limit gates counted changes that were not significant (`--strict-gate`). */
  strictGate: boolean;
  /** Some gate was met for some candidate: the command fails. */
  failed: boolean;
}

function side(input: RecordedInput, labels: readonly string[], failuresAsNs: number | undefined): CompareSide {
  const failures = failureRateOf(input.accounting);
  const withFailures = withFailuresOf(input.recorder.histogram(), input.accounting, labels, failuresAsNs);
  return {
    name: input.name,
    format: input.format,
    assumedUnit: input.unit,
    accounting: input.accounting,
    summary: summarizeRecorder(input.recorder, labels),
    ...(failures ? { failures } : {}),
    ...(withFailures ? { withFailures } : {}),
  };
}

/** Faster at some percentile and slower at none. */
function faster(comparison: Comparison): boolean {
  const verdicts = comparison.changes.flatMap((c) => (c.percentile ? [c.percentile.verdict] : []));
  return verdicts.includes("faster") && !verdicts.includes("slower");
}

/** Compares every candidate with the base at `labels` (which must include every gate's percentile). */
export function buildCompare(
  base: RecordedInput,
  candidates: RecordedInput[],
  labels: readonly string[],
  gates: Gate[],
  strictGate: boolean,
  correction?: CorrectionMethod,
  failureOptions: CompareFailureOptions = { allowMore: false },
): CompareData {
  const baseSide = side(base, labels, failureOptions.failuresAsNs);
  const results = candidates.map((input): CandidateResult => {
    const candSide = side(input, labels, failureOptions.failuresAsNs);
    const comparison = compare(baseSide.summary, base.recorder.histogram(), candSide.summary, input.recorder.histogram());
    const change = baseSide.failures && candSide.failures && failedChange(baseSide.failures, candSide.failures);
    const failedGate = gates.find((gate) => gate.kind === "failed");
    if (failedGate !== undefined && change === undefined) throw new AnalysisError({ kind: "failures-unknown", budget: failedGate.text, input: baseSide.failures ? candSide.name : baseSide.name });
    const failures = { change, allowMore: failureOptions.allowMore };
    return {
      side: candSide,
      comparison,
      gates: gates.map((gate) => evaluateGate(gate, comparison, strictGate, failures)),
      ...(change ? { failedChange: change } : {}),
      fasterByFailing: change?.verdict === "worse" && faster(comparison),
    };
  });
  return {
    latencies: correction === undefined ? "raw" : "corrected",
    ...(correction === undefined ? {} : { correction }),
    base: baseSide,
    candidates: results,
    strictGate,
    failed: results.some((r) => r.gates.some((g) => g.met)),
  };
}
