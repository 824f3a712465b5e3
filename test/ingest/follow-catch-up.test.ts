/**
 * `--follow` stopped by Ctrl-C: a whole read only once the reading has caught up with what the file held when
 * following began (ingest's `catchUpCut`), and a truncation said once, when it happens.
 */
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { Histogram } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import type { HistogramInterval, Sample, SampleConsumer } from "../../src/core/sample.js";
import { findFormat } from "../../src/formats/registry.js";
import { ingest, type IngestOptions } from "../../src/ingest/ingest.js";
import type { ReadNotice } from "../../src/ingest/notices.js";

const LINES = 400_000;
/** Lines 1..n, ~2.6 MB for LINES: more than the follower's 1 MB reads, so one read cannot hold it all. */
const values = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join("");
const scratch = (text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-follow-")), "app.log");
  writeFileSync(file, text);
  return file;
};

/** A recorder that calls `after(count)` once each batch of values is recorded (to stop the reading from within). */
function watched(after: (count: number) => void): { recorder: LatencyRecorder; consumer: SampleConsumer } {
  const recorder = new LatencyRecorder(3);
  const consumer: SampleConsumer = {
    value: (ns: number) => (recorder.value(ns), after(recorder.count)),
    values: (batch: Float64Array, count: number) => (recorder.values(batch, count), after(recorder.count)),
    sample: (sample: Sample) => (recorder.sample(sample), after(recorder.count)),
    intervalHistogram: (histogram: Histogram, interval: HistogramInterval) => recorder.intervalHistogram(histogram, interval),
  };
  return { recorder, consumer };
}

function options(signal: AbortSignal, notices: string[]): IngestOptions {
  return { format: findFormat("plain"), decode: { unit: "ms" }, strict: false, follow: true, signal, notice: (n: ReadNotice) => notices.push(n.message), debug: () => {} };
}

describe("following, stopped", () => {
  it("before it caught up: the read is cut short (partial), and the line the stop cut is not said to be unfinished", async () => {
    const stop = new AbortController();
    const notices: string[] = [];
    const { recorder, consumer } = watched(() => stop.abort());
    const result = await ingest(scratch(values(1, LINES)), options(stop.signal, notices), consumer);
    expect(recorder.count).toBeGreaterThan(0);
    expect(recorder.count).toBeLessThan(LINES);
    expect(result.catchUpCut).toBe(true);
    expect(notices).toEqual([]);
  });

  it("as the last line the file held was read: caught up, whole", async () => {
    const stop = new AbortController();
    const notices: string[] = [];
    const { recorder, consumer } = watched((count) => count === LINES && stop.abort());
    const result = await ingest(scratch(values(1, LINES)), options(stop.signal, notices), consumer);
    expect(recorder.count).toBe(LINES);
    expect(result.catchUpCut).toBeUndefined();
  });

  it("once caught up, waiting for more: whole, its unfinished last line said", async () => {
    const stop = new AbortController();
    const notices: string[] = [];
    const file = scratch(values(1, 10) + "11");
    const { recorder, consumer } = watched(() => {});
    const reading = ingest(file, options(stop.signal, notices), consumer);
    for (let i = 0; i < 400 && recorder.count < 10; i++) await sleep(25);
    stop.abort();
    const result = await reading;
    expect(recorder.count).toBe(10);
    expect(result.catchUpCut).toBeUndefined();
    expect(notices).toEqual(["its last 2 bytes are not read: a line without its end (still being written?)"]);
  });

  it("a truncation in place (copytruncate) is said once, with the lines it may have cost", { timeout: 20_000 }, async () => {
    const stop = new AbortController();
    const notices: string[] = [];
    const file = scratch(values(1, 10));
    const { recorder, consumer } = watched(() => {});
    const reading = ingest(file, options(stop.signal, notices), consumer);
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 400 && !done(); i++) await sleep(25);
    };
    await until(() => recorder.count === 10);
    truncateSync(file, 0);
    appendFileSync(file, values(11, 15));
    await until(() => recorder.count === 15);
    stop.abort();
    await reading;
    expect(recorder.count).toBe(15);
    expect(notices).toEqual(["file truncated: read again from its start; lines written just before the truncation may be missing"]);
  });
});
