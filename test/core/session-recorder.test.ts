import { describe, expect, it } from "vitest";
import { SessionRecorder } from "../../src/core/session-recorder.js";

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
    expect(sessions.sessions()).toEqual([
      { id: "bob", requests: 3, over: 2, failed: 1, worstNs: 300 },
      { id: "amy", requests: 1, over: 0, failed: 1, worstNs: 20 },
    ]);
    expect(sessions.missing).toBe(3);
  });
});
