import { describe, expect, it } from "vitest";
import { HEY_HEADER, heyFormat } from "../../src/formats/hey.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf } from "../helpers/formats.js";

/** The fixture read independently: hey -o csv prints no summary, so this computes one from the file itself. */
function independent() {
  const rows = fixtureLines("hey/flaky.csv")
    .slice(1)
    .map((l) => l.split(","))
    .map((f) => ({ seconds: Number(f[0]), status: Number(f[6]), offset: Number(f[7]) }));
  const ok = rows.filter((r) => r.status < 400).map((r) => r.seconds * 1000).sort((a, b) => a - b);
  return { rows, ok, failed: rows.length - ok.length };
}

describe("hey (hey -o csv)", () => {
  it("response-time in s; 5xx counted as failed and left out", async () => {
    const { rows, ok, failed } = independent();
    expect(rows).toHaveLength(400); // hey -n 400
    const document = await latstatJson([ff("hey/flaky.csv"), "-p", "50,90,99,99.9"]);
    expect(document.input.format).toBe("hey");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(failed);
    expect(failed).toBeGreaterThan(0);
    expect(document.raw.min).toBeCloseTo(ok[0]!, 9);
    expect(document.raw.max).toBeCloseTo(ok[ok.length - 1]!, 9);
    for (const p of ["50", "90", "99", "99.9"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("reads status-code and offset (seconds since the run began) as start", () => {
    const lines = fixtureLines("hey/flaky.csv");
    const decoded = decodeAll(heyFormat, lines);
    expect(decoded[0]).toEqual({ skip: undefined });
    expect(rejectsOf(decoded)).toEqual([]);
    const f = lines[1]!.split(",");
    expect(samplesOf(decoded)[0]).toEqual({ latencyNs: Math.round(Number(f[0]) * 1e9), status: Number(f[6]), startNs: Math.round(Number(f[7]) * 1e9) });
  });

  it("--since/--until take the run's seconds; --metric another timing column", async () => {
    const { rows } = independent();
    const within = rows.filter((r) => r.offset >= 0.2 && r.offset < 0.5).length;
    const document = await latstatJson([ff("hey/flaky.csv"), "--since", "0.2", "--until", "0.5", "--include-errors"]);
    expect(document.raw.count).toBe(within);
    expect(document.input.skippedByReason["--since/--until"]).toBe(rows.length - within);
    const delay = await latstatJson([ff("hey/flaky.csv"), "--metric", "Response-delay", "--include-errors"]);
    expect(delay.raw.max).toBeLessThanOrEqual((await latstatJson([ff("hey/flaky.csv"), "--include-errors"])).raw.max);
  });

  it("is detected by its header", async () => {
    expect(heyFormat.sniff([HEY_HEADER, "0.1,0,0,0,0.1,0,200,0"]).score).toBe(1);
    expect((await latstatJson([ff("hey/flaky.csv")])).input.format).toBe("hey");
  });

  it("rejects broken rows with their numbers", async () => {
    await expectRejected("hey/flaky.csv", {
      2: (l) => l.replace(/^[\d.]+/, "fast"),
      10: (l) => l.split(",").slice(0, 7).join(","),
      11: (l) => l.replace(/,\d+,([\d.]+)$/, ",OK,$1"),
    });
  });
});
