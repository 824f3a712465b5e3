/**
 * Counts of (owner, value) pairs for many owners in one open-addressing hash table of typed arrays: the gap lengths
 * and latency buckets of every `--per` key together. A table of its own per key (a Map, or a CountTable) cost a few
 * KB each, ~50 MB at the 16,384 keys detection keeps before it gives up; a pair here costs ~40 bytes. Owners are
 * integers from 0 to 2^31 − 1, values any integers a double holds exactly.
 */
const EMPTY = -1;
/** The table grows to twice its size when this share of its slots is taken. */
const MAX_LOAD = 0.5;

/** The pairs grouped by owner: owner i's values and counts at [starts[i], starts[i + 1]). */
export interface PairsByOwner {
  starts: Uint32Array;
  values: Float64Array;
  counts: Float64Array;
}

/** Calls `visit` with owner `owner`'s values and counts, in their order. */
export function forEachPair(pairs: PairsByOwner, owner: number, visit: (value: number, count: number) => void): void {
  for (let j = pairs.starts[owner]!; j < pairs.starts[owner + 1]!; j++) visit(pairs.values[j]!, pairs.counts[j]!);
}

export class PairCounts {
  private owners: Int32Array;
  private values: Float64Array;
  private counts: Float64Array;
  /** Distinct pairs held. */
  size = 0;

  constructor(private bits = 10) {
    this.owners = new Int32Array(1 << bits).fill(EMPTY);
    this.values = new Float64Array(1 << bits);
    this.counts = new Float64Array(1 << bits);
  }

  /** Adds `count` to the pair's count; returns true when the pair is new. */
  add(owner: number, value: number, count: number): boolean {
    const mask = this.owners.length - 1;
    let slot = slotOf(owner, value, this.bits);
    for (;;) {
      const found = this.owners[slot]!;
      if (found === EMPTY) break;
      if (found === owner && this.values[slot] === value) {
        this.counts[slot] += count;
        return false;
      }
      slot = (slot + 1) & mask;
    }
    this.owners[slot] = owner;
    this.values[slot] = value;
    this.counts[slot] = count;
    if (++this.size > MAX_LOAD * this.owners.length) this.grow();
    return true;
  }

  /** The pairs of owners 0 … `owners` − 1, grouped by owner (in no particular order within one). */
  byOwner(owners: number): PairsByOwner {
    const starts = new Uint32Array(owners + 1);
    for (let slot = 0; slot < this.owners.length; slot++) if (this.owners[slot] !== EMPTY) starts[this.owners[slot]! + 1]++;
    for (let i = 0; i < owners; i++) starts[i + 1] += starts[i]!;
    const next = starts.slice(0, owners);
    const [values, counts] = [new Float64Array(this.size), new Float64Array(this.size)];
    for (let slot = 0; slot < this.owners.length; slot++) {
      const owner = this.owners[slot]!;
      if (owner === EMPTY) continue;
      const at = next[owner]!++;
      values[at] = this.values[slot]!;
      counts[at] = this.counts[slot]!;
    }
    return { starts, values, counts };
  }

  private grow(): void {
    const { owners, values, counts } = this;
    this.bits++;
    this.owners = new Int32Array(1 << this.bits).fill(EMPTY);
    this.values = new Float64Array(1 << this.bits);
    this.counts = new Float64Array(1 << this.bits);
    this.size = 0;
    for (let slot = 0; slot < owners.length; slot++) if (owners[slot] !== EMPTY) this.add(owners[slot]!, values[slot]!, counts[slot]!);
  }
}

/** Fibonacci hashing of the owner mixed with the value's low and high 32 bits: the top `bits` bits. */
function slotOf(owner: number, value: number, bits: number): number {
  const mixed = Math.imul(owner, 0x9e3779b1) ^ Math.imul(value | 0, 0x85ebca6b) ^ Math.imul((value / 4294967296) | 0, 0xc2b2ae35);
  return Math.imul(mixed, 0x9e3779b1) >>> (32 - bits);
}
