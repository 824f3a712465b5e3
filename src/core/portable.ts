/**
 * Consumers that a worker thread can rebuild and whose results add back exactly, so that the parts of a large
 * file can be read on several threads: the worker gets a consumer's `recipe()`, builds a twin with `rebuild`,
 * feeds it its part, and posts the twin's `state()`, which the original `absorb`s in the order of the parts.
 */
import type { SignificantDigits } from "./histogram.js";
import type { SampleConsumer } from "./sample.js";

/**
 * How to build an empty twin of a consumer: plain data, so it can be posted to a worker. `failures`: the start
 * times of failed requests are kept too (TimedSamples.keepsFailures).
 */
export type ConsumerRecipe =
  | { kind: "latency"; digits: SignificantDigits; backfillIntervalNs: number }
  | { kind: "timed"; tagged: boolean; limit: number; sketchDigits?: SignificantDigits; unkeyedFirstBlock?: number; failures?: boolean }
  | { kind: "fan-out"; consumers: ConsumerRecipe[] }
  | { kind: "groups"; names: string[]; digits: SignificantDigits; backfillIntervalNs: number }
  | { kind: "tape"; limit: number; failures?: boolean }
  | { kind: "start-count"; failures?: boolean }
  | { kind: "failures" }
  | { kind: "failed-latencies"; digits: SignificantDigits };

/** A consumer that can be read on several threads (see the file comment). */
export interface PortableConsumer extends SampleConsumer {
  /** The twin to build in a worker, or undefined when this consumer cannot be split (e.g. it holds a non-portable one). */
  recipe(): ConsumerRecipe | undefined;
  /** Everything recorded so far, as plain data and typed arrays (which may be transferred, not copied). */
  state(): unknown;
  /** Adds a twin's `state()`, as if its samples had come after the ones already here. */
  absorb(state: unknown): void;
}

/** The recipe of `consumer` when it is portable, else undefined. */
export function recipeOf(consumer: SampleConsumer): ConsumerRecipe | undefined {
  const portable = consumer as Partial<PortableConsumer>;
  return typeof portable.recipe === "function" ? portable.recipe() : undefined;
}

/** The buffers of the typed arrays in a state, to transfer it to another thread without copying. */
export function transferList(state: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  collectBuffers(state, found);
  return [...found];
}

/** Adds the buffers under `state` to `found`: one visit per object (a list of a million numbers is one loop). */
function collectBuffers(state: unknown, found: Set<ArrayBuffer>): void {
  if (ArrayBuffer.isView(state)) {
    if (state.buffer instanceof ArrayBuffer) found.add(state.buffer);
    return;
  }
  if (state === null || typeof state !== "object") return;
  for (const value of Array.isArray(state) ? state : Object.values(state)) {
    if (value !== null && typeof value === "object") collectBuffers(value, found);
  }
}
