import { describe, expect, it } from "vitest";
import { buildGroups, GROUP_SORTS, type GroupsOptions } from "../../src/analyses/groups.js";
import { GroupRecorder } from "../../src/core/group-recorder.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

const MS = 1e6;

/**
 * A: 99 × 1 ms + 1 × 500 ms   p50 1, p99 1, p99.9 500, max 500, count 100
 * B: 100 × 20 ms              p50 20, p99 20, p99.9 20, max 20, count 100
 * C: 100 × 5 ms + 100 × 30 ms p50 5, p99 30, p99.9 30, max 30, count 200
 */
function recorded(): GroupRecorder {
  const groups = new GroupRecorder({ names: ["label"], digits: 3, backfillIntervalNs: 0 });
  const add = (label: string, ms: number, times: number) => {
    for (let i = 0; i < times; i++) groups.sample({ latencyNs: ms * MS, label });
  };
  add("B", 20, 100);
  add("A", 1, 99);
  add("A", 500, 1);
  add("C", 5, 100);
  add("C", 30, 100);
  return groups;
}

const options = (extra: Partial<GroupsOptions> = {}): GroupsOptions => ({ percentileLabels: ["50", "99"], sort: "p99", ...extra });
const order = (extra: Partial<GroupsOptions> = {}, corrected?: LatencyRecorder[]) => buildGroups(recorded(), corrected, options(extra)).shown.map((g) => g.name);

describe("buildGroups", () => {
  it.each([
    ["p99", ["C", "B", "A"]],
    ["p50", ["B", "C", "A"]],
    ["p99.9", ["A", "C", "B"]],
    ["max", ["A", "C", "B"]],
    ["count", ["C", "A", "B"]],
    ["name", ["A", "B", "C"]],
  ] as const)("sorts worst first by %s (ties by name)", (sort, expected) => {
    expect(order({ sort })).toEqual(expected);
  });

  it("knows every sort key", () => {
    expect(GROUP_SORTS).toEqual(["p50", "p99", "p99.9", "max", "count", "name"]);
  });

  it("keeps the --top worst and says how many there were", () => {
    const groups = buildGroups(recorded(), undefined, options({ top: 2 }));
    expect(groups.shown.map((g) => g.name)).toEqual(["C", "B"]);
    expect(groups.count).toBe(3);
  });

  it("summarises each group with the report's percentiles", () => {
    const [c] = buildGroups(recorded(), undefined, options({ top: 1 })).shown;
    expect(c!.summary.count).toBe(200);
    expect(c!.summary.percentiles.map((p) => [p.label, Math.round(p.valueNs / MS)])).toEqual([
      ["50", 5],
      ["99", 30],
    ]);
    expect(c!.values).toEqual(["C"]);
    expect(c!.corrected).toBeUndefined();
  });

  it("sorts on the corrected figures when there are any", () => {
    const corrected = [20, 1, 5].map((ms) => {
      const r = new LatencyRecorder(3);
      r.record(ms * MS);
      return r;
    });
    // Corrected recorders in group order B, A, C: B is now the worst p99.
    const groups = buildGroups(recorded(), corrected, options());
    expect(groups.shown.map((g) => g.name)).toEqual(["B", "C", "A"]);
    expect(groups.shown[0]!.corrected!.count).toBe(1);
  });

  it("counts requests over the threshold and failed per group", () => {
    const groups = buildGroups(recorded(), undefined, options({ misery: { thresholdNs: 25 * MS, failuresKnown: true } }));
    expect(groups.shown.map((g) => [g.name, g.misery!.over, g.misery!.overPercent, g.misery!.failed])).toEqual([
      ["C", 100, 50, 0],
      ["B", 0, 0, 0],
      ["A", 1, 1, 0],
    ]);
  });

  it("names the group-by names no request had a value for", () => {
    const groups = new GroupRecorder({ names: ["label", "host"], digits: 3, backfillIntervalNs: 0 });
    groups.sample({ latencyNs: 1, label: "x" });
    const built = buildGroups(groups, undefined, options());
    expect(built.unseen).toEqual(["host"]);
    expect(built.shown.map((g) => g.name)).toEqual(["x, (none)"]);
  });
});
