import { describe, expect, it } from "vitest";
import { SessionRecorder } from "../../src/core/session-recorder.js";
import type { Sample } from "../../src/core/sample.js";
import { collidingPair } from "../helpers/colliding-keys.js";

/** A sample whose session comes as bytes, as the CSV fast path gives it: `id` inside other bytes of a row. */
function bytesSample(latencyNs: number, id: string, fields: Partial<Sample> = {}): Sample {
  const row = Buffer.from(`2026-11-02T09:00:00.000Z,${id},/api,200`, "latin1");
  return { latencyNs, ...fields, sessionBytes: { bytes: row, start: 25, end: 25 + id.length } };
}

/** Every session's tally, in order of first sight. */
const tallies = (sessions: SessionRecorder) => Array.from({ length: sessions.size }, (_, i) => sessions.tallyAt(i));

describe("SessionRecorder", () => {
  it("tallies requests, those over the threshold, failures and the worst latency per session", () => {
    const sessions = new SessionRecorder((ns) => ns >= 100);
    sessions.sample({ latencyNs: 150, session: "bob" });
    sessions.sample({ latencyNs: 20, session: "amy", ok: false });
    sessions.sample({ latencyNs: 300, session: "bob" });
    sessions.sample({ latencyNs: 10, session: "" });
    sessions.value(1);
    sessions.failure({ latencyNs: 9000, session: "bob", status: 500 });
    sessions.failure({ latencyNs: 9000, status: 500 });
    expect(tallies(sessions)).toEqual([
      { id: "bob", requests: 3, over: 2, failed: 1, worstNs: 300 },
      { id: "amy", requests: 1, over: 0, failed: 1, worstNs: 20 },
    ]);
    expect(sessions.size).toBe(2);
    expect(sessions.missing).toBe(3);
  });

  it("keeps a session apart from every other among many, whatever its characters", () => {
    const sessions = new SessionRecorder((ns) => ns >= 100);
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? `ü-${i}` : i % 11 === 0 ? `用户${i}` : i % 13 === 0 ? "x".repeat(300) + i : `u${i}`));
    const latency = (i: number, round: number) => (round === 2 && i % 5 === 0 ? 150 : i + round);
    for (let round = 0; round < 3; round++) ids.forEach((id, i) => sessions.sample({ latencyNs: latency(i, round), session: id }));
    const rounds = [0, 1, 2];
    const expected = ids.map((id, i) => ({
      id,
      requests: 3,
      over: rounds.filter((round) => latency(i, round) >= 100).length,
      failed: 0,
      worstNs: Math.max(...rounds.map((round) => latency(i, round))),
    }));
    expect(sessions.size).toBe(ids.length);
    expect(tallies(sessions)).toEqual(expected);
  });

  it("counts a session the same whether its id comes as bytes or as text, and an empty span as missing", () => {
    const sessions = new SessionRecorder((ns) => ns >= 100);
    sessions.sample(bytesSample(150, "bob"));
    sessions.sample({ latencyNs: 20, session: "amy" });
    sessions.sample({ latencyNs: 300, session: "bob" });
    sessions.sample(bytesSample(40, "amy", { ok: false }));
    sessions.failure(bytesSample(0, "bob", { status: 503 }));
    sessions.sample(bytesSample(10, ""));
    expect(tallies(sessions)).toEqual([
      { id: "bob", requests: 3, over: 2, failed: 1, worstNs: 300 },
      { id: "amy", requests: 2, over: 0, failed: 1, worstNs: 40 },
    ]);
    expect(sessions.size).toBe(2);
    expect(sessions.missing).toBe(1);
  });

  it("keeps two sessions whose ids hash alike apart", () => {
    const [a, b] = collidingPair();
    const sessions = new SessionRecorder((ns) => ns >= 100);
    // a: 3 requests (one over, worst 120); b: 2 requests (both over, one failed, worst 500), ids as bytes and text.
    sessions.sample(bytesSample(120, a));
    sessions.sample(bytesSample(500, b));
    sessions.sample({ latencyNs: 50, session: a });
    sessions.sample({ latencyNs: 200, session: b, ok: false });
    sessions.sample(bytesSample(70, a));
    expect(tallies(sessions)).toEqual([
      { id: a, requests: 3, over: 1, failed: 0, worstNs: 120 },
      { id: b, requests: 2, over: 2, failed: 1, worstNs: 500 },
    ]);
    expect(sessions.size).toBe(2);
  });

  it("keeps exact counts and worst latencies of sessions too big for the compact tallies", () => {
    // Counts past 254 and worst latencies that are not whole nanoseconds under 2^32 - 2 leave the typed arrays.
    const sessions = new SessionRecorder((ns) => ns >= 100);
    const requests: { id: string; latencyNs: number; failed: boolean; leftOut: boolean }[] = [];
    for (let i = 0; i < 3000; i++) {
      const id = i % 3 === 0 ? "small" : i % 3 === 1 ? "big" : "huge";
      const latencyNs = id === "small" ? 50 : id === "big" ? (i * 7) % 300 : i === 2999 ? 2 ** 33 + 0.5 : (i * 13) % 1000;
      requests.push({ id, latencyNs, failed: i % 10 === 0, leftOut: i % 20 === 0 });
    }
    for (const r of requests) {
      if (r.leftOut) sessions.failure({ latencyNs: r.latencyNs, session: r.id, status: 500 });
      else sessions.sample({ latencyNs: r.latencyNs, session: r.id, ...(r.failed ? { ok: false } : {}) });
    }
    const expected = ["small", "big", "huge"].map((id) => {
      const mine = requests.filter((r) => r.id === id);
      const recorded = mine.filter((r) => !r.leftOut);
      return {
        id,
        requests: mine.length,
        over: recorded.filter((r) => r.latencyNs >= 100).length,
        failed: mine.filter((r) => r.failed || r.leftOut).length,
        worstNs: Math.max(...recorded.map((r) => r.latencyNs)),
      };
    });
    expect(tallies(sessions)).toEqual(expected);
    expect(expected.map((e) => e.requests)).toEqual([1000, 1000, 1000]);
    expect(expected[2]!.worstNs).toBe(2 ** 33 + 0.5);
  });
});
