import fc from "fast-check";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LineAccounting } from "../../src/ingest/accounting.js";
import { FanOut } from "../../src/ingest/fan-out.js";
import { ingest } from "../../src/ingest/ingest.js";
import { ingestParts, planParts, type PartPlan } from "../../src/ingest/ingest-parts.js";
import { type PartTask, readPart } from "../../src/ingest/part-reader.js";
import { UserError } from "../../src/base/errors.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { TimedSamples } from "../../src/core/timed-samples.js";
import { HEY_HEADER } from "../../src/formats/hey.js";
import { findFormat } from "../../src/formats/registry.js";
import type { DecodeOptions } from "../../src/formats/types.js";
import { noticeText } from "../../src/render/notices.js";
import { checkoutRun, jmeterCsv, jmeterXml } from "../helpers/jmeter-transactions.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-parts-"));

/** Small files with everything a cut can land in: headers, comments, rejections, quoted line breaks, CRLF. */
const FILES: { name: string; format: string; text: string; decode?: DecodeOptions }[] = [
  {
    name: "quoted.csv",
    format: "csv",
    text: 'ts,note,latency_ms\r\n# comment\r\n2026-11-02T09:00:00Z,"a\r\nb",12.5\r\n2026-11-02T09:00:01Z,x,oops\r\n\r\n2026-11-02T09:00:02Z,"c,""d""\r\n\r\ne",7\r\n2026-11-02T09:00:03Z,y,-1\r\nts,note,latency_ms\r\n2026-11-02T09:00:04Z,z,3\r\n2026-11-02T09:00:05Z,"open',
  },
  { name: "plain.txt", format: "plain", text: "\uFEFF12\n# c\n\n850us\nabc\n\uFEFF5\n1.5s\n-4\n7\n8\n9ms\n10" },
  { name: "keys.jsonl", format: "jsonl", text: '{"latency":1,"ts":1730538000,"k":"a"}\n{"latency":"x"}\nnot json\n{"latency":2,"ts":1730538001,"k":"b"}\n{"latency":3,"ts":"bad","k":"a"}\n{"latency":4,"ts":1730538002,"k":"a"}\n', decode: { key: "k" } },
];

interface Outcome {
  accounting: LineAccounting;
  notices: string[];
  counts: number[];
  timed: { key: string; starts: number[]; latencies: number[] }[];
}

function consumer() {
  const recorder = new LatencyRecorder(3);
  const timed = new TimedSamples();
  return { recorder, timed, fanOut: new FanOut([recorder, timed]) };
}

/** What was read, or only the error when reading failed (what was recorded until then is never reported). */
function outcome(accounting: LineAccounting | undefined, notices: string[], c: ReturnType<typeof consumer>, error?: unknown): Outcome | { error: string } {
  if (error !== undefined) return { error: error instanceof Error ? error.message : String(error) };
  const counts = Array.from(c.recorder.counter.bucketCounts());
  while (counts[counts.length - 1] === 0) counts.pop();
  return {
    accounting: { ...accounting! },
    notices,
    counts,
    timed: c.timed.sorted().map((s) => ({ key: s.key, starts: Array.from(s.startsNs), latencies: Array.from(s.latenciesNs) })),
  };
}

async function sequential(file: string, format: string, decode: DecodeOptions, strict: boolean): Promise<Outcome | { error: string }> {
  const c = consumer();
  const notices: string[] = [];
  try {
    const result = await ingest(file, { format: findFormat(format), decode, strict, threads: 1, notice: (n) => notices.push(noticeText(n)), debug: () => {} }, c.fanOut);
    return outcome(result.accounting, notices, c);
  } catch (error) {
    return outcome(undefined, notices, c, error);
  }
}

async function inParts(file: string, format: string, decode: DecodeOptions, strict: boolean, plan: PartPlan): Promise<Outcome | { error: string }> {
  const c = consumer();
  const notices: string[] = [];
  try {
    const context = { path: file, name: file, format, decode, filter: { includeErrors: false }, strict, size: plan.size };
    const notice = (messages: string[]) => notices.push(...messages.map((m) => `${file}: ${m}`));
    const result = await ingestParts(context, plan, c.fanOut, { notice }, (task) => ({ result: readPart(task), cancel: () => {} }));
    return outcome(result.accounting, notices, c);
  } catch (error) {
    return outcome(undefined, notices, c, error);
  }
}

