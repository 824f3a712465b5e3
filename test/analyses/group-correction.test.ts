import { describe, expect, it } from "vitest";
import { applyCorrection, correctionRecorders, type CoMode } from "../../src/analyses/correction.js";
import { correctGroups } from "../../src/analyses/group-correction.js";
import { GroupRecorder } from "../../src/core/group-recorder.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import type { Sample } from "../../src/core/sample.js";
import { simulate } from "../helpers/sender-sim.js";

const MS = 1e6;
// One sender (named by a sender column) every 10 ms; the request of group b at 20 ms took 100 ms and held the
// sender up until 130 ms.
const SAMPLES: Sample[] = [
  [0, 1, "a"],
  [10, 1, "a"],
  [20, 100, "b"],
  [130, 1, "a"],
  [140, 1, "a"],
].map(([start, latency, label]) => ({ startNs: 1.7e18 + (start as number) * MS, latencyNs: (latency as number) * MS, label: label as string, key: "c1" }));

function run(mode: CoMode, samples = SAMPLES) {
  const extra = correctionRecorders(mode, 3, true);
  const groups = new GroupRecorder({ names: ["label"], digits: 3, backfillIntervalNs: extra.atRecord?.backfillIntervalNs ?? 0, timed: extra.timed });
  const raw = new LatencyRecorder(3);
  for (const sample of samples) {
    raw.sample(sample);
    extra.atRecord?.sample(sample);
    groups.sample(sample);
  }
  const overall = applyCorrection(mode, { raw, ...extra }, []).corrected;
  return { overall, perGroup: correctGroups(overall, groups.groups, extra.timed)! };
}

function buckets(recorder: LatencyRecorder): [number, number][] {
  const counts: [number, number][] = [];
  recorder.counter.forEachBucket((index, count) => counts.push([index, count]));
  return counts;
}

/** Every value a recorder holds, in whole ms, from its buckets. */
function valuesMs(recorder: LatencyRecorder): number[] {
  const values: number[] = [];
  for (const [index, count] of buckets(recorder)) for (let i = 0; i < count; i++) values.push(Math.round(recorder.counter.layout.lowestValueAt(index) / MS));
  return values;
}

describe("correctGroups", () => {
  const modes: [string, CoMode][] = [
    ["expected-interval", { kind: "expected-interval", intervalNs: 10 * MS, after: false }],
    ["expected-interval after", { kind: "expected-interval", intervalNs: 10 * MS, after: true }],
    ["schedule", { kind: "schedule", intervalNs: 10 * MS }],
    ["inferred interval", { kind: "auto", apply: true }],
  ];

  it.each(modes)("%s: the groups add up to the correction of all requests", (_, mode) => {
    const { overall, perGroup } = run(mode);
    const sum = new LatencyRecorder(3);
    for (const recorder of perGroup) sum.add(recorder);
    expect(buckets(sum)).toEqual(buckets(overall!.recorder));
    expect(sum.syntheticCount).toBe(overall!.syntheticCount);
  });

  it("schedule: each response time goes to the group of its request", () => {
    const [a, b] = run({ kind: "schedule", intervalNs: 10 * MS }).perGroup;
    // Intended starts 0, 10, 20, 30, 40: the two requests after the stall waited 101 ms.
    expect(valuesMs(a!)).toEqual([1, 1, 101, 101]);
    expect(valuesMs(b!)).toEqual([100]);
  });

  it("inferred interval: the stall's back-fill goes to the group of the slow request", () => {
    const [a, b] = run({ kind: "auto", apply: true }).perGroup;
    expect(valuesMs(a!)).toEqual([1, 1, 1, 1]);
    expect(valuesMs(b!)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(b!.syntheticCount).toBe(9);
  });

  it("reconstructed senders: each request back-filled at its sender's interval, the groups adding up to the whole", () => {
    // 4 paced workers without a sender column, and a server stall; every 7th request is of group b (a comes first).
    const requests = simulate({ seed: 5, senders: { kind: "paced", senders: 4, periodMs: 20 }, durationMs: 20_000, latencyMedianMs: 3, stall: { atMs: 10_000, forMs: 500 } });
    const samples = requests.map((r, i): Sample => ({ startNs: r.startNs, latencyNs: r.latencyNs, label: i % 7 === 3 ? "b" : "a" }));
    const { overall, perGroup } = run({ kind: "auto", apply: true }, samples);
    expect(overall!.method).toBe("inferred-interval");
    const sum = new LatencyRecorder(3);
    for (const recorder of perGroup) sum.add(recorder);
    expect(buckets(sum)).toEqual(buckets(overall!.recorder));
    // The stall's back-fill (at ~20 ms) went to the groups of the stalled requests.
    const [a, b] = perGroup;
    expect(a!.syntheticCount + b!.syntheticCount).toBe(overall!.syntheticCount);
    const backfillOf = (group: string) =>
      samples.filter((x) => x.label === group).reduce((sum, x) => sum + (x.latencyNs >= 2 * 20.1 * MS ? Math.floor(x.latencyNs / (20.1 * MS)) - 1 : 0), 0);
    expect(a!.syntheticCount).toBeGreaterThanOrEqual(backfillOf("a"));
    expect(b!.syntheticCount).toBeGreaterThanOrEqual(backfillOf("b"));
    expect(backfillOf("a") + backfillOf("b")).toBeGreaterThan(40);
  });

  it("is undefined without a correction", () => {
    expect(run({ kind: "off" }).perGroup).toBeUndefined();
  });
});
