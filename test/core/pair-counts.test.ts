import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PairCounts } from "../../src/core/pair-counts.js";

/** Owners and values as detection gives them: key indices, and gap lengths in ns (beyond 2^32) or bucket indices. */
const adds = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 ** 40 }).map((us) => us * 1000)), fc.integer({ min: 1, max: 5 })),
  { maxLength: 800 },
);

describe("PairCounts", () => {
  it("counts each (owner, value) pair as a Map per owner does, through growth, and groups them by owner", () => {
    fc.assert(
      fc.property(adds, (pairs) => {
        const table = new PairCounts(2);
        const maps = Array.from({ length: 41 }, () => new Map<number, number>());
        for (const [owner, value, count] of pairs) {
          expect(table.add(owner, value, count)).toBe(!maps[owner]!.has(value));
          maps[owner]!.set(value, (maps[owner]!.get(value) ?? 0) + count);
        }
        expect(table.size).toBe(maps.reduce((sum, m) => sum + m.size, 0));
        const { starts, values, counts } = table.byOwner(41);
        maps.forEach((map, owner) => {
          const held = new Map<number, number>();
          for (let j = starts[owner]!; j < starts[owner + 1]!; j++) held.set(values[j]!, counts[j]!);
          expect(held).toEqual(map);
        });
      }),
    );
  });
});
