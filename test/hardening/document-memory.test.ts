/**
 * A span export arrives as one JSON document, often on one line: read as one string it would take several times
 * its size in memory. latstat streams it: a 200 MB single-line OTLP export is read in the memory of a small one.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { expectHdrClose, nearestRank } from "../helpers/formats.js";

const SPANS = 500_000;
/**
 * Peak memory allowed: the file alone, read as one string, would be 200 MB before any parsing. Spans waiting for
 * their parents take more (PARENT_WAIT of them, ~400 bytes each, and the churn of their collection), as much for an
 * export of any size: a 1 GB one took the same.
 */
const MAX_RSS_MB = { roots: 250, called: 350 };

/** Span i's latency in ns: spread over 1 µs – 50 ms, not in order. */
const latencyOf = (i: number) => 1000 + ((i * 7919) % 49_999_001);
/** Every 101st span failed. */
const failedAt = (i: number) => i % 101 === 100;

const dir = mkdtempSync(path.join(tmpdir(), "latstat-document-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes the export: one line, no line breaks anywhere; returns its size in bytes. `called`: each span's parent is
 * a span not in the export (a backend-only export), so that each waits for it (span-selection.ts) until
 * PARENT_WAIT spans later.
 */
function writeExport(file: string, called: boolean): number {
  const fd = openSync(file, "w");
  let size = 0;
  const write = (text: string) => (size += writeSync(fd, text));
  write('{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"scope":{"name":"http"},"spans":[');
  const start = 1793610000000000000n;
  let batch: string[] = [];
  for (let i = 0; i < SPANS; i++) {
    const begin = start + BigInt(i) * 1_000_000n;
    batch.push(
      `${i === 0 ? "" : ","}{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"${(i + 0x10000000).toString(16)}eee19b7e",${called ? `"parentSpanId":"${(i + 0x10000000).toString(16)}0000cafe",` : ""}"name":"GET /api/users/{id}","kind":2,` +
        `"startTimeUnixNano":"${begin}","endTimeUnixNano":"${begin + BigInt(latencyOf(i))}",` +
        `"attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"http.route","value":{"stringValue":"/api/users/{id}"}},{"key":"http.response.status_code","value":{"intValue":"${failedAt(i) ? 500 : 200}"}}],` +
        `"status":{${failedAt(i) ? '"code":2,"message":"HTTP 500"' : ""}}}`,
    );
    if (batch.length === 10_000) {
      write(batch.join(""));
      batch = [];
    }
  }
  write(batch.join("") + "]}]}]}");
  closeSync(fd);
  return size;
}

describe("a 200 MB single-line OTLP export", () => {
  it.each([
    ["of root spans", false],
    ["of spans called from outside it, each waiting for its parent", true],
  ] as const)("%s is read whole in bounded memory, every span accounted for, figures exact to HDR precision", { timeout: 180_000 }, async (_name, called) => {
    const file = path.join(dir, "export.json");
    const size = writeExport(file, called);
    expect(size).toBeGreaterThan(200e6);
    const result = await runCli([file, "--json", "-p", "50,90,99,99.9"], { measureRss: true });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as Record<string, any>;
    const ok = Array.from({ length: SPANS }, (_, i) => i).filter((i) => !failedAt(i)).map(latencyOf).sort((a, b) => a - b);
    expect(document.input).toMatchObject({ format: "otlp", entries: "records", lines: SPANS, recorded: ok.length, rejected: 0 });
    expect(document.input.failed.count).toBe(SPANS - ok.length);
    expect(document.raw.min).toBe(ok[0]! / 1e6);
    expect(document.raw.max).toBe(ok.at(-1)! / 1e6);
    for (const p of ["50", "90", "99", "99.9"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)) / 1e6);
    expect(result.maxRssKb! / 1024).toBeLessThan(called ? MAX_RSS_MB.called : MAX_RSS_MB.roots);
  });
});
