import { describe, expect, it } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { GroupRecorder, MAX_GROUPS } from "../../src/core/group-recorder.js";
import { TimedSamples } from "../../src/core/timed-samples.js";

const recorder = (names: string[], extra: { backfillIntervalNs?: number; timed?: TimedSamples } = {}) =>
  new GroupRecorder({ names, digits: 3, backfillIntervalNs: extra.backfillIntervalNs ?? 0, timed: extra.timed });

describe("GroupRecorder", () => {
  it("keeps a recorder per distinct combination of values, in order of first sight", () => {
    const groups = recorder(["endpoint", "method"]);
    groups.sample({ latencyNs: 10, groupValues: ["/a", "GET"] });
    groups.sample({ latencyNs: 20, groupValues: ["/a", "POST"] });
    groups.sample({ latencyNs: 30, groupValues: ["/a", "GET"] });
    expect(groups.groups.map((g) => [g.values, g.raw.count, g.raw.maxNs])).toEqual([
      [["/a", "GET"], 2, 30],
      [["/a", "POST"], 1, 20],
    ]);
    expect(groups.valueSeen).toEqual([true, true]);
  });

  it("puts bare latencies and missing values in the (none) group, and counts them", () => {
    const groups = recorder(["label"]);
    groups.value(1);
    groups.values(Float64Array.of(2, 3, 99), 3);
    groups.sample({ latencyNs: 4 });
    expect(groups.groups.map((g) => [g.values, g.raw.count])).toEqual([[["(none)"], 5]]);
    expect(groups.valueSeen).toEqual([false]);
  });

  it("counts failed requests per group, recorded or left out", () => {
    const groups = recorder(["status"]);
    for (const status of [200, 503, 503, 404]) groups.sample({ latencyNs: 1, status });
    groups.sample({ latencyNs: 1, status: 200, ok: false });
    groups.failure({ latencyNs: 1, status: 500 });
    groups.failure({ latencyNs: 1, status: 503 });
    expect(groups.groups.map((g) => [g.values[0], g.raw.count, g.failed, g.leftOut])).toEqual([
      ["200", 2, 1, 0],
      ["503", 2, 3, 1],
      ["404", 1, 1, 0],
      ["500", 0, 1, 1],
    ]);
  });

  it("back-fills per group at record time when asked", () => {
    const groups = recorder(["label"], { backfillIntervalNs: 10 });
    groups.sample({ latencyNs: 40, label: "a" });
    expect(groups.groups[0]!.atRecord!.syntheticCount).toBe(3);
    expect(groups.groups[0]!.raw.syntheticCount).toBe(0);
  });

  it("tags each timed sample with its group's index", () => {
    const timed = new TimedSamples(true);
    const groups = recorder(["label"], { timed });
    groups.sample({ latencyNs: 1, startNs: 30, label: "b" });
    groups.sample({ latencyNs: 2, startNs: 10, label: "a" });
    groups.sample({ latencyNs: 3, startNs: 20, label: "b" });
    groups.value(4);
    const [series] = timed.sorted();
    expect([...series!.latenciesNs]).toEqual([2, 3, 1]);
    expect([...series!.tags!]).toEqual([1, 0, 0]);
    expect(timed.untimed).toBe(1);
  });

  it(`stops with a user error past ${MAX_GROUPS} groups`, () => {
    const groups = recorder(["user"]);
    for (let i = 0; i < MAX_GROUPS; i++) groups.sample({ latencyNs: 1, groupValues: [String(i)] });
    expect(() => groups.sample({ latencyNs: 1, groupValues: ["one more"] })).toThrow(UserError);
    expect(() => groups.sample({ latencyNs: 1, groupValues: ["one more"] })).toThrow(/more than 1000 distinct groups for --group-by user/);
  });
});
