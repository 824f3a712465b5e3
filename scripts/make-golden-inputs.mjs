#!/usr/bin/env node
// Writes the inputs of the .hgrm golden files, fixtures/golden/hgrm/<name>.txt: one integer nanosecond value per
// line. Deterministic: every random input has its own fixed seed. Run by scripts/make-golden-hgrm.sh.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "golden", "hgrm");
const MS = 1e6;

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random) {
  // Box–Muller; 1 - random() keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const times = (n, f) => Array.from({ length: n }, (_, i) => f(i));

function shuffle(values, random) {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

export const INPUTS = {
  // No values at all: header and zero footer only.
  empty: () => [],
  // One value of about 123 ms.
  single: () => [123_456_789],
  // A handful of small values, including 0 and the edges of the first two buckets (2048 sub-buckets at 3 digits).
  tiny: () => shuffle([0, 1, 2, 3, 7, 100, 999, 1000, 1024, 2047, 2048, 2049, 4095, 4096, 12345], seededRandom(1)),
  // 10,000 latencies, lognormal around 2 ms.
  lognormal: () => {
    const random = seededRandom(2);
    return times(10_000, () => Math.round(2 * MS * Math.exp(0.8 * normal(random))));
  },
  // 3,000 values spread log-uniformly from 1 ns to 10 minutes.
  span: () => {
    const random = seededRandom(3);
    return times(3_000, () => Math.round(Math.exp(random() * Math.log(600e9))));
  },
  // 5,000 requests around 1 ms and 300 stalls around 200 ms, interleaved.
  bimodal: () => {
    const random = seededRandom(4);
    const fast = times(5_000, () => Math.max(1, Math.round(MS + 0.1 * MS * normal(random))));
    const slow = times(300, () => Math.max(1, Math.round(200 * MS + 50 * MS * normal(random))));
    return shuffle([...fast, ...slow], random);
  },
  // 2^k - 1, 2^k, 2^k + 1 for k = 0…49, and large values from 2^47 to 10^15 (latstat's largest latency).
  pow2: () => {
    const random = seededRandom(5);
    const edges = times(50, (k) => [2 ** k - 1, 2 ** k, 2 ** k + 1]).flat();
    const large = times(60, () => Math.floor(2 ** 47 + random() * (1e15 - 2 ** 47)));
    return shuffle([...new Set([...edges, ...large, 1e15 - 1, 1e15])], random);
  },
  // HdrHistogram's README example: 10,000 results of 1 ms and one of 100 s (a stall during a 10 ms-interval test).
  "readme-example": () => [...times(10_000, () => MS), 100_000 * MS],
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, make] of Object.entries(INPUTS)) {
    const values = make();
    writeFileSync(join(OUT_DIR, `${name}.txt`), values.map((v) => `${v}\n`).join(""));
  }
}
