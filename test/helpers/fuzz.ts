/**
 * Fuzzing decoders through the real ingest path: seed documents per format (its example line and the fixture
 * files it recognises), mutators that damage them, and a runner that checks the accounting of every run.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { UserError } from "../../src/base/errors.js";
import type { Histogram } from "../../src/core/histogram.js";
import { ingestChunks, type InputResult } from "../../src/ingest/ingest.js";
import { type SampleConsumer } from "../../src/core/sample.js";
import { MAX_LATENCY_NS } from "../../src/base/units.js";
import { detectFormat } from "../../src/formats/detect.js";
import type { DecodeOptions, Format } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";
import { REPO_ROOT } from "./run-cli.js";

/** Generated inputs per decoder: `NUM_RUNS` from the environment (`npm run fuzz` sets 100000), else `fallback`. */
export function numRuns(fallback: number): number {
  const fromEnv = Number(process.env.NUM_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/** Lines of a seed document kept: enough to pass a header and reach records. */
const SEED_LINES = 12;
/** Fixture files larger than this are read only in part. */
const SEED_BYTES = 64 * 1024;

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...filesUnder(full));
    else files.push(full);
  }
  return files;
}

function fixtureLines(file: string): string[] {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return [];
    }
  }
  return bytes.subarray(0, SEED_BYTES).toString("utf8").split("\n").map((l) => l.replace(/\r$/, ""));
}

let allFixtures: { file: string; lines: string[] }[] | undefined;

/**
 * Seed documents for a format, each a few lines: its example line, the files under fixtures/formats/<name>/, and
 * every other fixture file that format detection gives to it (so new formats and fixtures are picked up).
 */
export function seedDocuments(format: Format, formats: readonly Format[]): string[][] {
  allFixtures ??= filesUnder(path.join(REPO_ROOT, "fixtures"))
    .filter((f) => !f.endsWith(".xsd"))
    .map((file) => ({ file, lines: fixtureLines(file) }));
  const seeds: string[][] = [[format.example], [format.example, format.example]];
  const ownDir = `${path.sep}formats${path.sep}${format.name}${path.sep}`;
  for (const { file, lines } of allFixtures) {
    const own = file.includes(ownDir);
    if (own || detectFormat(lines.slice(0, 200), formats).format === format) seeds.push(lines.slice(0, SEED_LINES));
  }
  return seeds;
}

/** Text that breaks parsers: delimiters, quotes, escapes, line-ish characters. */
const PUNCTUATION = [",", "\t", '"', "'", "{", "}", "[", "]", ":", " ", "\\", "\r", "\0", "|", "=", "-", ".", "#", "<", ">", "&", "\u2028"];
/** Numbers that are not ordinary latencies. */
const ODD_NUMBERS = ["1e308", "1e309", "-1e308", "-0", "-0.0000001", "NaN", "Infinity", "-Infinity", "9".repeat(400), "0x10", "1e-400", "1_000", "00000000000000000001", "4503599627370497", "1.7976931348623157e308", ".5", "5.", "+5", "1e", "--1", ""];
/** Unicode that is easy to get wrong: micro signs, BOM, lone surrogate, wide and combining characters. */
const ODD_UNICODE = ["µ", "μ", "\uFEFF", "\uD800", "\uDC00", "😀", "e\u0301", "\u202E", "\uFFFD", "ｍｓ", "٣"];

type Mutation = (lines: string[], rng: () => number) => string[];

const pick = <T>(items: readonly T[], rng: () => number): T => items[Math.floor(rng() * items.length)]!;
const at = (lines: string[], rng: () => number) => Math.floor(rng() * lines.length);
const position = (line: string, rng: () => number) => Math.floor(rng() * (line.length + 1));
const insert = (line: string, where: number, text: string) => line.slice(0, where) + text + line.slice(where);

function replaceLine(lines: string[], index: number, line: string): string[] {
  const copy = [...lines];
  copy[index] = line;
  return copy;
}

