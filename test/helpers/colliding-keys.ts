/** Keys whose hashes collide in core/interned-keys.ts, to check that such keys stay apart. */
import { hashOf } from "../../src/core/interned-keys.js";

/** `text`'s characters as bytes, one each (Latin-1), inside other bytes that must not be read. */
export function latin1Span(text: string): [Uint8Array, number, number] {
  return [Buffer.from(`<${text}>`, "latin1"), 1, text.length + 1];
}

/**
 * Two different keys of the same 32-bit hash: the first pair met among random 12-character ids (by the birthday
 * bound, after ~80,000 of them; counted ids, being alike, take millions).
 */
export function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  const bytes = new Uint8Array(16);
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (;;) {
    const key = (random() >>> 4).toString(36).padStart(6, "0") + (random() >>> 4).toString(36).padStart(6, "0");
    for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i);
    const hash = hashOf(bytes, 0, key.length);
    const other = seen.get(hash);
    if (other !== undefined && other !== key) return [other, key];
    seen.set(hash, key);
  }
}
