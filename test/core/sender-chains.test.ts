import { describe, expect, it } from "vitest";
import { BucketLayout } from "../../src/core/histogram.js";
import { SenderChains } from "../../src/core/sender-chains.js";
import type { SendFingerprint, SendPattern } from "../../src/core/send-pattern.js";

const MS = 1e6;
const EPOCH = 1.7e18;
const fingerprintOf = (pattern: SendPattern): SendFingerprint => ({ pattern, toleranceNs: 2e3, resolutionNs: 1e3, meanGapNs: 5 * MS });

/** Chains [start ms, latency ms] requests given in start order; returns the sender of each. */
function chain(pattern: SendPattern, requests: [number, number][]) {
  const chains = new SenderChains(fingerprintOf(pattern), new BucketLayout(3), 5 * MS);
  const senders = requests.map(([start, latency]) => chains.add(EPOCH + start * MS, latency * MS));
  chains.finish();
  return { chains, senders };
}

describe("SenderChains", () => {
  it("reaction: each start goes to the sender whose response ended just before", () => {
    // A: 0+4, 4+6, 10+4; B: 1+2, 3+5, 8+9 — each sends again as soon as its response ends.
    const { senders, chains } = chain({ kind: "reaction", lagNs: 0, widthNs: 10e3, share: 1, chance: 0 }, [
      [0, 4],
      [1, 2],
      [3, 5],
      [4, 6],
      [8, 9],
      [10, 4],
    ]);
    expect(senders).toEqual([0, 1, 1, 0, 1, 0]);
    expect(chains.senderCount).toBe(2);
    // Each sender's gaps, to their buckets' precision (1%).
    const gaps = chains.schedules()!.map((s) => [...s.gaps].sort(([a], [b]) => a - b));
    const expected = [[4, 6], [2, 5]];
    gaps.forEach((own, sender) => {
      expect(own.map(([, count]) => count)).toEqual([1, 1]);
      own.forEach(([length], i) => expect(Math.abs(length / (expected[sender]![i]! * MS) - 1)).toBeLessThan(1e-2));
    });
  });

  it("paced: each start goes to the sender due then; a late one catches up; a missed send stays empty (closed)", () => {
    const paced: SendPattern = { kind: "paced", periodNs: 10 * MS, widthNs: 100e3, share: 1, chance: 0, senders: 2 };
    // A every 10 ms from 0, B from 3; A's request at 20 takes 25 ms (ends 45), catches up at 45, back on phase at 50.
    const { senders, chains } = chain(paced, [
      [0, 1],
      [3, 1],
      [10, 1],
      [13, 1],
      [20, 25],
      [23, 1],
      [33, 1],
      [43, 1],
      [45, 1],
      [50, 1],
      [53, 1],
    ]);
    expect(senders).toEqual([0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1]);
    // A's next send (due at 30) was missed, and nobody sent then: one missed send per slow request.
    expect([chains.slotsMissed, chains.slotsFilled, chains.slotsSkipped]).toEqual([1, 0, 0]);
  });

  it("paced: a schedule that sends whatever the responses fills its missed sends (open)", () => {
    const paced: SendPattern = { kind: "paced", periodNs: 10 * MS, widthNs: 100e3, share: 1, chance: 0, senders: 1 };
    // One schedule every 10 ms; the request at 20 takes 25 ms, and 30 and 40 are sent anyway.
    const { chains } = chain(paced, [
      [0, 1],
      [10, 1],
      [20, 25],
      [30, 1],
      [40, 1],
      [50, 1],
      [60, 1],
    ]);
    expect(chains.slotsMissed).toBe(1);
    expect(chains.slotsFilled).toBe(1);
    expect(chains.senderCount).toBe(2);
  });

  it("follows the occupancy on the way", () => {
    const { chains } = chain({ kind: "none", why: "irregular" }, [
      [0, 10],
      [2, 10],
      [4, 1],
    ]);
    expect(chains.occupancy.most).toBe(3);
    expect(chains.senderCount).toBe(3);
  });
});
