/**
 * Fuzzes every decoder in the registry through the real ingest path (line splitting, block fast paths, the
 * accounting): arbitrary bytes, arbitrary text, and damaged copies of the format's example and fixture lines.
 * Whatever the input, reading ends with every line accounted for, or with a one-line UserError naming the input
 * (the documented refusals: a header without a usable column, a flag naming a missing column, UTF-16, no format).
 *
 * `npm test` runs a few hundred inputs per decoder; `npm run fuzz` (NUM_RUNS=100000) runs 10^5 per decoder.
 * A failure prints fast-check's seed and the shrunk input; replay it with FUZZ_SEED=<seed>.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { ingest } from "../../src/ingest/ingest.js";
import { FORMATS } from "../../src/formats/registry.js";
import type { DecodeOptions, Format } from "../../src/formats/types.js";
import { CountingConsumer, craftedLongLines, cuts, mutationsFor, decodeOptions, documentBytes, expectedLines, fuzzIngest, layout, mutatedDocument, numRuns, seedDocuments, type FuzzOutcome } from "../helpers/fuzz.js";

/** Inputs per decoder, split over the properties below. */
const RUNS = numRuns(400);
/** No generated input (a few KB at most) may take longer than this: a hang or quadratic blow-up, not noise. */
const BUDGET_MS = 2_000;
/** For one crafted 10^5-character line. */
const LONG_LINE_BOUND_MS = 1_000;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** The long fuzz runs take minutes; npm test's take seconds. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 3);

function params(share: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(RUNS * share)), seed, endOnFailure: true };
}

/** What every run must satisfy, read or refused. */
function checkOutcome(outcome: FuzzOutcome, bytes: Buffer, strict = false): void {
  expect(outcome.ms).toBeLessThan(BUDGET_MS);
  if (outcome.kind === "refused") {
    const { message, hint } = outcome.error;
    expect(message).toMatch(/^fuzz\.log[:]/);
    expect(message).not.toMatch(/[\r\n]/);
    expect(hint ?? "").not.toMatch(/[\r\n]/);
    return;
  }
  const { accounting, format } = outcome.result;
  expect(FORMATS.map((f) => f.name)).toContain(format);
  // Document formats account for records (spans, details) rather than lines.
  if (accounting.entries === "lines") expect(accounting.lines).toBe(expectedLines(bytes));
  else expect(FORMATS.find((f) => f.name === format)?.readsDocuments).toBe(true);
  expect(accounting.recorded + accounting.skipped + accounting.rejected).toBe(accounting.lines);
  if (outcome.expectedValues !== undefined) expect(outcome.consumer.count).toBe(outcome.expectedValues);
  expect(Object.values(accounting.rejectedByReason).reduce((a, b) => a + b, 0)).toBe(accounting.rejected);
  if (strict) expect(accounting.rejected).toBe(0);
}

const textLines = fc.array(fc.string({ unit: "binary", maxLength: 120 }), { maxLength: 25 });

