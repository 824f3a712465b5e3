import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectNth } from "../../src/core/select-nth.js";

describe("selectNth", () => {
  it("is the n-th smallest value, with nothing larger before it and nothing smaller after", () => {
    // -0 and 0 are equal to the selection but not to Object.is: only +0 here.
    const input = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ noNaN: true }).map((v) => v + 0)), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(input, fc.nat(), (values, seed) => {
        const n = seed % values.length;
        const array = Float64Array.from(values);
        const nth = selectNth(array, n);
        expect(nth).toBe(Float64Array.from(values).sort()[n]);
        for (let i = 0; i < n; i++) expect(array[i]).toBeLessThanOrEqual(nth);
        for (let i = n + 1; i < array.length; i++) expect(array[i]).toBeGreaterThanOrEqual(nth);
        expect(array.slice().sort()).toEqual(Float64Array.from(values).sort());
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses a position outside the array", () => {
    expect(() => selectNth(new Float64Array(3), 3)).toThrow(RangeError);
  });
});
