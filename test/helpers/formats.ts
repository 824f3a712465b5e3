/** Helpers for the tool-format tests: decoding in memory with every field kept, fixtures, exact statistics. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { expect } from "vitest";
import type { DecodeOptions, Format, RecordSink, SampleSink } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";
import { fixture, runCli } from "./run-cli.js";

export type Decoded =
  | { sample: Sample }
  | { repeated: number; count: number }
  | { skip: string | undefined }
  | { reject: string }
  | { untimedFailure: Omit<Sample, "latencyNs"> };

/** Runs a format's decoder over lines, checking it makes exactly one call per line, and returns what it made. */
export function decodeAll(format: Format, lines: readonly string[], options: DecodeOptions = {}): Decoded[] {
  const decoder = format.createDecoder(options);
  const out: Decoded[] = [];
  const sink: SampleSink = {
    value: (latencyNs) => out.push({ sample: { latencyNs } }),
    sample: (sample) => out.push({ sample }),
    repeated: (latencyNs, count) => out.push({ repeated: latencyNs, count }),
    skip: (reason) => out.push({ skip: reason }),
    reject: (reason) => out.push({ reject: reason }),
    untimedFailure: (request) => out.push({ untimedFailure: request }),
  };
  for (const line of lines) {
    const before = out.length;
    decoder.line(line, sink);
    if (out.length !== before + 1) throw new Error(`decoder made ${out.length - before} outcomes for ${JSON.stringify(line)}`);
  }
  return out;
}

export const samplesOf = (decoded: Decoded[]) => decoded.flatMap((d) => ("sample" in d ? [d.sample] : []));
export const rejectsOf = (decoded: Decoded[]) => decoded.flatMap((d, i) => ("reject" in d ? [{ line: i + 1, reason: d.reject }] : []));

/** Absolute path of a file under fixtures/formats/. */
export function ff(relative: string): string {
  return fixture("formats", relative);
}

/** A fixtures/formats/ file's text (gunzipped when it is .gz). */
export function fixtureText(relative: string): string {
  const bytes = readFileSync(ff(relative));
  return (relative.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** A fixture's lines, without the empty string after the last newline. */
export function fixtureLines(relative: string): string[] {
  const lines = fixtureText(relative).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.replace(/\r$/, ""));
}

export interface Expected {
  ok: number;
  failed: number;
  minMs: number;
  maxMs: number;
  percentilesMs: Record<string, number>;
  [extra: string]: unknown;
}

export function expectedOf(relative: string): Expected {
  return JSON.parse(readFileSync(ff(`${relative}.expected.json`), "utf8")) as Expected;
}

/** Nearest-rank percentile of sorted values (HdrHistogram's definition, without buckets). */
export function nearestRank(sorted: readonly number[], percentile: number): number {
  return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)]!;
}

/**
 * An HdrHistogram value at 3 significant digits is the highest value of its bucket: at most 1/1024 above the
 * exact one (and never below it).
 */
export function expectHdrClose(actual: number, exact: number, slack = 0): void {
  expect(actual).toBeGreaterThanOrEqual(exact - slack - 1e-9);
  expect(actual).toBeLessThanOrEqual(exact * (1 + 1 / 1024) + slack + 1e-9);
}

/** Runs latstat with --json and returns the document (failing the test on a non-zero exit). */
export async function latstatJson(args: string[]): Promise<Record<string, any>> {
  const result = await runCli([...args, "--json"]);
  if (result.code !== 0) throw new Error(`latstat ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, any>;
}

const dir = mkdtempSync(path.join(tmpdir(), "latstat-formats-"));

/** Writes lines to a temporary file and returns its path. */
export function tempFile(name: string, lines: readonly string[] | string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof lines === "string" || Buffer.isBuffer(lines) ? lines : lines.join("\n") + "\n");
  return file;
}

/**
 * Corrupts some lines of a fixture (1-based line number → new text), runs latstat on the result and checks that
 * exactly those lines are reported as rejected, with their numbers, and that --strict stops at the first.
 */
export async function expectRejected(
  relative: string,
  corruptions: Record<number, (line: string) => string>,
  args: string[] = [],
): Promise<Record<string, any>> {
  const lines = fixtureLines(relative);
  for (const [n, corrupt] of Object.entries(corruptions)) lines[Number(n) - 1] = corrupt(lines[Number(n) - 1]!);
  const file = tempFile(`corrupt-${path.basename(relative).replace(/\.gz$/, "")}`, lines);
  const numbers = Object.keys(corruptions).map(Number).sort((a, b) => a - b);
  const result = await runCli([file, ...args, "--json"]);
  expect(result.code, result.stderr).toBe(0);
  const document = JSON.parse(result.stdout) as Record<string, any>;
  expect(document.input.rejected).toBe(numbers.length);
  for (const n of numbers.slice(0, 5)) expect(result.stderr).toContain(`${file}:${n}: `);
  const input = document.input;
  expect(input.recorded + input.skipped + input.rejected).toBe(input.lines);
  const strict = await runCli([file, ...args, "--strict"]);
  expect(strict.code).toBe(2);
  expect(strict.stderr).toContain(`${file}:${numbers[0]}: `);
  return document;
}

/** What a document decoder made of one record: its outcome and the line it said the record starts on. */
export type DecodedRecord = Decoded & { line: number };

/**
 * Runs a document format's decoder over `bytes` cut into chunks at `cuts` (byte offsets), as ingest does, and
 * returns each record's outcome with its line, and the notices.
 */
export function decodeDocument(format: Format, bytes: Buffer | string, options: DecodeOptions = {}, cuts: number[] = []): { records: DecodedRecord[]; notices: string[] } {
  if (format.readsDocuments !== true) throw new Error(`${format.name} is not read as documents`);
  const decoder = format.createDecoder(options);
  const records: DecodedRecord[] = [];
  const notices: string[] = [];
  let line = 0;
  const sink: RecordSink = {
    at: (lineNo) => (line = lineNo),
    value: (latencyNs) => records.push({ sample: { latencyNs }, line }),
    values: (batch, count) => batch.subarray(0, count).forEach((latencyNs) => records.push({ sample: { latencyNs }, line })),
    sample: (sample) => records.push({ sample, line }),
    repeated: (latencyNs, count) => records.push({ repeated: latencyNs, count, line }),
    intervalHistogram: () => {
      throw new Error("a document decoder gave an interval histogram");
    },
    skip: (reason) => records.push({ skip: reason, line }),
    reject: (reason) => records.push({ reject: reason, line }),
  };
  const data = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  let previous = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < data.length).sort((a, b) => a - b).concat(data.length)) {
    decoder.push(data.subarray(previous, cut), sink);
    previous = cut;
    notices.push(...decoder.takeNotices());
  }
  decoder.end(sink);
  notices.push(...decoder.takeNotices());
  return { records, notices };
}
