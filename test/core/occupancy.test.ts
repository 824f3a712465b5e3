import { describe, expect, it } from "vitest";
import { Occupancy } from "../../src/core/occupancy.js";

describe("Occupancy", () => {
  it("keeps the longest time with at least k requests in flight and no start, for every k", () => {
    const o = new Occupancy();
    // t=0 a starts, t=1 b starts, t=5 a ends, t=6 b ends, t=10 c starts, t=11 c ends, t=20 d starts, t=21 d ends.
    o.start(0, 5);
    o.start(1, 5);
    o.end(5); // 2 in flight since 1: level 2 silent for 4
    o.end(6); // level 1 silent from 1 to 6: 5
    o.start(10, 1);
    o.end(11); // level 1 silent for 1
    o.start(20, 1);
    o.end(21);
    expect(o.longestSilenceNs(2)).toBe(4);
    expect(o.longestSilenceNs(1)).toBe(5);
    expect(o.longestSilenceNs(3)).toBe(0);
    expect(o.most).toBe(2);
    expect(o.requests).toBe(4);
    expect(o.meanGapNs).toBeCloseTo(20 / 3);
    // 12 ns of latency over the 20 ns the starts span.
    expect(o.meanInFlight).toBeCloseTo(0.6);
  });

  it("a start ends the silence of every level it finds busy", () => {
    const o = new Occupancy();
    o.start(0, 100);
    o.start(10, 100); // level 1 silent 0–10
    o.start(40, 100); // levels 1 and 2 silent 10–40
    o.end(100); // level 3 silent 40–100
    o.end(110);
    o.end(140);
    expect(o.longestSilenceNs(3)).toBe(60);
    expect(o.longestSilenceNs(2)).toBe(70); // from the last start at 40 until the end at 110 leaves 1 in flight
    expect(o.longestSilenceNs(1)).toBe(100);
  });

  it("adds another part's figures", () => {
    const a = new Occupancy();
    a.start(0, 10);
    a.end(10);
    const b = new Occupancy();
    b.start(100, 50);
    b.start(120, 10);
    b.end(130);
    b.end(150);
    a.absorb(b.state());
    expect(a.most).toBe(2);
    expect(a.requests).toBe(3);
    expect(a.longestSilenceNs(1)).toBe(30);
  });

  it("keeps levels only as far as requests were in flight, and past the first 64 when more were", () => {
    const few = new Occupancy();
    few.start(0, 10);
    few.end(10);
    expect(few.state().endedByEnd.length).toBeLessThanOrEqual(64);
    expect(few.state().endedByStart.length).toBeLessThanOrEqual(64);
    // 100 requests start 1 ns apart and all end at 1000: every level up to 100 was silent from 99 to 1000.
    const many = new Occupancy();
    for (let i = 0; i < 100; i++) many.start(i, 1000 - i);
    for (let i = 0; i < 100; i++) many.end(1000);
    expect(many.longestSilenceNs(100)).toBe(901);
    expect(many.longestSilenceNs(101)).toBe(0);
    // Parts with levels kept as far as each needed add up level by level, either way round.
    few.absorb(many.state());
    expect([few.longestSilenceNs(1), few.longestSilenceNs(100), few.longestSilenceNs(101)]).toEqual([901, 901, 0]);
    const other = new Occupancy();
    other.start(5000, 3000);
    other.end(8000);
    many.absorb(other.state());
    expect([many.longestSilenceNs(1), many.longestSilenceNs(100)]).toEqual([3000, 901]);
  });
});
