import { describe, expect, it } from "vitest";
import { sessionMisery } from "../../src/analyses/session-misery.js";
import { SessionRecorder } from "../../src/core/session-recorder.js";

function sessions(requests: [string, number, boolean?][]): SessionRecorder {
  const recorder = new SessionRecorder((ns) => ns >= 500);
  for (const [session, latencyNs, failed] of requests) recorder.sample({ latencyNs, session, ...(failed ? { ok: false } : {}) });
  return recorder;
}

describe("sessionMisery", () => {
  const recorder = sessions([
    ["amy", 10],
    ["amy", 900],
    ["bob", 600],
    ["bob", 700],
    ["cat", 10, true],
    ["dan", 20],
    ["eve", 900],
    ["", 5],
  ]);

  it("counts the sessions that met a request over the threshold, and a failed one", () => {
    expect(sessionMisery(recorder, "user", 10, true)).toMatchObject({ field: "user", sessions: 5, missing: 1, withOver: 3, withOverPercent: 60, withFailed: 1, withFailedPercent: 20 });
  });

  it("lists the worst first: most over, then most failed, then worst latency, then id; at most top", () => {
    expect(sessionMisery(recorder, "user", 10, true)!.worst.map((s) => s.id)).toEqual(["bob", "amy", "eve", "cat", "dan"]);
    expect(sessionMisery(recorder, "user", 2, true)!.worst).toEqual([
      { id: "bob", requests: 2, over: 2, failed: 0, worstNs: 700 },
      { id: "amy", requests: 2, over: 1, failed: 0, worstNs: 900 },
    ]);
  });

  it("is undefined when no request named a session", () => {
    expect(sessionMisery(sessions([["", 1]]), "user", 5, true)).toBeUndefined();
    expect("withFailed" in sessionMisery(recorder, "user", 5, false)!).toBe(false);
  });
});

describe("sessionMisery's worst sessions", () => {
  it("are the first of all sessions sorted worst first, among many with ties", () => {
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const requests: [string, number, boolean?][] = [];
    for (let i = 0; i < 20_000; i++) requests.push([`s${random(3000)}`, 100 * random(10), random(50) === 0]);
    const recorder = sessions(requests);
    // Expected by hand: tallies summed per id, sorted by over, failed, worst (descending), then id.
    const byId = new Map<string, { id: string; requests: number; over: number; failed: number; worstNs: number }>();
    for (const [id, latencyNs, failed] of requests) {
      const t = byId.get(id) ?? { id, requests: 0, over: 0, failed: 0, worstNs: -Infinity };
      t.requests++;
      if (latencyNs >= 500) t.over++;
      if (failed) t.failed++;
      t.worstNs = Math.max(t.worstNs, latencyNs);
      byId.set(id, t);
    }
    const sorted = [...byId.values()].sort((a, b) => b.over - a.over || b.failed - a.failed || b.worstNs - a.worstNs || (a.id < b.id ? -1 : 1));
    for (const top of [1, 5, 40, 5000]) expect(sessionMisery(recorder, "user", top, true)!.worst).toEqual(sorted.slice(0, top));
  });
});

describe("SessionRecorder's tallies past 16-bit counts and 32-bit latencies", () => {
  it("count a session of 70,000 requests and keep latencies of 2^32 ns and more, and fractions", () => {
    const recorder = new SessionRecorder((ns) => ns >= 500);
    for (let i = 0; i < 70_000; i++) {
      recorder.sample({ latencyNs: i % 2 === 0 ? 600 : 10, session: "big", ...(i % 7 === 0 ? { ok: false } : {}) });
      if (i % 10 === 0) recorder.failure({ latencyNs: 0, session: "big", ok: false });
    }
    recorder.sample({ latencyNs: 2 ** 32 - 2, session: "edge" });
    recorder.sample({ latencyNs: 2 ** 32 - 3, session: "under" });
    recorder.sample({ latencyNs: 5e12, session: "slow" });
    recorder.sample({ latencyNs: 7, session: "slow" });
    recorder.sample({ latencyNs: 2.5, session: "half" });
    recorder.sample({ latencyNs: 3, session: "half" });
    recorder.failure({ latencyNs: 0, session: "failedOnly", ok: false });
    recorder.sample({ latencyNs: 0, session: "zero" });
    // By hand: "big" has 70,000 + 7,000 requests, 35,000 over 500 ns, 10,000 + 7,000 failed.
    expect(sessionMisery(recorder, "user", 10, true)!.worst).toEqual([
      { id: "big", requests: 77_000, over: 35_000, failed: 17_000, worstNs: 600 },
      { id: "slow", requests: 2, over: 1, failed: 0, worstNs: 5e12 },
      { id: "edge", requests: 1, over: 1, failed: 0, worstNs: 2 ** 32 - 2 },
      { id: "under", requests: 1, over: 1, failed: 0, worstNs: 2 ** 32 - 3 },
      { id: "failedOnly", requests: 1, over: 0, failed: 1, worstNs: -Infinity },
      { id: "half", requests: 2, over: 0, failed: 0, worstNs: 3 },
      { id: "zero", requests: 1, over: 0, failed: 0, worstNs: 0 },
    ]);
  });
});
