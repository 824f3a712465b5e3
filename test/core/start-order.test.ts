import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stableOrder } from "../../src/core/start-order.js";

/** What the order must be: Array.prototype.sort is stable, so ties keep index order. */
function referenceOrder(keys: readonly number[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
}

// Few distinct values make ties common; sorted stretches make runs.
const key = fc.integer({ min: -5, max: 5 }).map((k) => k * 1e9);
const shapedKeys = fc.oneof(
  fc.array(key, { maxLength: 300 }),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 300 }),
  fc.array(fc.array(key, { maxLength: 80 }).map((run) => run.sort((a, b) => a - b)), { maxLength: 6 }).map((runs) => runs.flat()),
);

describe("stableOrder", () => {
  it("is the stable ascending order of any keys", () => {
    fc.assert(
      fc.property(shapedKeys, (keys) => {
        const { sortedKeys, order } = stableOrder(Float64Array.from(keys));
        expect([...order]).toEqual(referenceOrder(keys));
        expect([...sortedKeys]).toEqual(referenceOrder(keys).map((i) => keys[i]));
      }),
      { numRuns: 500 },
    );
  });

  it("merges long sorted runs: a log that wraps round three times", () => {
    const keys = Float64Array.from({ length: 30_000 }, (_, i) => i % 10_000);
    const { order } = stableOrder(keys);
    expect([...order.subarray(0, 4)]).toEqual([0, 10_000, 20_000, 1]);
    expect([...order.subarray(-3)]).toEqual([9_999, 19_999, 29_999]);
  });

  it("handles no keys and one key", () => {
    expect([...stableOrder(new Float64Array(0)).order]).toEqual([]);
    expect([...stableOrder(Float64Array.of(5)).order]).toEqual([0]);
  });
});
