/**
 * The data of a `latstat compare`: the base, each candidate compared with it, and the gates' outcomes — for the
 * inputs as wholes and, with `--group-by`, for every group value, each group of a candidate against the same group
 * of the base.
 */
import type { HistogramShape } from "../core/histogram.js";
import type { LatencyRecorder } from "../core/recorder.js";
import type { LineAccounting } from "../ingest/accounting.js";
import type { UnitChoice } from "../formats/types.js";
import { compare, type Comparison } from "./compare.js";
import type { CorrectionMethod } from "./correction.js";
import { evaluateGate, type Gate, type GateResult } from "./gates.js";
import { failedChange, failureRate, failureRateOf, type FailedChange, type FailureRate } from "./failure-rate.js";
import { AnalysisError } from "./problems.js";
import { withFailuresLeftOut, withFailuresOf, type WithFailures } from "./with-failures.js";
import type { RecordedInput } from "./report.js";
import { withStatedMoments } from "./stated-moments.js";
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

/** A group's recorder in one input (`--group-by`): the group's values joined with ", ", as a report names them. */
export interface RecordedGroup {
  name: string;
  values: string[];
  recorder: LatencyRecorder;
  /** The group's failed requests, and how many of them were left out of `recorder` (core/group-recorder.ts). */
  failed: number;
  leftOut: number;
  /** The group's requests, failed or not, as read (before any correction). */
  requests: number;
}

/** An input to compare, with its groups when grouped. */
export interface CompareInput extends RecordedInput {
  groups?: RecordedGroup[];
}

/** One group value compared: the base's group with the same group of every candidate that has it. */
export interface GroupComparison {
  name: string;
  values: string[];
  /** The base's group (its accounting is the whole input's). */
  base: CompareSide;
  candidates: CandidateResult[];
}

/** A group value that is not in the base and every candidate: it cannot be compared everywhere. */
export interface UnmatchedGroup {
  name: string;
  values: string[];
  /** The inputs that have it, base first. */
  presentIn: string[];
  /** The inputs that do not. */
  missingFrom: string[];
}

export interface CompareGroups {
  /** The group-by names. */
  by: string[];
  /** Groups in the base and at least one candidate, in name order. */
  compared: GroupComparison[];
  /** Groups not in every input, in name order. */
  unmatched: UnmatchedGroup[];
}

/** The precision both sides were compared at, when the inputs were recorded at different ones. */
export interface CommonPrecision {
  digits: number;
  lowestDiscernibleNs: number;
  /** The inputs converted to it, with the precision they were recorded at. */
  converted: { name: string; digits: number; lowestDiscernibleNs: number }[];
}

export interface CompareData {
  /** Which latencies were compared: raw as recorded, or corrected for coordinated omission (each side its own). */
  latencies: "raw" | "corrected";
  /** With corrected latencies: how they were corrected. */
  correction?: CorrectionMethod;
  /** Present when the inputs' histograms had different precision: all were compared at the coarsest. */
  precision?: CommonPrecision;
  base: CompareSide;
  candidates: CandidateResult[];
  /** With `--group-by`: the comparison of every group value. */
  groups?: CompareGroups;
  /** Limit gates counted changes that were not significant (`--strict-gate`). */
  strictGate: boolean;
  /** Some gate was met for some candidate, as a whole or in a group: the command fails. */
  failed: boolean;
}

export interface CompareSettings {
  /** Percentiles compared (must include every gate's). */
  labels: readonly string[];
  gates: Gate[];
  strictGate: boolean;
  correction?: CorrectionMethod;
  /** The group-by names, when the inputs were read grouped. */
  groupBy?: readonly string[];
  /** How failed requests weigh (default: counted as slower than any success; a significant rise meets the gates). */
  failures?: CompareFailureOptions;
}

/** Faster at some percentile and slower at none. */
function faster(comparison: Comparison): boolean {
  const verdicts = comparison.changes.flatMap((c) => (c.percentile ? [c.percentile.verdict] : []));
  return verdicts.includes("faster") && !verdicts.includes("slower");
}

