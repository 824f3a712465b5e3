/**
 * Builds the empty hdr-histogram-js histogram an encoding describes, refusing shapes Java would refuse
 * (`AbstractHistogram` constructor checks) and shapes a JS histogram cannot hold with the same bucket layout.
 */
import { Float64Histogram } from "../core/histogram.js";
import type { JsHistogram } from "hdr-histogram-js";
import { HlogCodecError } from "./errors.js";

/** The three numbers that fix a histogram's bucket layout, as an encoding carries them. */
export interface EncodedShape {
  numberOfSignificantValueDigits: number;
  lowestDiscernibleValue: bigint;
  highestTrackableValue: bigint;
}

// Java computes the unit magnitude as (int)(Math.log(lowest) / Math.log(2)), which is off by one for some values
// just under a power of two from 2^48 up; JS uses Math.floor(Math.log2(lowest)), off for others. Below 2^47 both
// are exact, so the two libraries lay buckets out the same way.
const MAX_LOWEST_DISCERNIBLE_VALUE = 2n ** 47n;

/**
 * A new 64-bit JS histogram (not auto-resizing, like the one Java decodes) with the given shape. With `sizedFor`,
 * its counts array only reaches that value (the highest value it will hold), while its highestTrackableValue is
 * still the shape's: 5 digits up to 2^62 would be an array of 6 million counts for a few hundred values.
 * Throws `HlogCodecError` when the shape is invalid or cannot be represented exactly in JS.
 */
export function createHistogramWithShape(shape: EncodedShape, sizedFor?: number): JsHistogram {
  const digits = shape.numberOfSignificantValueDigits;
  const lowest = shape.lowestDiscernibleValue;
  const highest = shape.highestTrackableValue;
  if (!Number.isInteger(digits) || digits < 0 || digits > 5) {
    throw new HlogCodecError(`corrupt histogram: ${digits} significant digits (must be 0 to 5)`);
  }
  if (lowest < 1n) throw new HlogCodecError(`corrupt histogram: lowestDiscernibleValue ${lowest} (must be ≥ 1)`);
  if (lowest >= MAX_LOWEST_DISCERNIBLE_VALUE) {
    throw new HlogCodecError(`unsupported histogram: lowestDiscernibleValue ${lowest} is 2^47 or more`);
  }
  if (highest < 2n * lowest) {
    throw new HlogCodecError(
      `corrupt histogram: highestTrackableValue ${highest} is less than twice lowestDiscernibleValue ${lowest}`,
    );
  }
  const unitMagnitude = lowest.toString(2).length - 1;
  const subBucketCountMagnitude = Math.ceil(Math.log2(2 * 10 ** digits));
  // Java refuses more than 62; a JS number holds integers exactly only up to 2^53.
  if (unitMagnitude + Math.max(subBucketCountMagnitude, 1) > 53) {
    throw new HlogCodecError(
      `unsupported histogram: ${digits} significant digits above ${lowest} exceed what a JS number holds exactly`,
    );
  }
  const sized = sizedFor === undefined ? Number(highest) : Math.max(2 * Number(lowest), Math.min(Number(highest), sizedFor));
  const histogram = new Float64Histogram(Number(lowest), sized, digits);
  histogram.highestTrackableValue = doubleAtMost(highest);
  if (histogram.unitMagnitude !== unitMagnitude) {
    throw new HlogCodecError(`unsupported histogram: lowestDiscernibleValue ${lowest}`);
  }
  return histogram;
}

/**
 * The largest double not above `value`. What a highest trackable value decides is how many powers of two it
 * reaches (the bucket count an .hgrm footer prints, the counts array), and a double holds every power of two
 * exactly, so rounding down keeps that count Java's; rounding to nearest made Long.MAX_VALUE / 2 (2^62 - 1) 2^62,
 * one bucket more.
 */
export function doubleAtMost(value: bigint): number {
  const nearest = Number(value);
  if (BigInt(nearest) <= value) return nearest;
  // The next double down: positive doubles are ordered as their bit patterns.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, nearest);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}
