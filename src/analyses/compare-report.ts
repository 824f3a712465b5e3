/** The data of a `latstat compare`: the base, each candidate compared with it, and the gates' outcomes. */
import type { LineAccounting } from "../ingest/accounting.js";
import type { UnitChoice } from "../formats/types.js";
import { compare, type Comparison } from "./compare.js";
import type { CorrectionMethod } from "./correction.js";
import { evaluateGate, type Gate, type GateResult } from "./gates.js";
import type { RecordedInput } from "./report.js";
import { summarizeRecorder, type Summary } from "./summary.js";

/** One input of the comparison, as read. */
export interface CompareSide {
  name: string;
  format: string;
  assumedUnit: UnitChoice | undefined;
  accounting: LineAccounting;
  summary: Summary;
}

export interface CandidateResult {
  side: CompareSide;
  comparison: Comparison;
  gates: GateResult[];
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

function side(input: RecordedInput, labels: readonly string[]): CompareSide {
  return { name: input.name, format: input.format, assumedUnit: input.unit, accounting: input.accounting, summary: summarizeRecorder(input.recorder, labels) };
}

/** Compares every candidate with the base at `labels` (which must include every gate's percentile). */
export function buildCompare(
  base: RecordedInput,
  candidates: RecordedInput[],
  labels: readonly string[],
  gates: Gate[],
  strictGate: boolean,
  correction?: CorrectionMethod,
): CompareData {
  const baseSide = side(base, labels);
  const results = candidates.map((input) => {
    const candSide = side(input, labels);
    const comparison = compare(baseSide.summary, base.recorder.histogram(), candSide.summary, input.recorder.histogram());
    return { side: candSide, comparison, gates: gates.map((gate) => evaluateGate(gate, comparison, strictGate)) };
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