/** Compares every candidate with the base, as wholes and group by group. */
export function buildCompare(base: CompareInput, candidates: CompareInput[], settings: CompareSettings): CompareData {
  const inputs = [base, ...candidates];
  const { shape, at, converted } = commonShape(inputs);
  const failureOptions = settings.failures ?? { allowMore: false };
  const sideOf: SideOf = (input, recorder, group) => {
    const r = at(recorder);
    // A group's failures are its own, known when the input's are (the same status column or field tells them).
    const failures = group === undefined ? failureRateOf(input.accounting) : input.accounting.failuresKnown() ? failureRate(group.failed, group.requests) : undefined;
    const withFailures =
      group === undefined
        ? withFailuresOf(r, input.accounting, settings.labels, failureOptions.failuresAsNs)
        : failures !== undefined
          ? withFailuresLeftOut(r, group.failed, group.leftOut, settings.labels, failureOptions.failuresAsNs)
          : undefined;
    const side: CompareSide = {
      name: input.name,
      format: input.format,
      assumedUnit: input.unit,
      accounting: input.accounting,
      // The whole input's: what it states of itself (an .hgrm footer) is of none of its groups.
      summary: group === undefined ? withStatedMoments(summarizeRecorder(r, settings.labels), [input]) : summarizeRecorder(r, settings.labels),
      ...(failures ? { failures } : {}),
      ...(withFailures ? { withFailures } : {}),
    };
    return { side, recorder: r };
  };
  const failedGate = settings.gates.find((gate) => gate.kind === "failed");
  const judge: Judge = (b, c) => {
    const comparison = compare(b.side.summary, b.recorder.histogram(), c.side.summary, c.recorder.histogram());
    const change = b.side.failures && c.side.failures && failedChange(b.side.failures, c.side.failures);
    const failures = { change, allowMore: failureOptions.allowMore };
    return {
      side: c.side,
      comparison,
      gates: settings.gates.map((gate) => evaluateGate(gate, comparison, settings.strictGate, failures)),
      ...(change ? { failedChange: change } : {}),
      fasterByFailing: change?.verdict === "worse" && faster(comparison),
    };
  };
  const baseWhole = sideOf(base, base.recorder);
  const results = candidates.map((input) => {
    const cand = sideOf(input, input.recorder);
    if (failedGate !== undefined && (baseWhole.side.failures === undefined || cand.side.failures === undefined)) {
      const unknown = baseWhole.side.failures ? input : base;
      const unwritten = unknown.accounting.unwrittenFailures;
      throw new AnalysisError({ kind: "failures-unknown", budget: failedGate.text, input: unknown.name, ...(unwritten === undefined ? {} : { unwritten }) });
    }
    return judge(baseWhole, cand);
  });
  const groups = settings.groupBy && compareGroups(settings.groupBy, base, candidates, sideOf, judge);
  const allResults = [...results, ...(groups?.compared.flatMap((g) => g.candidates) ?? [])];
  return {
    latencies: settings.correction === undefined ? "raw" : "corrected",
    ...(settings.correction === undefined ? {} : { correction: settings.correction }),
    ...(converted.length > 0
      ? {
          precision: {
            digits: shape.digits,
            lowestDiscernibleNs: shape.lowestDiscernibleValue,
            converted: converted.map((input) => ({ name: input.name, digits: input.recorder.digits, lowestDiscernibleNs: input.recorder.shape.lowestDiscernibleValue })),
          },
        }
      : {}),
    base: baseWhole.side,
    candidates: results,
    ...(groups ? { groups } : {}),
    strictGate: settings.strictGate,
    failed: allResults.some((r) => r.gates.some((g) => g.met)),
  };
}

/** A side of the comparison at the common precision: an input as a whole, or its `group` (`recorder` is the group's). */
type SideOf = (input: CompareInput, recorder: LatencyRecorder, group?: RecordedGroup) => { side: CompareSide; recorder: LatencyRecorder };
type Judge = (base: ReturnType<SideOf>, cand: ReturnType<SideOf>) => CandidateResult;

/** Every group value of any input: compared where the base and a candidate have it, and said where one lacks it. */
function compareGroups(by: readonly string[], base: CompareInput, candidates: CompareInput[], sideOf: SideOf, judge: Judge): CompareGroups {
  const inputs = [base, ...candidates];
  const byName = inputs.map((input) => new Map((input.groups ?? []).map((g) => [g.name, g])));
  const names = [...new Set(byName.flatMap((m) => [...m.keys()]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const compared: GroupComparison[] = [];
  const unmatched: UnmatchedGroup[] = [];
  for (const name of names) {
    const present = inputs.filter((_, i) => byName[i]!.has(name));
    const values = [...inputs.keys()].map((i) => byName[i]!.get(name)).find((g) => g !== undefined)!.values;
    if (present.length < inputs.length) {
      unmatched.push({ name, values, presentIn: present.map((i) => i.name), missingFrom: inputs.filter((_, i) => !byName[i]!.has(name)).map((i) => i.name) });
    }
    const baseGroup = byName[0]!.get(name);
    if (baseGroup === undefined || present.length < 2) continue;
    const baseSide = sideOf(base, baseGroup.recorder, baseGroup);
    const results = candidates.flatMap((input, i) => {
      const group = byName[i + 1]!.get(name);
      return group === undefined ? [] : [judge(baseSide, sideOf(input, group.recorder, group))];
    });
    compared.push({ name, values, base: baseSide.side, candidates: results });
  }
  return { by: [...by], compared, unmatched };
}

/**
 * The coarsest shape of the inputs' recorders (and their groups'), a function that takes a recorder to it, and the
 * inputs that are not in it already.
 */
export function commonShape(inputs: readonly CompareInput[]): { shape: HistogramShape; at: (recorder: LatencyRecorder) => LatencyRecorder; converted: CompareInput[] } {
  const shape = coarsestShape(inputs.flatMap((input) => [input.recorder, ...(input.groups ?? []).map((g) => g.recorder)]));
  const at = (recorder: LatencyRecorder) => (sameShape(recorder.shape, shape) ? recorder : recorder.coarsenedTo(shape));
  return { shape, at, converted: inputs.filter((input) => !sameShape(input.recorder.shape, shape)) };
}

/** The coarsest of the recorders' shapes: fewest digits, highest lowest discernible value. */
function coarsestShape(recorders: readonly LatencyRecorder[]): HistogramShape {
  const shapes = recorders.map((r) => r.shape);
  return {
    digits: Math.min(...shapes.map((s) => s.digits)) as HistogramShape["digits"],
    lowestDiscernibleValue: Math.max(...shapes.map((s) => s.lowestDiscernibleValue)),
    highestTrackableValue: Math.max(...shapes.map((s) => s.highestTrackableValue)),
  };
}

function sameShape(a: HistogramShape, b: HistogramShape): boolean {
  return a.digits === b.digits && a.lowestDiscernibleValue === b.lowestDiscernibleValue;
}