const MUTATIONS: readonly Mutation[] = [
  // Truncate a line.
  (lines, rng) => {
    const i = at(lines, rng);
    return replaceLine(lines, i, lines[i]!.slice(0, position(lines[i]!, rng)));
  },
  // Duplicate, delete or swap lines.
  (lines, rng) => {
    const i = at(lines, rng);
    return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
  },
  (lines, rng) => {
    const i = at(lines, rng);
    return lines.length > 1 ? [...lines.slice(0, i), ...lines.slice(i + 1)] : lines;
  },
  (lines, rng) => {
    const copy = [...lines];
    const i = at(lines, rng);
    const j = at(lines, rng);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy;
  },
  // Insert a delimiter, quote or escape.
  (lines, rng) => {
    const i = at(lines, rng);
    return replaceLine(lines, i, insert(lines[i]!, position(lines[i]!, rng), pick(PUNCTUATION, rng)));
  },
  // Replace a number with an odd one.
  (lines, rng) => {
    const i = at(lines, rng);
    const numbers = [...lines[i]!.matchAll(/\d+(?:\.\d+)?/g)];
    if (numbers.length === 0) return replaceLine(lines, i, insert(lines[i]!, position(lines[i]!, rng), pick(ODD_NUMBERS, rng)));
    const n = pick(numbers, rng);
    return replaceLine(lines, i, lines[i]!.slice(0, n.index) + pick(ODD_NUMBERS, rng) + lines[i]!.slice(n.index + n[0].length));
  },
  // Insert odd unicode.
  (lines, rng) => {
    const i = at(lines, rng);
    return replaceLine(lines, i, insert(lines[i]!, position(lines[i]!, rng), pick(ODD_UNICODE, rng)));
  },
  // Repeat a slice of a line many times (long lines of one pattern).
  (lines, rng) => {
    const i = at(lines, rng);
    const line = lines[i]!;
    const from = position(line, rng);
    const slice = line.slice(from, from + 1 + Math.floor(rng() * 4)) || pick(PUNCTUATION, rng);
    return replaceLine(lines, i, insert(line, from, slice.repeat(1 + Math.floor(rng() * 500))));
  },
  // Split a line in two, or join two lines.
  (lines, rng) => {
    const i = at(lines, rng);
    const where = position(lines[i]!, rng);
    return [...lines.slice(0, i), lines[i]!.slice(0, where), lines[i]!.slice(where), ...lines.slice(i + 1)];
  },
  (lines, rng) => {
    const i = at(lines, rng);
    if (i + 1 >= lines.length) return lines;
    return [...lines.slice(0, i), lines[i]! + lines[i + 1]!, ...lines.slice(i + 2)];
  },
  // Blank lines and comments in between.
  (lines, rng) => {
    const i = at(lines, rng);
    return [...lines.slice(0, i), pick(["", "   ", "#", "# comment", "\t"], rng), ...lines.slice(i)];
  },
];

