/**
 * Spans by identity in little memory, for telling which spans' parents are in a trace export: a span is its trace
 * id and span id, hashed to a 52-bit key (cyrb53's two 32-bit multiply-xor hashes), which a Map keys exactly and a
 * Float64Array holds in 8 bytes, twice it plus one bit too. Two spans share a key by chance with odds of about
 * n / 2^52 per look-up among n keys (1 in 4·10^9 for the million RecentSpans holds): far below what a report shows.
 */

/** The key of span `spanId` of trace `traceId`: an integer in [1, 2^52). */
export function spanKey(traceId: string, spanId: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  };
  mix(traceId);
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  h1 = Math.imul(h1 ^ 0x2f, 2654435761);
  h2 = Math.imul(h2 ^ 0x2f, 1597334677);
  mix(spanId);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // 0 is RecentSpans' empty slot.
  return 4294967296 * (0xfffff & h2) + (h1 >>> 0) || 1;
}

/**
 * A number for each of the keys set lately: at least the last `generation` keys, at most twice as many. Two
 * open-addressing tables of Float64 keys and numbers (32 bytes a key at most half full); when the newer one holds
 * `generation` keys, the older is emptied and becomes the newer. Its tables are made on the first key set.
 */
export class RecentSpans {
  /** Key and number of each slot, side by side; a key of 0 is an empty slot. */
  private newer: Float64Array | undefined;
  private older: Float64Array | undefined;
  private size = 0;
  private readonly mask: number;

  constructor(private readonly generation: number) {
    this.mask = 2 ** Math.ceil(Math.log2(generation * 2)) - 1;
  }

  /** The number set for `key`, or undefined when it was not set lately. */
  get(key: number): number | undefined {
    return (this.newer === undefined ? undefined : this.find(this.newer, key)) ?? (this.older === undefined ? undefined : this.find(this.older, key));
  }

  /** Sets `key`'s number, unless it has one already. */
  set(key: number, value: number): void {
    this.newer ??= new Float64Array(2 * (this.mask + 1));
    let slot = key & this.mask;
    for (;;) {
      const held = this.newer[2 * slot]!;
      if (held === key) return;
      if (held === 0) break;
      slot = (slot + 1) & this.mask;
    }
    if (this.size === this.generation) {
      const emptied = this.older ?? new Float64Array(2 * (this.mask + 1));
      emptied.fill(0);
      this.older = this.newer;
      this.newer = emptied;
      this.size = 0;
      return this.set(key, value);
    }
    this.newer[2 * slot] = key;
    this.newer[2 * slot + 1] = value;
    this.size++;
  }

  private find(table: Float64Array, key: number): number | undefined {
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const held = table[2 * slot]!;
      if (held === key) return table[2 * slot + 1]!;
      if (held === 0) return undefined;
    }
  }
}
