import { describe, expect, it } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { GroupRecorder, MAX_GROUPS } from "../../src/core/group-recorder.js";
import { TimedSamples } from "../../src/core/timed-samples.js";

const recorder = (names: string[], extra: { backfillIntervalNs?: number; timed?: TimedSamples } = {}) =>
  new GroupRecorder({ names, digits: 3, backfillIntervalNs: extra.backfillIntervalNs ?? 0, timed: extra.timed });

/** The twin a worker thread builds from `groups`' recipe, as ingest/part-reader.ts does. */
function twinOf(groups: GroupRecorder): GroupRecorder {
  const recipe = groups.recipe();
  if (recipe?.kind !== "groups") throw new Error(`not a groups recipe: ${JSON.stringify(recipe)}`);
  return new GroupRecorder(recipe);
}

/** A twin's state as it arrives from a worker thread: structured-cloned. */
const posted = (groups: GroupRecorder) => structuredClone(groups.state());

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

  describe("read in parts (a twin per later part, added in order)", () => {
    it("adds a twin's groups: the same values into the groups here, new ones after them in the twin's order", () => {
      const groups = recorder(["endpoint"], { backfillIntervalNs: 10 });
      groups.sample({ latencyNs: 40, groupValues: ["/a"] });
      groups.sample({ latencyNs: 5, groupValues: ["/b"], status: 503 });
      const twin = twinOf(groups);
      twin.sample({ latencyNs: 7, groupValues: ["/c"] });
      twin.sample({ latencyNs: 20, groupValues: ["/a"] });
      twin.failure({ latencyNs: 1, groupValues: ["/b"], status: 500 });
      twin.sample({ latencyNs: 3, groupValues: ["x".repeat(300)] });
      groups.absorb(posted(twin));
      // Back-fill at 10: 40 adds 30, 20, 10 and 20 adds 10 (4 in /a); 5 and 7 add none.
      expect(groups.groups.map((g) => [g.index, g.values[0]!.slice(0, 3), g.raw.count, g.raw.minNs, g.raw.maxNs, g.atRecord!.syntheticCount, g.failed, g.leftOut])).toEqual([
        [0, "/a", 2, 20, 40, 4, 0, 0],
        [1, "/b", 1, 5, 5, 0, 2, 1],
        [2, "/c", 1, 7, 7, 0, 0, 0],
        [3, "xxx", 1, 3, 3, 0, 0, 0],
      ]);
      expect(groups.groups[3]!.values[0]).toBe("x".repeat(255) + "…");
      expect(groups.cutValues).toBe(1);
      // The counts were added too, not only the count: /a holds 20 and 40 (exact below 2,048 at 3 digits).
      const a = groups.groups[0]!.raw.histogram();
      expect([a.getValueAtPercentile(50), a.getValueAtPercentile(100), a.totalCount]).toEqual([20, 40, 2]);
    });

    it("knows a name had values when any part saw one", () => {
      const groups = recorder(["endpoint", "method"]);
      groups.sample({ latencyNs: 1, groupValues: ["/a", ""] });
      const twin = twinOf(groups);
      twin.sample({ latencyNs: 1, groupValues: ["", "GET"] });
      expect([groups.valueSeen, twin.valueSeen]).toEqual([
        [true, false],
        [false, true],
      ]);
      groups.absorb(posted(twin));
      expect(groups.valueSeen).toEqual([true, true]);
      expect(groups.groups.map((g) => g.values)).toEqual([
        ["/a", "(none)"],
        ["(none)", "GET"],
      ]);
    });

    it(`stops with the same user error when the parts together have more than ${MAX_GROUPS} groups`, () => {
      const groups = recorder(["user"]);
      const twin = twinOf(groups);
      for (let i = 0; i < 600; i++) groups.sample({ latencyNs: 1, groupValues: [`a${i}`] });
      for (let i = 0; i < 600; i++) twin.sample({ latencyNs: 1, groupValues: [`b${i}`] });
      expect(() => groups.absorb(posted(twin))).toThrow(/^more than 1000 distinct groups for --group-by user$/);
    });

    it("cannot be read in parts when it tags start times: a twin would number the groups its own way", () => {
      expect(recorder(["label"], { timed: new TimedSamples(true) }).recipe()).toBeUndefined();
      expect(recorder(["label"]).recipe()).toEqual({ kind: "groups", names: ["label"], digits: 3, backfillIntervalNs: 0 });
    });
  });
});
