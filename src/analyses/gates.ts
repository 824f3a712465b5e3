/**
 * Regression gates for `compare --fail-if`: when the candidate is worse than allowed, the command exits 1.
 *
 *   gate   := "any slower" | STAT ">" LIMIT | ("failed" | "errors") ">" ["+"|"-"] NUMBER "pp"
 *   STAT   := "p" PERCENTILE            (p50, p99.9 …; 0–100)
 *   LIMIT  := ["+"|"-"] NUMBER ("%" | UNIT)    (UNIT: ns, us, µs, ms, s)
 *
 * `p99 > +10%` is met when p99 grew by more than 10% of the base; `p99.9 > +5ms` when it grew by more than 5 ms;
 * `any slower` when any percentile's verdict is `slower`. Unless `strict`, a limit gate is only met by a
 * significant change (a verdict other than `no significant change`), so noise alone never fails a build.
 *
 * `failed > +0.5pp` is met when the failure rate rose by more than 0.5 percentage points and (unless `strict`)
 * its rise is significant (failure-rate.ts). Every gate is also met by a significant rise of the failure rate,
 * unless more failures are allowed (`--allow-more-failures`): a candidate that is faster because it fails more
 * requests is no improvement.
 */
import { parseDuration } from "../base/units.js";
import type { Comparison, StatisticChange } from "./compare.js";
import type { FailedChange } from "./failure-rate.js";

export type Gate =
  | { kind: "any slower"; text: string }
  | { kind: "limit"; text: string; label: string; percentile: number; limit: { percent: number } | { ns: number } }
  | { kind: "failed"; text: string; limitPoints: number };

export interface GateResult {
  gate: Gate;
  met: boolean;
  /** For a limit gate: the percentile's change (undefined for `any slower`). */
  change?: StatisticChange;
  /** For a limit gate: the change is beyond the limit, significant or not. */
  exceeded?: boolean;
  /** For `any slower`: the percentiles found slower. */
  slower?: string[];
  /** Met by a significant rise of the failure rate, whatever the latencies did. */
  byFailures?: boolean;
}

/** How failures weigh in the gates: the change of the failure rate (undefined: not known on both sides). */
export interface GateFailures {
  change: FailedChange | undefined;
  /** `--allow-more-failures`: a rise of the failure rate does not meet the latency gates. */
  allowMore: boolean;
}

/** A malformed gate: what was expected, and where (`at character 5 ("<")` or `at the end`). */
export class GateSyntaxError extends Error {
  constructor(
    readonly input: string,
    what: string,
    where: string,
  ) {
    super(`${what} ${where}`);
    this.name = "GateSyntaxError";
  }
}

