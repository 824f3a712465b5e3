import { describe, expect, it } from "vitest";
import { applyCorrection, correctionRecorders, type CoMode } from "../../src/analyses/correction.js";
import { correctGroups } from "../../src/analyses/group-correction.js";
import { GroupRecorder } from "../../src/core/group-recorder.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import type { Sample } from "../../src/formats/types.js";
import { formatDuration } from "../../src/render/values.js";

const MS = 1e6;
// One sender every 10 ms; the request of group b at 20 ms took 100 ms and held the sender up until 130 ms.
const SAMPLES: Sample[] = [
  [0, 1, "a"],
  [10, 1, "a"],
  [20, 100, "b"],
  [130, 1, "a"],
  [140, 1, "a"],
].map(([start, latency, label]) => ({ startNs: (start as number) * MS, latencyNs: (latency as number) * MS, label: label as string }));

function run(mode: CoMode) {
  const extra = correctionRecorders(mode, 3, true);
  const groups = new GroupRecorder({ names: ["label"], digits: 3, backfillIntervalNs: extra.atRecord?.backfillIntervalNs ?? 0, timed: extra.timed });
  const raw = new LatencyRecorder(3);
  for (const sample of SAMPLES) {
    raw.sample(sample);
    extra.atRecord?.sample(sample);
    groups.sample(sample);
  }
  const overall = applyCorrection(mode, { raw, ...extra }, [], formatDuration).corrected;
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

  it("is undefined without a correction", () => {
    expect(run({ kind: "off" }).perGroup).toBeUndefined();
  });
});
