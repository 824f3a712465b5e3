import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CountTable } from "../../src/core/count-table.js";

describe("CountTable", () => {
  it("counts as a Map does, through growth", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 5 })), { maxLength: 500 }), (adds) => {
        const table = new CountTable();
        const map = new Map<number, number>();
        for (const [key, count] of adds) {
          expect(table.add(key, count)).toBe(!map.has(key));
          map.set(key, (map.get(key) ?? 0) + count);
        }
        expect(table.size).toBe(map.size);
        const visited = new Map<number, number>();
        table.forEach((key, count) => visited.set(key, count));
        expect(visited).toEqual(map);
        const pairs = table.flat();
        expect(new Map(Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i]!, pairs[2 * i + 1]!]))).toEqual(map);
      }),
    );
  });

  it("keeps counts that outgrow 32 bits, or are not whole, exactly", () => {
    const table = new CountTable();
    table.add(7, 2 ** 32 - 1);
    table.add(3, 2);
    table.add(7, 1);
    table.add(9, 2 ** 40);
    for (let key = 100; key < 140; key++) table.add(key); // grown after the counts became doubles
    table.add(11, 0.5);
    const counts = new Map<number, number>();
    table.forEach((key, count) => counts.set(key, count));
    expect([counts.get(7), counts.get(3), counts.get(9), counts.get(11), counts.get(120), counts.size]).toEqual([2 ** 32, 2, 2 ** 40, 0.5, 1, 44]);
  });
});
