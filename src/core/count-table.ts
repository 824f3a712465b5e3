/**
 * How many times each bucket index was seen, in an open-addressing hash table of typed arrays: the per-sender
 * counts of gap lengths and latencies, updated once per request (a Map took ~100 ns an update, this a fraction).
 * Keys are integers from 0 to 2^31 − 1 (a histogram's bucket indices).
 */
const EMPTY = -1;

export class CountTable {
  private keys: Int32Array;
  /**
   * Counts in 32 bits while every one is a whole number that fits (always, but for a sender of more than 4·10^9
   * requests of one bucket), else doubles: a third less memory for each table (k6's two parts keep ~300, and grow
   * each from 16 slots, at the end of a read on two threads).
   */
  private counts: Uint32Array | Float64Array;
  /** log2 of the table's size. */
  private bits: number;
  /** Distinct keys held. */
  size = 0;

  constructor(bits = 4) {
    this.bits = bits;
    this.keys = new Int32Array(1 << bits).fill(EMPTY);
    this.counts = new Uint32Array(1 << bits);
  }

  /** Adds `count` to `key`'s count; returns true when the key is new. */
  add(key: number, count = 1): boolean {
    const mask = this.keys.length - 1;
    // Fibonacci hashing: the top bits of key × 2^32/φ.
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key) {
        this.setCount(slot, this.counts[slot]! + count);
        return false;
      }
      if (found === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.setCount(slot, count);
    if (++this.size * 2 > this.keys.length) this.grow();
    return true;
  }

  /**
   * Calls `visit` with every key and its count, in no particular order (the same order each time). No pair is made
   * for each: detection visits a few thousand keys of each of its senders at the end of a read, and their pairs
   * were garbage enough to grow V8's young generation there (part of k6's peak RSS).
   */
  forEach(visit: (key: number, count: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== EMPTY) visit(this.keys[slot]!, this.counts[slot]!);
  }

  /** Every key and its count, as pairs flattened into one array (to move between threads). */
  flat(): Float64Array {
    const pairs = new Float64Array(2 * this.size);
    let at = 0;
    this.forEach((key, count) => {
      pairs[at++] = key;
      pairs[at++] = count;
    });
    return pairs;
  }

  private setCount(slot: number, count: number): void {
    if (count >>> 0 !== count && this.counts instanceof Uint32Array) this.counts = Float64Array.from(this.counts);
    this.counts[slot] = count;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.bits++;
    this.keys = new Int32Array(1 << this.bits).fill(EMPTY);
    this.counts = counts instanceof Uint32Array ? new Uint32Array(1 << this.bits) : new Float64Array(1 << this.bits);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== EMPTY) this.add(keys[slot]!, counts[slot]!);
  }
}
