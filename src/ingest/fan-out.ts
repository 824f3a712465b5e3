/** Hands every sample to several consumers (e.g. the raw recorder and a corrected one). */
import type { HistogramInterval, Sample, SampleConsumer } from "../core/sample.js";
import type { Histogram } from "../core/histogram.js";
import { type ConsumerRecipe, type PortableConsumer, recipeOf } from "../core/portable.js";

/** `count` requests of one latency, as `repeated` when the consumer has it, else as batches of `values`. */
export function repeatInto(consumer: SampleConsumer, latencyNs: number, count: number): void {
  if (consumer.repeated !== undefined) return consumer.repeated(latencyNs, count);
  const batch = new Float64Array(Math.min(count, 4096)).fill(latencyNs);
  for (let left = count; left > 0; left -= batch.length) consumer.values(batch, Math.min(left, batch.length));
}

export class FanOut implements PortableConsumer {
  constructor(private readonly consumers: readonly SampleConsumer[]) {}

  value(latencyNs: number): void {
    for (const consumer of this.consumers) consumer.value(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    for (const consumer of this.consumers) consumer.values(batch, count);
  }

  sample(sample: Sample): void {
    for (const consumer of this.consumers) consumer.sample(sample);
  }

  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void {
    for (const consumer of this.consumers) consumer.intervalHistogram(histogram, interval);
  }

  failure(sample: Sample): void {
    for (const consumer of this.consumers) consumer.failure?.(sample);
  }

  repeated(latencyNs: number, count: number): void {
    for (const consumer of this.consumers) repeatInto(consumer, latencyNs, count);
  }

  /** Portable when every consumer is. */
  recipe(): ConsumerRecipe | undefined {
    const recipes = this.consumers.map(recipeOf);
    return recipes.every((r) => r !== undefined) ? { kind: "fan-out", consumers: recipes as ConsumerRecipe[] } : undefined;
  }

  state(): unknown[] {
    return this.consumers.map((consumer) => (consumer as PortableConsumer).state());
  }

  absorb(state: unknown): void {
    (state as unknown[]).forEach((part, i) => (this.consumers[i] as PortableConsumer).absorb(part));
  }
}