/** Replaces the `n`th match of `pattern` in a random line by `replacement(match, rng)`. */
function replaceMatch(pattern: RegExp, replacement: (match: string, rng: () => number) => string): Mutation {
  return (lines, rng) => {
    const i = at(lines, rng);
    const matches = [...lines[i]!.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`))];
    if (matches.length === 0) return lines;
    const m = pick(matches, rng);
    return replaceLine(lines, i, lines[i]!.slice(0, m.index) + replacement(m[0], rng) + lines[i]!.slice(m.index! + m[0].length));
  };
}

/** Counts and sizes a format trusts: 2^53 ± 1, zero, negative, exponent, fraction. */
const ODD_COUNTS = ["9007199254740991", "9007199254740992", "0", "-1", "1e20", "1.5", "4294967296"];
/** Text that ends or escapes a quoted access-log field early, or fills it oddly. */
const ODD_QUOTED = ['"', '\\"', '"-"', '" "', '"GET / HTTP/1.1" "', "\\", '""'];

/**
 * Mutations aimed at one format's grammar, on top of the generic ones: spectrum counts (hgrm), quoted fields and
 * brackets of access logs, JMeter XML elements, Gatling record types, JSON values of k6 and vegeta.
 */
const FORMAT_MUTATIONS: Readonly<Record<string, readonly Mutation[]>> = {
  hgrm: [replaceMatch(/(?<=\s)\d+(?=\s+[\d.]+\s*$)|(?<=,)\d+(?=,[^,]*$)/, (_m, rng) => pick(ODD_COUNTS, rng))],
  nginx: [replaceMatch(/"[^"]*"/, (_m, rng) => pick(ODD_QUOTED, rng)), replaceMatch(/\d+\.\d+/, (_m, rng) => pick(ODD_NUMBERS, rng))],
  apache: [replaceMatch(/"[^"]*"/, (_m, rng) => pick(ODD_QUOTED, rng)), replaceMatch(/\[[^\]]*\]/, (_m, rng) => pick(["[]", "[", "[32/Oct/2026:25:61:61 +9999]", "[-]"], rng))],
  envoy: [replaceMatch(/"[^"]*"/, (_m, rng) => pick(ODD_QUOTED, rng)), replaceMatch(/\[[^\]]*\]/, (_m, rng) => pick(["[]", "[2026-13-45T99:99:99Z]", "[-]"], rng))],
  jtl: [
    replaceMatch(/\/>/, () => ">"),
    replaceMatch(/<(httpSample|sample)\b/, (m, rng) => pick([`</${m.slice(1)}>`, `${m} t="1"/><${m.slice(1)}`, "<!-- "], rng)),
    replaceMatch(/\b(t|ts|s)="[^"]*"/, (m, rng) => `${m.split("=")[0]}="${pick(ODD_NUMBERS, rng)}"`),
  ],
  gatling: [replaceMatch(/^[A-Z]+(?=\t)/, (_m, rng) => pick(["REQUEST", "USER", "RUN", "GROUP", "ASSERTION", "ERROR", ""], rng))],
  k6: [replaceMatch(/"value":[^,}]*/, (_m, rng) => `"value":${pick([...ODD_NUMBERS.filter((n) => /^-?[\d.e+]+$/.test(n)), "null", '"1"', "[]", "{}"], rng)}`)],
  hlog: [
    // Wrong cookies, and base64 damaged at a random place (a bad character, a cut, stray padding).
    replaceMatch(/\b(?:D?HIST[A-Za-z])/, (_m, rng) => pick(["HISTF", "HISTI", "HISTi", "HISTg", "DHISTw", "HISTX", "HIST", ""], rng)),
    replaceMatch(/(?<=HIST[A-Za-z])[A-Za-z0-9+/=]+/, (m, rng) => {
      const at = Math.floor(rng() * (m.length + 1));
      return pick([m.slice(0, at) + "!" + m.slice(at + 1), m.slice(0, at), `${m}=`, m.slice(0, at) + "====" + m.slice(at)], rng);
    }),
    replaceMatch(/^(?:Tag=[^,]*,)?[\d.]+,[\d.]+/, (m, rng) => m.replace(/[\d.]+$/, pick(ODD_NUMBERS, rng))),
  ],
  vegeta: [replaceMatch(/"(latency|code|timestamp)":[^,}]*/, (m, rng) => `${m.split(":")[0]}:${pick(["null", '"x"', "-1", "1e400", "9007199254740993", '"2026-13-01T00:00:00Z"'], rng)}`)],
};

/** The mutations for `formatName`: the generic ones and, where there are some, its own. */
export function mutationsFor(formatName: string | undefined): readonly Mutation[] {
  return [...MUTATIONS, ...((formatName === undefined ? undefined : FORMAT_MUTATIONS[formatName]) ?? [])];
}

/** A seed document damaged by one to five mutations (of `mutations`, by default the generic ones). */
export function mutatedDocument(seeds: readonly string[][], mutations: readonly Mutation[] = MUTATIONS): fc.Arbitrary<string[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(fc.nat(mutations.length - 1), { minLength: 1, maxLength: 5 }), fc.integer())
    .map(([seed, picked, salt]) => {
      // A small deterministic generator, so fast-check can replay and shrink by the salt.
      let state = salt >>> 0 || 1;
      const rng = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 2 ** 32;
      };
      let lines = seeds[seed]!;
      for (const m of picked) lines = mutations[m]!(lines.length === 0 ? [""] : lines, rng);
      return lines;
    });
}

/** How a document's lines become bytes: line ending, final newline, byte-order mark, and bytes flipped after. */
export const layout = fc.record({
  eol: fc.constantFrom("\n", "\r\n"),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
  // Positions (taken modulo the length) and XOR masks: flipped bytes make invalid UTF-8, NULs, stray newlines.
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
});

export type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

export function documentBytes(lines: readonly string[], { eol, finalNewline, bom, flips }: Layout): Buffer {
  const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : "");
  const bytes = Buffer.from((bom ? "\uFEFF" : "") + text, "utf8");
  for (const [where, mask] of flips) if (bytes.length > 0) bytes[where % bytes.length] ^= mask;
  return bytes;
}

/** Decode options to try every decoder with: none, units, and columns/fields that exist or not. */
export const decodeOptions: fc.Arbitrary<DecodeOptions> = fc.constantFrom<DecodeOptions>(
  {},
  {},
  {},
  { unit: "us" },
  { unit: "s" },
  { column: "2" },
  { column: "99" },
  { column: "latency" },
  { field: "latency_ms" },
  { field: "a.b.__proto__" },
  { field: "__proto__" },
  { field: "constructor" },
  { time: "1", timeUnit: "ms" } as DecodeOptions,
  { key: "2" } as DecodeOptions,
  { key: "toString" } as DecodeOptions,
);

/** Cut points that split an input into chunks as reads would. */
export const cuts = fc.array(fc.nat(), { maxLength: 6 });

/** Counts what reached the consumer, checking each latency is one a histogram can take. */
export class CountingConsumer implements SampleConsumer {
  count = 0;

  value(latencyNs: number): void {
    this.check(latencyNs);
    this.count++;
  }

  values(batch: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) this.check(batch[i]!);
    this.count += count;
  }

  /** An hlog interval: its histogram's requests (the watched sink expects them, see `watched`). */
  intervalHistogram(histogram: Histogram): void {
    if (!Number.isSafeInteger(histogram.totalCount) || histogram.totalCount < 0) throw new Error(`histogram total ${histogram.totalCount}`);
    this.count += histogram.totalCount;
  }

  repeated(latencyNs: number, count: number): void {
    this.check(latencyNs);
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`repeat count ${count}`);
    this.count += count;
  }

  sample(sample: Sample): void {
    this.check(sample.latencyNs);
    if (sample.startNs !== undefined && !Number.isFinite(sample.startNs)) throw new Error(`start time ${sample.startNs}`);
    if (sample.key !== undefined && typeof sample.key !== "string") throw new Error(`key ${String(sample.key)}`);
    this.count++;
  }

  private check(ns: number): void {
    if (!Number.isSafeInteger(ns) || ns < 0 || ns > MAX_LATENCY_NS || Object.is(ns, -0)) throw new Error(`unrecordable latency ${ns}`);
  }
}

/** Cuts `bytes` into chunks at the given points. */
export function chunked(bytes: Buffer, points: readonly number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let previous = 0;
  for (const p of [...sorted, bytes.length]) {
    if (p > previous) chunks.push(bytes.subarray(previous, p));
    previous = p;
  }
  return chunks;
}

/** Lines the line splitter must find in `bytes`: every `\n` ends one, and so does the end after other bytes. */
export function expectedLines(bytes: Buffer): number {
  const text = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let lines = 0;
  for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) lines++;
  return text.length > 0 && text[text.length - 1] !== 10 ? lines + 1 : lines;
}

export type FuzzOutcome =
  | {
      kind: "read";
      result: InputResult;
      consumer: CountingConsumer;
      /**
       * Values the consumer should have: one per recorded line, plus count − 1 for each `repeated(ns, count)` line
       * and totalCount − 1 for each `intervalHistogram` (an hlog interval) line.
       */
      expectedValues: number | undefined;
      ms: number;
    }
  | { kind: "refused"; error: UserError; ms: number };

/**
 * `format` with its decoders' sinks watched: a line booked with `repeated(ns, count)` or `intervalHistogram(h)` is
 * one recorded line but `count` (`h.totalCount`) values for the consumer, so the extra values are tallied in
 * `watch.extra`.
 */
function watched(format: Format, watch: { extra: number }): Format {
  return {
    ...format,
    createDecoder: (options) => {
      const decoder = format.createDecoder(options);
      const wrap = <S extends object>(sink: S): S =>
        new Proxy(sink, {
          get(target, property) {
            const member = Reflect.get(target, property) as unknown;
            if (property === "repeated" && typeof member === "function") {
              return (ns: number, count: number) => {
                watch.extra += count - 1;
                return (member as (ns: number, count: number) => void).call(target, ns, count);
              };
            }
            // A line booked into bucket counts is recorded, but no value reaches the consumer.
            if (property === "bucketLine" && typeof member === "function") {
              return () => {
                watch.extra -= 1;
                return (member as () => void).call(target);
              };
            }
            if (property === "intervalHistogram" && typeof member === "function") {
              return (histogram: { totalCount: number }, ...rest: unknown[]) => {
                watch.extra += histogram.totalCount - 1;
                return (member as (...a: unknown[]) => void).call(target, histogram, ...rest);
              };
            }
            return typeof member === "function" ? (member as (...args: unknown[]) => unknown).bind(target) : member;
          },
        });
      return new Proxy(decoder, {
        get(target, property) {
          const member = Reflect.get(target, property) as unknown;
          if (typeof member !== "function") return member;
          // Every method that takes a sink (line, decodeBlock, end…) gets the watched one; others run as they are.
          return (...args: unknown[]) =>
            (member as (...a: unknown[]) => unknown).apply(
              target,
              args.map((a) => (typeof a === "object" && a !== null && "reject" in a ? wrap(a) : a)),
            );
        },
      });
    },
  };
}

/**
 * Runs `bytes` (cut into chunks) through the real ingest path with `format` (detected when undefined). Returns what
 * was read, or the UserError it was refused with; any other exception is a bug and propagates.
 */
export async function fuzzIngest(format: Format | undefined, bytes: Buffer, points: readonly number[], decode: DecodeOptions, strict = false): Promise<FuzzOutcome> {
  const consumer = new CountingConsumer();
  const chunks = chunked(bytes, points);
  async function* source(): AsyncGenerator<Buffer> {
    // Copies, as a reused read buffer would be overwritten under a decoder that kept a reference.
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const watch = { extra: 0 };
  const started = performance.now();
  try {
    const options = { format: format === undefined ? undefined : watched(format, watch), decode, strict, buckets: true, notice: () => {}, debug: () => {} };
    const result = await ingestChunks("fuzz.log", source(), options, consumer);
    // With detection the registry's own decoders run, unwatched: their `repeated` lines cannot be told apart.
    const expectedValues = format === undefined ? undefined : result.accounting.recorded + watch.extra;
    return { kind: "read", result, consumer, expectedValues, ms: performance.now() - started };
  } catch (error) {
    if (error instanceof UserError) return { kind: "refused", error, ms: performance.now() - started };
    throw error;
  }
}

/** Characters whose long runs make backtracking parsers blow up: quotes, spaces, digits, delimiters, brackets. */
const RUN_CHARACTERS = [" ", '"', "1", ",", "\t", "[", "{", ":", ".", "-", "\\", "/", "a", "="];

/**
 * Lines of about `length` characters crafted to make a parser backtrack: long runs of one character inserted into
 * the format's example line (at the first and the last place that character appears), then followed by a character
 * that fails the match; and standalone runs of repeated patterns.
 */
export function craftedLongLines(format: Format, length = 100_000): string[] {
  const example = format.example;
  const lines: string[] = [];
  for (const c of RUN_CHARACTERS) {
    const first = example.indexOf(c);
    const last = example.lastIndexOf(c);
    if (first >= 0) {
      lines.push(example.slice(0, first) + c.repeat(length) + example.slice(first));
      // The same run then a character that fails the match where the run ends: worst case for a backtracker.
      lines.push(example.slice(0, first) + c.repeat(length) + "\u0001" + example.slice(first));
    }
    if (last > first) lines.push(example.slice(0, last) + c.repeat(length) + "\u0001" + example.slice(last));
    lines.push(example + c.repeat(length) + "\u0001");
  }
  for (const pattern of ['"', " ", "1", "1 ", '" ', '""', '"",', '\\"', "1.", "1e", "µ", '{"a":', "[", "- ", "% "]) {
    lines.push(pattern.repeat(Math.ceil(length / pattern.length)) + "!");
  }
  return lines;
}
