import { describe, expect, it } from "vitest";
import { FAILED_SKIP_REASON, LineAccounting } from "../../src/ingest/accounting.js";
import { isFailed } from "../../src/core/failure.js";
import { parseStatusList, parseTimeBound, SampleFilter } from "../../src/ingest/sample-filter.js";
import { globMatch } from "../../src/base/glob.js";

describe("sample filter", () => {
  it("a request failed when its tool says so, else when its status is outside 200–399", () => {
    expect(isFailed({ latencyNs: 1 })).toBe(false);
    expect(isFailed({ latencyNs: 1, status: 200 })).toBe(false);
    expect(isFailed({ latencyNs: 1, status: 302 })).toBe(false);
    expect(isFailed({ latencyNs: 1, status: 404 })).toBe(true);
    expect(isFailed({ latencyNs: 1, status: 0 })).toBe(true);
    expect(isFailed({ latencyNs: 1, status: 199 })).toBe(true);
    expect(isFailed({ latencyNs: 1, status: 200, ok: false })).toBe(true); // JMeter assertion failed on a 200
    expect(isFailed({ latencyNs: 1, status: 500, ok: true })).toBe(false); // k6 expected_response says 500 is fine
  });

  it("globs: * any run, ? one character, everything else literal", () => {
    expect(globMatch("GET /api/*", "GET /api/users")).toBe(true);
    expect(globMatch("GET /api/*", "POST /api/users")).toBe(false);
    expect(globMatch("*/users", "GET /api/users")).toBe(true);
    expect(globMatch("a?c", "abc")).toBe(true);
    expect(globMatch("a?c", "ac")).toBe(false);
    expect(globMatch("a.c", "abc")).toBe(false);
    expect(globMatch("*", "")).toBe(true);
    expect(globMatch("a*b*c", "aXbYbZc")).toBe(true);
    expect(globMatch("a*b*c", "aXbYbZ")).toBe(false);
    // Many stars over a long non-matching text stay fast (no exponential backtracking).
    const start = performance.now();
    expect(globMatch("*a*a*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("parses --status lists and refuses what is not a status", () => {
    expect(parseStatusList("2xx,404, 500-503")).toEqual([{ min: 200, max: 299 }, { min: 404, max: 404 }, { min: 500, max: 503 }]);
    for (const bad of ["6xx", "abc", "503-500", ""]) expect(() => parseStatusList(bad)).toThrow(/is not a status/);
  });

  it("parses --since/--until as ISO-8601 (UTC without an offset) or epoch s/ms/us/ns", () => {
    const ns = Date.UTC(2026, 10, 2, 9, 0, 0) * 1e6;
    expect(parseTimeBound("2026-11-02T09:00:00Z")).toBe(ns);
    expect(parseTimeBound("2026-11-02T09:00:00")).toBe(ns);
    expect(parseTimeBound("2026-11-02 10:00:00+01:00")).toBe(ns);
    expect(parseTimeBound("2026-11-02T09:00:00.5Z")).toBe(ns + 5e8);
    expect(parseTimeBound("2026-11-02")).toBe(Date.UTC(2026, 10, 2) * 1e6);
    expect(parseTimeBound(String(ns / 1e9))).toBe(ns);
    expect(parseTimeBound(String(ns / 1e6))).toBe(ns);
    expect(parseTimeBound(String(ns / 1e3))).toBe(ns);
    expect(parseTimeBound("12.5")).toBe(12.5e9);
    for (const bad of ["yesterday", "2026-13-01", "2026-02-30T00:00:00Z", "2026-11-02T25:00:00Z"]) expect(parseTimeBound(bad)).toBeUndefined();
  });

  it("judges samples: filters first, then the failure rule", () => {
    const filter = new SampleFilter({ includeErrors: false, labels: ["GET *"], sinceNs: 100, untilNs: 200 });
    expect(filter.judge({ latencyNs: 1, label: "GET /", startNs: 150, status: 200 })).toBe("record");
    expect(filter.judge({ latencyNs: 1, label: "GET /", startNs: 150, status: 500 })).toBe(FAILED_SKIP_REASON);
    expect(filter.judge({ latencyNs: 1, label: "POST /", startNs: 150, status: 500 })).toBe("--label");
    expect(filter.judge({ latencyNs: 1, startNs: 150 })).toBe("no label (--label)");
    expect(filter.judge({ latencyNs: 1, label: "GET /", startNs: 200 })).toBe("--since/--until");
    // No start time: skipped, as no label is by --label (an input with none at all is refused once read).
    expect(filter.judge({ latencyNs: 1, label: "GET /" })).toBe("no start time (--since/--until)");
    const errors = new SampleFilter({ includeErrors: true });
    expect(errors.needsFields).toBe(false);
    expect(errors.judge({ latencyNs: 1, ok: false })).toBe("failed-record");
    const status = new SampleFilter({ includeErrors: false, statuses: parseStatusList("5xx") });
    expect(status.judge({ latencyNs: 1, status: 503 })).toBe("failed-record");
    expect(status.judge({ latencyNs: 1, status: 200 })).toBe("--status");
    expect(status.judge({ latencyNs: 1 })).toBe("no status (--status)");
  });

  it("accounting: the failure rate is over the requests the filters kept", () => {
    const a = new LineAccounting();
    a.recorded = 90;
    a.noteSkip(FAILED_SKIP_REASON);
    a.failed = 1;
    expect(a.failureRate()).toBeCloseTo(1 / 91, 12);
    const b = new LineAccounting();
    b.add(a);
    b.add(a);
    expect(b.skippedByReason[FAILED_SKIP_REASON]).toBe(2);
    expect(b.failed).toBe(2);
    expect(b.skipped).toBe(2);
  });
});
