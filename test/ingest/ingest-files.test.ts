import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConsumerRecipe } from "../../src/core/portable.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { DETECTION_BLOCK, TimedSamples } from "../../src/core/timed-samples.js";
import { FanOut } from "../../src/ingest/fan-out.js";
import { ingest } from "../../src/ingest/ingest.js";
import { ingestFiles, readWholeFile, type FileRunner } from "../../src/ingest/ingest-files.js";
import { readInputs } from "../../src/ingest/read-inputs.js";
import { SampleFilter } from "../../src/ingest/sample-filter.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Rotated CSV logs, each going on where the one before ended: 10 requests a millisecond with start times in whole
 * milliseconds, too coarse for detection to tell senders apart, so it stops looking after its first block.
 */
function rotatedLogs(files: number, rows: number): string[] {
  return Array.from({ length: files }, (_, f) => {
    const lines = ["timestamp,latency_ms"];
    for (let i = f * rows; i < (f + 1) * rows; i++) lines.push(`${new Date(Date.UTC(2026, 10, 2, 9) + Math.floor(i / 10)).toISOString()},${(3 + (i % 7) / 10).toFixed(1)}`);
    const file = path.join(dir, `part-${f}.csv`);
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  });
}

const options = { decode: {}, filter: new SampleFilter({ includeErrors: false }), strict: false, notice: () => {}, debug: () => {} };

/** A whole-file reader on this thread that notes the recipe of each file it is given. */
function recordingRunner(recipes: ConsumerRecipe[]): FileRunner {
  return {
    run: (task, onBytes) => {
      recipes.push(task.recipe);
      return readWholeFile(task, onBytes);
    },
    stop() {},
    close() {},
  };
}

const consumers = (n: number) => {
  const timed = TimedSamples.forDetection(3);
  const recorders = Array.from({ length: n }, () => new LatencyRecorder(3));
  return { timed, recorders, fanOuts: recorders.map((r) => new FanOut([r, timed])) };
};

describe("ingestFiles", () => {
  it("reads a later file's start times as counts once detection let the samples after its first block go", async () => {
    const files = rotatedLogs(4, DETECTION_BLOCK + 5000);
    const one = consumers(files.length);
    for (const [i, file] of files.entries()) await ingest(file, { ...options, threads: 1 }, one.fanOuts[i]!);

    const recipes: ConsumerRecipe[] = [];
    const many = consumers(files.length);
    const added: number[] = [];
    await ingestFiles(files, many.fanOuts, { ...options, threads: 2, onAdded: (i) => added.push(i) }, recordingRunner(recipes));
    // Each file's consumer is told when its file was added, in file order (readInputs then settles its recorder).
    expect(added).toEqual([0, 1, 2, 3]);
    // The second file is started while the first is read (a tape then); the ones after, once detection gave up.
    const timedRecipes = recipes.map((recipe) => (recipe.kind === "fan-out" ? recipe.consumers[1]!.kind : undefined));
    expect(timedRecipes).toEqual(["tape", "start-count", "start-count"]);
    expect(many.timed.onlyCounts).toBe(true);
    expect(many.timed.seen).toBe(4 * (DETECTION_BLOCK + 5000));
    expect(many.timed.state()).toEqual(one.timed.state());
    expect(many.timed.detectionCounts()).toEqual(one.timed.detectionCounts());
    expect(many.recorders.map((r) => r.count)).toEqual(one.recorders.map((r) => r.count));
  });
});

describe("readInputs", () => {
  // On one thread: in-process tests cannot start the workers (their scripts are built ones); on several, the same
  // settling follows ingestFiles's onAdded (above).
  it("lets each input's recorder go of unused room once its input is read", async () => {
    const files = rotatedLogs(3, 2000);
    const read = { decode: {}, filter: { includeErrors: false }, strict: false, follow: false, threads: 1 };
    const { inputs } = await readInputs(files, read, { notice: () => {} }, () => new LatencyRecorder(3));
    // By hand: the latencies are 3.0, 3.1 … 3.6 ms, 0.1 ms apart in buckets 2,048 ns wide (3 digits in [2^21, 2^22)):
    // 7 non-empty buckets, 12 bytes each, where the counts had grown to 16,384 (128 KB).
    expect(inputs.map((input) => input.recorder.counter.heldBytes)).toEqual([84, 84, 84]);
    expect(inputs.map((input) => input.recorder.count)).toEqual([2000, 2000, 2000]);
    // The counts themselves kept: each of the 7 latencies 2000 / 7 times, rounded up for the first 2000 mod 7 = 5.
    const perValue = inputs[0]!.recorder.histogram().toJSON();
    expect(perValue.totalCount).toBe(2000);
    const counted: number[] = [];
    inputs[0]!.recorder.counter.forEachBucket((_, count) => counted.push(count));
    expect(counted).toEqual([286, 286, 286, 286, 286, 285, 285]);
  });
});
