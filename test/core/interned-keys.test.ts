import { describe, expect, it } from "vitest";
import { hashOf, InternedKeys } from "../../src/core/interned-keys.js";
import { collidingPair, latin1Span } from "../helpers/colliding-keys.js";

describe("InternedKeys", () => {
  it("numbers keys in order of first sight and gives each back, across chunks and table growth", () => {
    let seed = 3;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    // Packed keys up to 255 Latin-1 characters (250-character ones fill the 1 MB byte chunks unevenly), and
    // Map ones: non-Latin-1 or longer.
    const shapes = [(n: number) => `u${n}`, (n: number) => `${"x".repeat(240)}${n}`, (n: number) => `é${n}`, (n: number) => `ü€${n}`, (n: number) => "y".repeat(250 + (n % 10)) + n];
    const keys = new InternedKeys();
    const expected = new Map<string, number>();
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const n = random(40_000);
      const key = shapes[n % shapes.length]!(n);
      if (!expected.has(key)) expected.set(key, expected.size);
      if (keys.indexOf(key) !== expected.get(key)) wrong.push(key);
    }
    for (const [key, index] of expected) if (keys.keyAt(index) !== key) wrong.push(key);
    expect(wrong).toEqual([]);
    expect(keys.size).toBe(expected.size);
  });

  it("keeps two keys of the same hash apart, before and after the table grows", () => {
    const [a, b] = collidingPair();
    expect(a).not.toBe(b);
    expect(hashOf(...latin1Span(a))).toBe(hashOf(...latin1Span(b)));
    const keys = new InternedKeys();
    expect([keys.indexOf(a), keys.indexOfBytes(...latin1Span(b)), keys.indexOfBytes(...latin1Span(a)), keys.indexOf(b)]).toEqual([0, 1, 0, 1]);
    for (let i = 0; i < 20_000; i++) keys.indexOf(`other-${i}`);
    expect([keys.indexOfBytes(...latin1Span(b)), keys.indexOf(a), keys.keyAt(0), keys.keyAt(1), keys.size]).toEqual([1, 0, a, b, 20_002]);
  });

  it("gives a key the same number whether it comes as bytes or as a string", () => {
    let seed = 11;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    // Latin-1 keys of every byte value, short and long (past 255 characters they are Map keys).
    const makeKey = (n: number) => String.fromCharCode(...Array.from({ length: 1 + (n % 7 === 0 ? 250 + (n % 20) : n % 12) }, (_, i) => (n * 31 + i * 7) % 256));
    const keys = new InternedKeys();
    const expected = new Map<string, number>();
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const key = makeKey(random(20_000));
      if (!expected.has(key)) expected.set(key, expected.size);
      const index = i % 2 === 0 ? keys.indexOf(key) : keys.indexOfBytes(...latin1Span(key));
      if (index !== expected.get(key)) wrong.push(key);
    }
    for (const [key, index] of expected) if (keys.keyAt(index) !== key) wrong.push(key);
    expect(wrong).toEqual([]);
  });

  it("keeps every number in its slot when Map keys come first and outnumber the table", () => {
    // Map keys take numbers but no slots; the packed keys after them still need their numbers kept in full.
    const keys = new InternedKeys();
    const ids = [...Array.from({ length: 30_000 }, (_, i) => `用户${i}`), ...Array.from({ length: 10_000 }, (_, i) => `u${i}`)];
    // Each looked up again at once, before another new key would grow the table.
    expect(ids.map((id) => [keys.indexOf(id), keys.indexOf(id)])).toEqual(ids.map((_, i) => [i, i]));
    expect(ids.map((id) => keys.indexOf(id))).toEqual(ids.map((_, i) => i));
    expect(ids.map((_, i) => keys.keyAt(i))).toEqual(ids);
  });

  it("finds each key's bytes after those that did not fit at the end of a chunk", () => {
    // ~6 MB of keys of 200-255 characters: a key that would straddle two 1 MB chunks starts the next one.
    const ids = Array.from({ length: 25_000 }, (_, i) => `${i}-`.padEnd(200 + ((i * 37) % 56), String.fromCharCode(97 + (i % 26))));
    const keys = new InternedKeys();
    for (const id of ids) keys.indexOf(id);
    const wrong = ids.filter((id, i) => keys.keyAt(i) !== id || keys.indexOf(id) !== i || keys.indexOfBytes(...latin1Span(id)) !== i);
    expect(wrong).toEqual([]);
    expect(keys.size).toBe(ids.length);
  });

  it("numbers the empty key too, among the others, and gives it back", () => {
    const keys = new InternedKeys();
    const ids = ["a", "", "bb", "\u0100", ""];
    expect(ids.map((id) => keys.indexOf(id))).toEqual([0, 1, 2, 3, 1]);
    expect([0, 1, 2, 3].map((i) => keys.keyAt(i))).toEqual(["a", "", "bb", "\u0100"]);
  });
});
