/**
 * The n-th smallest value of an array in linear expected time (Hoare's quickselect), rearranging the array so
 * that values[0..n) are all ≤ the result and values(n..] all ≥ it. Sorting 10 M gaps to find their median took
 * a second; this takes a tenth of that.
 */
export function selectNth(values: Float64Array, n: number): number {
  if (n < 0 || n >= values.length) throw new RangeError(`selectNth: ${n} outside 0..${values.length - 1}`);
  let low = 0;
  let high = values.length - 1;
  while (high > low) {
    // The median of three as pivot keeps sorted and reversed input linear.
    const pivot = medianOfThree(values[low]!, values[(low + high) >> 1]!, values[high]!);
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // Now values[low..j] ≤ pivot ≤ values[i..high], and anything between i and j equals the pivot.
    if (n <= j) high = j;
    else if (n >= i) low = i;
    else return values[n]!;
  }
  return values[n]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
