import { describe, expect, it } from "vitest";
import { InternedKeys } from "../../src/core/interned-keys.js";

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
});
