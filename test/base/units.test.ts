import { describe, expect, it } from "vitest";
import { parseDuration, parseLatency, unitFromName } from "../../src/base/units.js";

describe("parseLatency", () => {
  it.each([
    ["850us", 850_000],
    ["12.5ms", 12_500_000],
    ["1.2s", 1_200_000_000],
    ["340ns", 340],
    ["7µs", 7_000],
    ["7μs", 7_000],
    ["2m", 120e9],
    [" 3 ms ", 3_000_000],
    ["17", 17_000_000],
    [".5", 500_000],
    ["1e3", 1e9],
    ["0.0000004", 0],
    ["-0", 0],
  ])("reads %s as %d ns", (text, ns) => {
    expect(parseLatency(text, "ms")).toEqual({ ok: true, ns });
  });

  it("rounds to the nearest nanosecond", () => {
    expect(parseLatency("1.0006", "us")).toEqual({ ok: true, ns: 1001 });
    expect(parseLatency("1.0004", "us")).toEqual({ ok: true, ns: 1000 });
  });

  it.each([
    ["abc", "not a number"],
    ["12xs", "unknown unit"],
    ["-3", "negative"],
    ["NaN", "not finite"],
    ["Infinity", "not finite"],
    ["1e308", "too large"],
    ["1e16ns", "too large"],
    ["", "missing value"],
    ["1,5", "not a number"],
  ])("rejects %j as %s", (text, reason) => {
    expect(parseLatency(text, "ms")).toEqual({ ok: false, reason });
  });

  it("accepts 10^15 ns and rejects one more", () => {
    expect(parseLatency("1000000000000000ns", "ms").ok).toBe(true);
    expect(parseLatency("1000000000000001ns", "ms").ok).toBe(false);
  });
});

describe("parseDuration", () => {
  it("takes a unit or the default", () => {
    expect(parseDuration("10ms")).toBe(10_000_000);
    expect(parseDuration("250", "us")).toBe(250_000);
    expect(parseDuration("soon")).toBeUndefined();
  });

  it("takes hours and days, which a latency in a log does not", () => {
    expect(parseDuration("1h")).toBe(3600e9);
    expect(parseDuration("1.5h")).toBe(5400e9);
    expect(parseDuration("1d")).toBe(86400e9);
    // Longer than any latency: a window of 30 days is a window.
    expect(parseDuration("30d")).toBe(30 * 86400e9);
    expect(parseDuration("-1h")).toBeUndefined();
    expect(parseLatency("1h", "ms")).toEqual({ ok: false, reason: "unknown unit" });
  });
});

describe("unitFromName", () => {
  it.each([
    ["latency_ms", "ms"],
    ["elapsedMs", "ms"],
    ["response_time_us", "us"],
    ["duration-ns", "ns"],
    ["duration_seconds", "s"],
    ["seconds", "s"],
    ["latency_usec", "us"],
    ["latency_usecs", "us"],
    ["rt_msec", "ms"],
    ["Latency (s)", "s"],
    ["duration(sec)", "s"],
    ["latency[ms]", "ms"],
    ["time [μs]", "us"],
    ["elapsed_nsec", "ns"],
    ["request_time", undefined],
    ["latency (p99)", undefined],
    ["latency", undefined],
    ["items", undefined],
  ])("%s → %s", (name, unit) => {
    expect(unitFromName(name)).toBe(unit);
  });
});