describe.each(FORMATS.map((f) => [f.name, f] as const))(`fuzz %s (${RUNS} inputs)`, (_name, format: Format) => {
  const seeds = seedDocuments(format, FORMATS);
  const mutations = mutationsFor(format.name);

  it("arbitrary bytes", { timeout: TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), cuts, decodeOptions, async (array, points, options: DecodeOptions) => {
        const bytes = Buffer.from(array);
        checkOutcome(await fuzzIngest(format, bytes, points, options), bytes);
      }),
      params(0.2),
    );
  });

  it("arbitrary text lines", { timeout: TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(textLines, layout, cuts, decodeOptions, async (lines, how, points, options: DecodeOptions) => {
        const bytes = documentBytes(lines, how);
        checkOutcome(await fuzzIngest(format, bytes, points, options), bytes);
      }),
      params(0.2),
    );
  });

  it(`damaged example and fixture lines (${seeds.length} seeds)`, { timeout: TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDocument(seeds, mutations), layout, cuts, decodeOptions, async (lines, how, points, options: DecodeOptions) => {
        const bytes = documentBytes(lines, how);
        checkOutcome(await fuzzIngest(format, bytes, points, options), bytes);
      }),
      params(0.5),
    );
  });

  it("damaged lines with --strict: read whole, or stopped by a one-line error", { timeout: TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDocument(seeds, mutations), layout, cuts, async (lines, how, points) => {
        const bytes = documentBytes(lines, how);
        checkOutcome(await fuzzIngest(format, bytes, points, {}, true), bytes, true);
      }),
      params(0.1),
    );
  });

  it("crafted 10^5-character lines (runs of quotes, spaces, digits…) each take well under a second", { timeout: TIMEOUT_MS }, async () => {
    // A header from a fixture first, so that the long line is read as a record too, not only as a header.
    const header = seeds.find((s) => s.length > 1)?.slice(0, 1) ?? [];
    for (const line of craftedLongLines(format)) {
      for (const lines of [[line], [...header, line, format.example]]) {
        const bytes = documentBytes(lines, { eol: "\n", finalNewline: true, bom: false, flips: [] });
        const outcome = await fuzzIngest(format, bytes, [], {});
        checkOutcome(outcome, bytes);
        // Linear code reads 100 KB in a few ms; a quadratic parser takes seconds. Loose for a shared CI machine.
        expect(outcome.ms, `${format.name}: ${JSON.stringify(line.slice(0, 60))}…`).toBeLessThan(LONG_LINE_BOUND_MS);
      }
    }
  });

  it("undamaged seeds are read without a refusal", async () => {
    for (const lines of seeds) {
      const bytes = documentBytes(lines, { eol: "\n", finalNewline: true, bom: false, flips: [] });
      const outcome = await fuzzIngest(format, bytes, [], {});
      checkOutcome(outcome, bytes);
    }
  });
});

describe("fuzz gzip", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-fuzz-gz-"));
  const seeds = FORMATS.flatMap((f) => seedDocuments(f, FORMATS));

  it("damaged gzip input is read or refused with the byte offset, never a raw zlib error", { timeout: TIMEOUT_MS }, async () => {
    const file = path.join(dir, "input.gz");
    await fc.assert(
      fc.asyncProperty(mutatedDocument(seeds), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 2 }), async (lines, cut, flips) => {
        const whole = gzipSync(lines.join("\n"));
        const bytes = Buffer.from(whole.subarray(0, whole.length - (cut % Math.min(40, whole.length))));
        for (const [where, mask] of flips) bytes[where % bytes.length] ^= mask;
        writeFileSync(file, bytes);
        const options = { decode: {}, strict: false, notice: () => {}, debug: () => {} };
        try {
          const result = await ingest(file, options, new CountingConsumer());
          const { accounting } = result;
          expect(accounting.recorded + accounting.skipped + accounting.rejected).toBe(accounting.lines);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          expect(error.message).not.toMatch(/[\r\n]/);
          expect(error.message.startsWith(file)).toBe(true);
          if (/gzip/.test(error.message)) expect(error.message).toMatch(/(truncated|corrupt) gzip data at compressed byte \d+$/);
        }
      }),
      { ...params(0.05), numRuns: Math.max(20, Math.round(RUNS * 0.05)) },
    );
  });
});

describe("fuzz format detection", () => {
  const seeds = FORMATS.flatMap((f) => seedDocuments(f, FORMATS));

  it("any input is detected as some format and read, or refused in one line", { timeout: TIMEOUT_MS }, async () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
      fc.tuple(textLines, layout).map(([lines, how]) => documentBytes(lines, how)),
      fc.tuple(mutatedDocument(seeds), layout).map(([lines, how]) => documentBytes(lines, how)),
    );
    await fc.assert(
      fc.asyncProperty(input, cuts, async (bytes, points) => {
        checkOutcome(await fuzzIngest(undefined, bytes, points, {}), bytes);
      }),
      params(0.5),
    );
  });
});
