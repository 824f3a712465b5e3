import { describe, expect, it } from "vitest";
import type { Sample } from "../../src/core/sample.js";
import { StartCount } from "../../src/core/start-count.js";
import { TimedSamples } from "../../src/core/timed-samples.js";
import { rebuild } from "../../src/ingest/part-reader.js";

/**
 * 10 requests a millisecond with start times in whole milliseconds: too coarse to tell which response a request
 * waited for, so detection stops looking for senders after its first block.
 */
const coarse = (i: number): Sample => ({ startNs: Math.floor(i / 10) * 1e6, latencyNs: 3e6 + (i % 7) * 1e3 });
/** Detection in blocks of 100, as TimedSamples.forDetection is in blocks of 32,768. */
const detection = () => new TimedSamples(false, 100, 3);

/** `samples` into `timed`, those from `from` on through the twin its recipe builds (as a later file read elsewhere). */
function readWithTwin(timed: TimedSamples, samples: readonly Sample[], from: number): TimedSamples {
  samples.slice(0, from).forEach((sample) => timed.sample(sample));
  const twin = rebuild(timed.recipe());
  samples.slice(from).forEach((sample) => twin.sample(sample));
  twin.value();
  timed.absorb(structuredClone(twin.state()));
  return timed;
}

describe("StartCount", () => {
  it("stands in for detection once its first block told nothing: counted as if the samples had come one by one", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => coarse(i));
    const timed = detection();
    samples.slice(0, 300).forEach((sample) => timed.sample(sample));
    expect(timed.onlyCounts).toBe(true);
    expect(timed.recipe()).toEqual({ kind: "start-count" });

    const direct = detection();
    samples.forEach((sample) => direct.sample(sample));
    direct.value();
    const twinned = readWithTwin(detection(), samples, 300);
    expect(twinned.seen).toBe(1000);
    expect(twinned.untimed).toBe(1);
    expect(twinned.state()).toEqual(direct.state());
    expect(twinned.detectionCounts()).toEqual(direct.detectionCounts());
  });

  it("stands in once everything past the limit is let go (no counts asked for, or given up): then nothing is counted", () => {
    const samples = Array.from({ length: 500 }, (_, i): Sample => ({ startNs: i * 1e6, latencyNs: 2e6, key: `c${i}` }));
    const direct = new TimedSamples(false, 100);
    samples.forEach((sample) => direct.sample(sample));
    direct.value();
    const twinned = readWithTwin(new TimedSamples(false, 100), samples, 200);
    expect(twinned.overflowed).toBe(true);
    expect(twinned.seen).toBe(101);
    expect(twinned.state()).toEqual(direct.state());
  });

  it("is not made while the samples are still kept, and its counts are refused then", () => {
    const timed = detection();
    for (let i = 0; i < 50; i++) timed.sample(coarse(i));
    expect(timed.onlyCounts).toBe(false);
    expect(timed.recipe().kind).toBe("timed");
    const counts = new StartCount();
    counts.sample(coarse(50));
    expect(() => timed.absorb(counts.state())).toThrow(/only counted where they were needed/);
  });
});
