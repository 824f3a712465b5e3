import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimedSamples } from "../../src/core/timed-samples.js";

interface Request {
  key?: string;
  startNs: number;
  latencyNs: number;
  tag: number;
}

/** Requests of a few keys (or none), interleaved, starts out of order and often tied. */
const requests = fc.array(
  fc.record({
    key: fc.option(fc.constantFrom("a", "b", "c", "conn-4", ""), { nil: undefined }),
    startNs: fc.integer({ min: 0, max: 40 }).map((ms) => 1.7e18 + ms * 1e6),
    latencyNs: fc.integer({ min: 1, max: 1e6 }),
    tag: fc.integer({ min: 0, max: 3 }),
  }),
  { maxLength: 300 },
);

/** What sorted() must give, computed apart: keys in order of first sight, each key's requests stably by start. */
function expected(batch: readonly Request[]) {
  const keys = [...new Set(batch.map((r) => r.key ?? ""))];
  return keys.map((key) => {
    const own = batch.filter((r) => (r.key ?? "") === key);
    const inOrder = own.map((r, i) => ({ r, i })).sort((x, y) => x.r.startNs - y.r.startNs || x.i - y.i).map(({ r }) => r);
    return { key, starts: inOrder.map((r) => r.startNs), latencies: inOrder.map((r) => r.latencyNs), tags: inOrder.map((r) => r.tag) };
  });
}

function feed(store: TimedSamples, batch: readonly Request[]): TimedSamples {
  for (const { tag, ...sample } of batch) store.tagged(sample, tag);
  return store;
}

const seen = (store: TimedSamples) =>
  store.sorted().map((s) => ({ key: s.key, starts: Array.from(s.startsNs), latencies: Array.from(s.latenciesNs), tags: Array.from(s.tags!) }));

describe("TimedSamples", () => {
  it("give each key's requests in start order, ties in input order, keys in order of first sight — asked once or twice", () => {
    fc.assert(
      fc.property(requests, (batch) => {
        const store = feed(new TimedSamples(true), batch);
        expect(seen(store)).toEqual(expected(batch));
        expect(seen(store)).toEqual(expected(batch));
        expect(store.timed).toBe(batch.length);
      }),
    );
  });

  it("give the same after more requests come than were sorted, and across parts read apart", () => {
    fc.assert(
      fc.property(requests, fc.nat(), (batch, at) => {
        const cut = batch.length === 0 ? 0 : at % batch.length;
        const store = feed(new TimedSamples(true), batch.slice(0, cut));
        store.sorted();
        feed(store, batch.slice(cut));
        expect(seen(store)).toEqual(expected(batch));
        const first = feed(new TimedSamples(true), batch.slice(0, cut));
        first.absorb(feed(new TimedSamples(true), batch.slice(cut)).state());
        expect(seen(first)).toEqual(expected(batch));
      }),
    );
  });

  it("keep thousands of keys apart, however their recent lookups collide", () => {
    // Keys that share lengths and endings, coming round-robin: many land on the same slot of the recent keys.
    const keys = Array.from({ length: 3000 }, (_, i) => `198.51.100.${i % 7}:${1024 + i}`);
    const batch: Request[] = [];
    for (let round = 0; round < 3; round++) keys.forEach((key, i) => batch.push({ key, startNs: 1.7e18 + (round * 3000 + i) * 1e6, latencyNs: 1000 + i, tag: round }));
    expect(seen(feed(new TimedSamples(true), batch))).toEqual(expected(batch));
  });
});

describe("TimedSamples for detection without a sender column", () => {
  it("keep nothing past a first block whose start times are too coarse to tell senders apart, and count every request", () => {
    // 20 requests a millisecond, start times written to the millisecond: no gap between a response and the next
    // start can be read (send-pattern.ts calls such times too coarse for the rate).
    const coarse = (i: number) => ({ startNs: 1.7e18 + Math.floor(i / 20) * 1e6, latencyNs: 5e6 });
    const store = new TimedSamples(false, 64, 3, 256);
    for (let i = 0; i < 1000; i++) store.sample(coarse(i));
    expect(store.overflowed).toBe(true);
    expect(store.timed).toBe(0);
    expect(store.seen).toBe(1000);
    const counts = store.detectionCounts();
    expect(counts?.kind).toBe("inferred");
    if (counts?.kind === "inferred") {
      // Nothing past the first block was chained, not even as unchained; the reason is the first block's.
      expect(counts.chains.unchained.count).toBe(0);
      expect(counts.fingerprint).toMatchObject({ pattern: { kind: "none", why: "coarse" }, resolutionNs: 1e6 });
    }
  });
});
