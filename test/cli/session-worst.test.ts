import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

/**
 * A generated CSV of 4,000 requests from 600 users, with latencies from ten values (so ties all the way down),
 * some failed (status 503), ids padded with spaces, non-ASCII, longer than 32 bytes: `--session` through the
 * CSV fast path against an exact count of the rows, sorted as the report sorts (most over, most failed, worst
 * latency, then id).
 */
function generated(): { csv: string; rows: { user: string; failed: boolean; ms: number }[] } {
  let seed = 11;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const names = (n: number) => [`u${n}`, ` u${n} `, `ü${n}`, `user-with-a-rather-long-name-number-${n}`][n % 4]!;
  const lines = ["ts,user,status,latency_ms"];
  const rows = [];
  for (let i = 0; i < 4_000; i++) {
    const written = names(random(600));
    const failed = random(40) === 0;
    const ms = 100 * random(10);
    lines.push(`2024-05-01T10:${String(Math.floor(i / 200)).padStart(2, "0")}:${String(Math.floor(i / 20) % 50).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}Z,${written},${failed ? 503 : 200},${ms}`);
    rows.push({ user: written.trim(), failed, ms });
  }
  return { csv: lines.join("\n") + "\n", rows };
}

describe("report --session's worst sessions", () => {
  it("are the first of all sessions counted and sorted independently, among many with ties", async () => {
    const { csv, rows } = generated();
    const byId = new Map<string, { id: string; requests: number; over: number; failed: number; worst: number | null }>();
    for (const { user, failed, ms } of rows) {
      const t = byId.get(user) ?? { id: user, requests: 0, over: 0, failed: 0, worst: null };
      t.requests++;
      // A failed request is left out of the histogram: counted as failed, not as over, no latency.
      if (failed) t.failed++;
      else {
        if (ms >= 500) t.over++;
        t.worst = Math.max(t.worst ?? -Infinity, ms);
      }
      byId.set(user, t);
    }
    const rank = (t: { worst: number | null }) => t.worst ?? -Infinity;
    const sorted = [...byId.values()].sort((a, b) => b.over - a.over || b.failed - a.failed || rank(b) - rank(a) || (a.id < b.id ? -1 : 1));
    const r = await runCli(["report", "-f", "csv", "--threshold", "500ms", "--session", "user", "--top", "60", "--json"], { stdin: csv });
    expect(r.code).toBe(0);
    const sessions = JSON.parse(r.stdout).misery.sessions;
    expect(sessions).toMatchObject({ sessions: byId.size, missing: 0, withOver: sorted.filter((t) => t.over > 0).length, withFailed: sorted.filter((t) => t.failed > 0).length });
    expect(sessions.worst).toEqual(sorted.slice(0, 60));
  });
});
