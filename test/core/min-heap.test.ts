import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinHeap } from "../../src/core/min-heap.js";

describe("MinHeap", () => {
  it("gives its entries back in key order, through growth", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { maxLength: 300 }), (keys) => {
        const heap = new MinHeap();
        keys.forEach((key, id) => heap.push(key, id));
        const out: number[] = [];
        while (heap.size > 0) {
          const key = heap.topKey;
          out.push(key);
          expect(keys[heap.pop()]).toBe(key);
        }
        expect(out).toEqual([...keys].sort((a, b) => a - b));
        expect(heap.topKey).toBe(Infinity);
      }),
    );
  });
});
