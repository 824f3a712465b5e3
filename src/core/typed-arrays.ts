/** Growing a typed array: the one copy every growable column of core makes. */

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A copy of `array` in an array of the same kind with room for `length` values (twice as many by default). */
export function grown<T extends TypedArray>(array: T, length = 2 * array.length): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
