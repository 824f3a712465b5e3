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

/** A group's recorder in one input (`--group-by`): the group's values joined with ", ", as a report names them. */
export interface RecordedGroup {
  name: string;
  values: string[];
  recorder: LatencyRecorder;
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
}

/** Compares every candidate with the base, as wholes and group by group. */
export function buildCompare(base: CompareInput, candidates: CompareInput[], settings: CompareSettings): CompareData {
  const inputs = [base, ...candidates];
  const { shape, at, converted } = commonShape(inputs);
  const sideOf = (input: CompareInput, recorder: LatencyRecorder): { side: CompareSide; recorder: LatencyRecorder } => {
    const r = at(recorder);
    return { side: { name: input.name, format: input.format, assumedUnit: input.unit, accounting: input.accounting, summary: summarizeRecorder(r, settings.labels) }, recorder: r };
  };
  const judge = (b: { side: CompareSide; recorder: LatencyRecorder }, c: { side: CompareSide; recorder: LatencyRecorder }): CandidateResult => {
    const comparison = compare(b.side.summary, b.recorder.histogram(), c.side.summary, c.recorder.histogram());
    return { side: c.side, comparison, gates: settings.gates.map((gate) => evaluateGate(gate, comparison, settings.strictGate)) };
  };
  const baseWhole = sideOf(base, base.recorder);
  const results = candidates.map((input) => judge(baseWhole, sideOf(input, input.recorder)));
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

type SideOf = (input: CompareInput, recorder: LatencyRecorder) => { side: CompareSide; recorder: LatencyRecorder };
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
    const baseSide = sideOf(base, baseGroup.recorder);
    const results = candidates.flatMap((input, i) => {
      const group = byName[i + 1]!.get(name);
      return group === undefined ? [] : [judge(baseSide, sideOf(input, group.recorder))];
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