/** Parses a gate expression; a malformed one is a GateSyntaxError naming the character at fault. */
export function parseGate(text: string): Gate {
  let pos = 0;
  const fail = (what: string): never => {
    const where = pos >= text.length ? "at the end" : `at character ${pos + 1} ("${text[pos]}")`;
    throw new GateSyntaxError(text, what, where);
  };
  const skipSpaces = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const take = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(text.slice(pos));
    if (match === null) return undefined;
    pos += match[0].length;
    return match[0];
  };

  skipSpaces();
  if (take(/^any\b/i) !== undefined) {
    skipSpaces();
    if (take(/^slower\b/i) === undefined) fail("expected 'slower' after 'any'");
    skipSpaces();
    if (pos < text.length) fail("unexpected text");
    return { kind: "any slower", text };
  }
  if (take(/^(failed|errors)\b/i) !== undefined) {
    skipSpaces();
    if (take(/^>/) === undefined) fail("expected '>' (the gate is met when the failure rate rises more than the limit)");
    skipSpaces();
    const sign = take(/^[+-]/) === "-" ? -1 : 1;
    const amount = take(/^(\d+\.?\d*|\.\d+)/);
    if (amount === undefined) fail("expected a limit in percentage points such as +0.5pp");
    if (take(/^pp\b/i) === undefined) fail("expected 'pp' (percentage points of the failure rate) after the number");
    skipSpaces();
    if (pos < text.length) fail("unexpected text");
    return { kind: "failed", text, limitPoints: sign * Number(amount) };
  }
  if (take(/^p/i) === undefined) fail("expected a percentile such as p99, 'failed' or 'any slower'");
  const labelStart = pos;
  const label = take(/^\d+(\.\d+)?/);
  if (label === undefined) fail("expected the percentile's number after 'p'");
  const percentile = Number(label);
  if (percentile > 100) {
    pos = labelStart;
    fail("a percentile is at most 100");
  }
  skipSpaces();
  if (take(/^>/) === undefined) fail("expected '>' (the gate is met when the change is larger than the limit)");
  skipSpaces();
  const sign = take(/^[+-]/) === "-" ? -1 : 1;
  const amount = take(/^(\d+\.?\d*|\.\d+)/);
  if (amount === undefined) fail("expected a limit such as +10% or +5ms");
  const unitStart = pos;
  let limit: { percent: number } | { ns: number };
  if (take(/^%/) !== undefined) {
    limit = { percent: sign * Number(amount) };
  } else {
    const unit = take(/^[a-zA-Zµμ]+/);
    if (unit === undefined) fail("expected '%' or a unit (ns, us, ms, s) after the number");
    const ns = parseDuration(`${amount}${unit}`);
    if (ns === undefined) {
      pos = unitStart;
      fail(`unknown unit '${unit}' (use ns, us, ms or s)`);
    }
    limit = { ns: sign * ns! };
  }
  skipSpaces();
  if (pos < text.length) fail("unexpected text");
  return { kind: "limit", text, label: label!, percentile, limit: limit! };
}

/**
 * Evaluates a gate on one comparison (which must include the gate's percentile); a significant rise of the
 * failure rate meets it too unless `failures.allowMore`.
 */
export function evaluateGate(gate: Gate, comparison: Comparison, strict: boolean, failures: GateFailures = { change: undefined, allowMore: false }): GateResult {
  const result = evaluateLatencyGate(gate, comparison, strict, failures.change);
  if (result.met || gate.kind === "failed" || failures.allowMore || failures.change?.verdict !== "worse") return result;
  return { ...result, met: true, byFailures: true };
}

function evaluateLatencyGate(gate: Gate, comparison: Comparison, strict: boolean, failed: FailedChange | undefined): GateResult {
  if (gate.kind === "failed") {
    if (failed === undefined) return { gate, met: false, exceeded: false };
    const exceeded = failed.deltaPoints > gate.limitPoints;
    return { gate, met: exceeded && (strict || failed.verdict === "worse"), exceeded };
  }
  const percentiles = comparison.changes.filter((c) => c.percentile !== undefined);
  if (gate.kind === "any slower") {
    const slower = percentiles.filter((c) => c.percentile!.verdict === "slower").map((c) => c.name);
    return { gate, met: slower.length > 0, slower };
  }
  const change = percentiles.find((c) => Number(c.percentile!.label) === gate.percentile);
  if (change === undefined) throw new Error(`gate ${gate.text}: p${gate.label} was not compared`);
  const exceeded =
    "percent" in gate.limit
      ? change.deltaPercent === null
        ? change.deltaNs > 0
        : change.deltaPercent > gate.limit.percent
      : change.deltaNs > gate.limit.ns;
  const significant = change.percentile!.verdict !== "no significant change";
  return { gate, met: exceeded && (strict || significant), change, exceeded };
}

/** The percentile labels the gates need, for those not already among `labels` (compared numerically). */
export function gatePercentiles(gates: Gate[], labels: readonly string[]): string[] {
  const have = new Set(labels.map(Number));
  const missing: string[] = [];
  for (const gate of gates) {
    if (gate.kind === "limit" && !have.has(gate.percentile)) {
      have.add(gate.percentile);
      missing.push(gate.label);
    }
  }
  return missing;
}