/** The first line start at or after `offset`. */
function lineStartAt(bytes: Buffer, offset: number): number {
  if (offset === 0) return 0;
  const newline = bytes.indexOf(10, offset - 1);
  return newline < 0 ? bytes.length : newline + 1;
}

/** A plan cutting at the line starts at or after `offsets`, with a prelude of at most `preludeLines` lines. */
function planAt(bytes: Buffer, offsets: number[], preludeLines: number): PartPlan | undefined {
  const splits = [...new Set(offsets.map((o) => lineStartAt(bytes, o)))].filter((s) => s > 0 && s < bytes.length).sort((a, b) => a - b);
  if (splits.length === 0) return undefined;
  let preludeEnd = 0;
  for (let i = 0; i < preludeLines; i++) preludeEnd = lineStartAt(bytes, preludeEnd + 1);
  return { splits, preludeEnd: Math.min(preludeEnd, splits[0]!), size: bytes.length };
}

describe("reading a file in parts", () => {
  for (const { name, format, text, decode = {} } of FILES) {
    const file = path.join(dir, name);
    const bytes = Buffer.from(text);
    writeFileSync(file, bytes);

    it(`${name}: a cut at every byte gives what one thread gives`, async () => {
      for (const strict of [false, true]) {
        const expected = await sequential(file, format, decode, strict);
        for (let offset = 1; offset < bytes.length; offset++) {
          for (const preludeLines of [2, 5, 100]) {
            const plan = planAt(bytes, [offset], preludeLines);
            if (plan === undefined) continue;
            expect(await inParts(file, format, decode, strict, plan), `cut at ${offset}, prelude ${plan.preludeEnd}, strict ${strict}`).toEqual(expected);
          }
        }
      }
    });

    it(`${name}: any two or three cuts give what one thread gives`, async () => {
      const expected = await sequential(file, format, decode, false);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { minLength: 2, maxLength: 3 }), fc.integer({ min: 1, max: 6 }), async (offsets, preludeLines) => {
          const plan = planAt(bytes, offsets, preludeLines);
          if (plan !== undefined) expect(await inParts(file, format, decode, false, plan)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  }
});

describe("a CSV with hey's header read in parts", () => {
  it("says, as read on one thread, that its rows leave out the requests that got no response (the header is in the first part)", async () => {
    const file = path.join(dir, "hey-as.csv");
    const rows = Array.from({ length: 40 }, (_, i) => `0.0${String(10 + i)},0.0003,0.0000,0.0001,0.0050,0.0002,${i % 10 === 3 ? 503 : 200},${(i / 100).toFixed(4)}`);
    const bytes = Buffer.from([HEY_HEADER, ...rows, ""].join("\n"));
    writeFileSync(file, bytes);
    const expected = await sequential(file, "csv", {}, false);
    expect(expected).toMatchObject({ accounting: { failed: 4, unwrittenFailures: "hey -o csv writes no row for a request that got no response (a timeout, a refused connection)" } });
    for (const offsets of [[bytes.length / 4], [bytes.length / 3, (2 * bytes.length) / 3]]) {
      expect(await inParts(file, "csv", {}, false, planAt(bytes, offsets, 2)!)).toEqual(expected);
    }
  });
});

describe("reading JMeter results with Transaction Controllers in parts", () => {
  // Nested controllers, no redirects (a cut between a request and its hops' rows counts them: jtl.ts).
  const run = checkoutRun({ threads: 2, iterations: 3, nested: true, redirects: false });
  const writings = [
    ["tc-noparent.jtl", jmeterCsv(run, false)],
    ["tc-parent.jtl", jmeterCsv(run, true)],
    ["tc-semicolon.jtl", jmeterCsv(run, false, ";")],
    ["tc-parent.xml", jmeterXml(run, true)],
  ] as const;
  for (const [name, text] of writings) {
    it(`${name}: a cut at every line gives what one thread gives (each notice said once, as the CLI says it)`, async () => {
      const file = path.join(dir, name);
      const bytes = Buffer.from(text);
      writeFileSync(file, bytes);
      const once = (o: Outcome | { error: string }) => ("notices" in o ? { ...o, notices: [...new Set(o.notices)].sort() } : o);
      const expected = once(await sequential(file, "jtl", {}, false));
      expect(expected).toMatchObject({ accounting: { rejected: 0 } });
      for (let offset = bytes.indexOf(10) + 1; offset < bytes.length; offset = bytes.indexOf(10, offset) + 1) {
        for (const preludeLines of [2, 5, 100]) {
          const plan = planAt(bytes, [offset], preludeLines);
          if (plan !== undefined) expect(once(await inParts(file, "jtl", {}, false, plan)), `cut at ${offset}, prelude ${plan.preludeEnd}`).toEqual(expected);
        }
      }
    });
  }
});

describe("an interrupted read in parts", () => {
  it("keeps the lines read from the file's start, and nothing of the parts not yet added", async () => {
    const file = path.join(dir, "interrupted.txt");
    const lines = Array.from({ length: 50 }, (_, i) => (i === 3 ? "x" : String(i + 1)));
    const bytes = Buffer.from(lines.join("\n") + "\n");
    writeFileSync(file, bytes);
    const controller = new AbortController();
    const c = consumer();
    const plan = planAt(bytes, [bytes.length / 2], 10)!;
    const context = { path: file, name: file, format: "plain", decode: {}, filter: { includeErrors: false }, strict: false, size: plan.size };
    // The workers never answer; Ctrl-C comes as soon as they are started, after the prelude was read.
    const never = () => ({ result: new Promise<never>(() => {}), cancel: () => {} });
    const runner = () => (controller.abort(), never());
    const result = await ingestParts(context, plan, c.fanOut, { notice: () => {}, signal: controller.signal }, runner);
    expect(result.accounting).toMatchObject({ lines: 10, recorded: 9, rejected: 1 });
    expect(result.accounting.firstRejections).toEqual([{ file, line: 4, reason: "not a number" }]);
    expect(c.recorder.count).toBe(9);
  });

  it("a file cut short while its parts are read is an error naming the file, not a smaller whole", async () => {
    const file = path.join(dir, "shrinking.txt");
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => String(i + 1)).join("\n") + "\n");
    writeFileSync(file, bytes);
    const plan = planAt(bytes, [bytes.length / 2], 10)!;
    const context = { path: file, name: file, format: "plain", decode: {}, filter: { includeErrors: false }, strict: false, size: plan.size };
    // Truncated (as copytruncate does) just as the second part starts: it finds 10 of its bytes.
    const runner = (task: PartTask) => {
      truncateSync(file, task.start + 10);
      return { result: readPart(task), cancel: () => {} };
    };
    const read = ingestParts(context, plan, consumer().fanOut, { notice: () => {} }, runner);
    await expect(read).rejects.toBeInstanceOf(UserError);
    await expect(read).rejects.toThrow(`${file}: the file shrank while it was read: it is ${plan.splits[0]! + 10} bytes now, of ${bytes.length} when reading began`);
  });
});

describe("planParts", () => {
  it("takes a prelude of the whole lines in the first 64 KB, not the whole head (the first 1 MB chunk)", async () => {
    const file = path.join(dir, "long.txt");
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => String(i * 7)).join("\n") + "\n");
    writeFileSync(file, bytes);
    const plan = (await planParts(file, bytes.subarray(0, 1 << 20), 2))!;
    expect(plan.preludeEnd).toBeLessThanOrEqual(64 * 1024);
    expect(bytes[plan.preludeEnd - 1]).toBe(10);
    // The last line start in the first 64 KB: the next line does not end within them.
    expect(bytes.indexOf(10, plan.preludeEnd)).toBeGreaterThanOrEqual(64 * 1024);
  });

  it("reads a compressed file on one thread (gzip, zstd, and zstd that starts with a skippable frame as pzstd's does)", async () => {
    const text = Buffer.from("1\n".repeat(100_000));
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
    for (const [name, head] of [["a.gz", [0x1f, 0x8b, 8, 0]], ["a.zst", [0x28, 0xb5, 0x2f, 0xfd]], ["a.pz.zst", [...skippable]]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.concat([Buffer.from(head), text]));
      expect(await planParts(file, text, 2), name).toBeUndefined();
    }
  });

  it("reads on one thread a file whose first line is longer than 64 KB", async () => {
    const file = path.join(dir, "long-first-line.txt");
    const bytes = Buffer.from("#" + "x".repeat(70_000) + "\n" + "1\n".repeat(100_000));
    writeFileSync(file, bytes);
    expect(await planParts(file, bytes, 2)).toBeUndefined();
  });
});
