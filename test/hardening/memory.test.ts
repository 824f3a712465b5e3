/**
 * Memory that could grow with the input: start times kept for coordinated-omission analysis are capped, and
 * past the cap the analyses say so instead of running out of memory on a multi-GB timestamped log.
 */
import { describe, expect, it } from "vitest";
import { applyCorrection } from "../../src/analyses/correction.js";
import { LineAccounting, MAX_REASONS, OTHER_REASONS } from "../../src/ingest/accounting.js";
import { problemLine, problemOf } from "../helpers/problems.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { MAX_TIMED_SAMPLES, TimedSamples } from "../../src/core/timed-samples.js";

function fill(limit: number, count: number): { raw: LatencyRecorder; timed: TimedSamples } {
  const raw = new LatencyRecorder(3);
  const timed = new TimedSamples(false, limit);
  for (let i = 0; i < count; i++) {
    const sample = { latencyNs: 1e6, startNs: i * 1e7 };
    raw.sample(sample);
    timed.sample(sample);
  }
  return { raw, timed };
}

describe("reasons counted apart", () => {
  it("are capped at 100 per table: reasons quoting the input (hlog's) would grow it line by line", () => {
    const accounting = new LineAccounting();
    for (let i = 0; i < 5000; i++) accounting.noteRejection("x.hlog", i + 1, `interval max is not a number: "max${i}"`);
    for (let i = 0; i < 3; i++) accounting.noteRejection("x.hlog", 1, 'interval max is not a number: "max0"');
    expect(Object.keys(accounting.rejectedByReason)).toHaveLength(MAX_REASONS + 1);
    expect(accounting.rejectedByReason[OTHER_REASONS]).toBe(5000 - MAX_REASONS);
    expect(accounting.rejectedByReason['interval max is not a number: "max0"']).toBe(4);
    expect(Object.values(accounting.rejectedByReason).reduce((a, b) => a + b, 0)).toBe(accounting.rejected);
    expect(accounting.firstRejections[0]!.reason).toBe('interval max is not a number: "max0"');
    const all = new LineAccounting();
    all.add(accounting);
    all.add(accounting);
    expect(Object.keys(all.rejectedByReason)).toHaveLength(MAX_REASONS + 1);
    expect(all.rejected).toBe(2 * accounting.rejected);
  });
});

describe("start times kept for coordinated-omission analysis", () => {
  it("are capped: past the limit all are let go", () => {
    expect(MAX_TIMED_SAMPLES).toBe(10_000_000);
    const under = fill(100, 100).timed;
    expect(under).toMatchObject({ overflowed: false, timed: 100 });
    const over = fill(100, 101).timed;
    expect(over).toMatchObject({ overflowed: true, timed: 0 });
    expect(over.sorted()).toEqual([]);
  });

  it("--co auto past the cap: a note that the check was skipped, not a verdict from part of the input", () => {
    const recorders = fill(100, 101);
    const result = applyCorrection({ kind: "auto", apply: false }, recorders, ["99"]);
    expect(result.detection).toBeUndefined();
    expect(result.notices).toEqual([{ kind: "co-skipped", why: { kind: "kept", limit: 100 } }]);
  });

  it("--rate and --apply past the cap: a one-line error pointing to --expected-interval", () => {
    const recorders = fill(100, 101);
    expect(problemOf(() => applyCorrection({ kind: "schedule", intervalNs: 1e7 }, recorders, ["99"]))).toEqual({ kind: "schedule-too-many", limit: 100 });
    expect(problemLine(() => applyCorrection({ kind: "schedule", intervalNs: 1e7 }, recorders, ["99"]))).toMatch(/^--rate keeps every request's start time in memory, and there are more than 100 \(.*--expected-interval/);
    // --apply is refused with the reason, which the CLI says as its error.
    expect(applyCorrection({ kind: "auto", apply: true }, recorders, ["99"]).refused).toEqual({ loop: "unknown", reason: { kind: "gave-up", why: { kind: "kept", limit: 100 } } });
  });
});
