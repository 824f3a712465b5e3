/**
 * Numbers distinct strings 0, 1, 2… in order of first sight, in typed arrays rather than a Map of strings: a
 * `--session` column names millions of users, and a Map entry with its string costs ~80 bytes and a place in
 * every garbage collection, where a key here costs its bytes plus ~10. Keys of Latin-1 characters (ids, hex,
 * UUIDs, e-mail addresses) go into one byte array; any other key, or a long one, into a Map of its own.
 */

/** Longest key kept in the byte array; longer ones are rare enough for the Map. */
const MAX_PACKED_LENGTH = 255;
/** The hash table grows to twice its size when this share of its slots is taken. */
const MAX_LOAD = 0.7;

export class InternedKeys {
  /** Number of distinct keys. */
  size = 0;
  /** Hash table: index + 1 of the key in each slot, 0 for an empty slot (linear probing). */
  private slots = new Int32Array(1 << 12);
  /** Key i's bytes are `bytes[starts[i], starts[i + 1])`; an empty span marks a key kept in `unpacked`. */
  private bytes = new Uint8Array(1 << 14);
  private starts = new Uint32Array(1 << 10);
  private readonly unpacked = new Map<string, number>();
  private readonly unpackedKeys = new Map<number, string>();

  /** The number of `key` (a new one when it was not seen before). Not for "": the empty span marks a Map key. */
  indexOf(key: string): number {
    const length = key.length;
    if (length > MAX_PACKED_LENGTH) return this.unpackedIndexOf(key);
    let hash = length;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      if (code > 0xff) return this.unpackedIndexOf(key);
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    const mask = this.slots.length - 1;
    const { slots, bytes, starts } = this;
    for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const taken = slots[slot]!;
      if (taken === 0) {
        const index = this.pack(key);
        slots[slot] = index + 1;
        if (this.size > slots.length * MAX_LOAD) this.rehash();
        return index;
      }
      const index = taken - 1;
      const start = starts[index]!;
      if (starts[index + 1]! - start !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (bytes[start + i] !== key.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return index;
    }
  }

  /** Key number `index`. */
  keyAt(index: number): string {
    const start = this.starts[index]!;
    const end = this.starts[index + 1]!;
    if (start === end) return this.unpackedKeys.get(index)!;
    return String.fromCharCode.apply(null, this.bytes.subarray(start, end) as unknown as number[]);
  }

  /** Adds a new Latin-1 key at the end of the byte array; its number. */
  private pack(key: string): number {
    const start = this.starts[this.size]!;
    if (start + key.length > this.bytes.length) this.bytes = grown(this.bytes, start + key.length);
    for (let i = 0; i < key.length; i++) this.bytes[start + i] = key.charCodeAt(i);
    return this.added(start + key.length);
  }

  private unpackedIndexOf(key: string): number {
    let index = this.unpacked.get(key);
    if (index === undefined) {
      index = this.added(this.starts[this.size]!);
      this.unpacked.set(key, index);
      this.unpackedKeys.set(index, key);
    }
    return index;
  }

  /** Counts a new key whose bytes end at `end`; its number. */
  private added(end: number): number {
    if (this.size + 2 > this.starts.length) this.starts = grown(this.starts, this.size + 2);
    this.starts[this.size + 1] = end;
    return this.size++;
  }

  /** Twice the slots, every packed key placed again. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      const start = this.starts[index]!;
      const end = this.starts[index + 1]!;
      if (start === end) continue;
      let hash = end - start;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ this.bytes[i]!, 0x01000193);
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `array` with room for `least` elements, half as many again as now or more. */
function grown<T extends Uint8Array | Uint32Array>(array: T, least: number): T {
  const larger = new (array.constructor as new (length: number) => T)(Math.max(Math.ceil(array.length * 1.5), least));
  larger.set(array);
  return larger;
}
