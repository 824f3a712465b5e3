/** Histograms and fast-check arbitraries for the codec tests. */
import fc from "fast-check";
import hdr from "hdr-histogram-js";
import type { JsHistogram } from "hdr-histogram-js";

/** A histogram shape and the values recorded into it. */
export interface HistogramCase {
  digits: number;
  lowest: number;
  highest: number;
  values: Array<[value: number, count: number]>;
}

/** Builds a 64-bit JS histogram for a case. */
export function histogramOf(c: HistogramCase): JsHistogram {
  const histogram = new hdr.Float64Histogram(c.lowest, c.highest, c.digits);
  for (const [value, count] of c.values) histogram.recordValueWithCount(value, count);
  return histogram;
}

/**
 * Random shapes (0–5 digits, lowest 1 to 2^21, highest up to about 2^46) with values inside them. `maxDigits`
 * keeps counts arrays small where a test writes every index (V0/V1 fixed-width payloads).
 */
export const histogramCase = (options: { maxCount?: number; maxDigits?: number } = {}): fc.Arbitrary<HistogramCase> =>
  fc
    .record({
      digits: fc.integer({ min: 0, max: options.maxDigits ?? 5 }),
      lowestMagnitude: fc.integer({ min: 0, max: 20 }),
      lowestOffset: fc.integer({ min: 0, max: 1000 }),
      highestMagnitude: fc.integer({ min: 1, max: 25 }),
    })
    .chain(({ digits, lowestMagnitude, lowestOffset, highestMagnitude }) => {
      const lowest = Math.min(2 ** lowestMagnitude + lowestOffset, 2 ** 21);
      const highest = lowest * 2 ** highestMagnitude + lowestOffset;
      const value = fc.oneof(
        fc.integer({ min: 0, max: Math.min(highest, 2 ** 20) }),
        fc.integer({ min: 0, max: highest }),
        fc.constantFrom(0, lowest - 1, lowest, highest),
      );
      const count = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: options.maxCount ?? 2 ** 40 }));
      return fc.record({
        digits: fc.constant(digits),
        lowest: fc.constant(lowest),
        highest: fc.constant(highest),
        values: fc.array(fc.tuple(value, count), { maxLength: 60 }),
      });
    });
