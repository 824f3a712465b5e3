import { describe, expect, it } from "vitest";
import { durationAxis, durationTickLabel, elapsedAxis, elapsedTickLabel, percentileAxis, percentileTickLabel } from "../../src/render/chart-axes.js";

describe("the percentile axis", () => {
  it("has a tick at each power of ten of 1/(1-p) the data reaches: 0%, 90%, 99%, 99.9% …", () => {
    const axis = percentileAxis(20_480);
    expect(axis).toMatchObject({ scale: "log", kind: "percentile", min: 1, max: 20_480 });
    expect(axis.ticks).toEqual([
      { value: 1, label: "0%" },
      { value: 10, label: "90%" },
      { value: 100, label: "99%" },
      { value: 1000, label: "99.9%" },
      { value: 10000, label: "99.99%" },
    ]);
  });

  it("reaches at least 90%, and no further than the data", () => {
    expect(percentileAxis(1).max).toBe(10);
    expect(percentileAxis(1).ticks.map((t) => t.label)).toEqual(["0%", "90%"]);
    expect(percentileAxis(999).ticks.map((t) => t.label)).toEqual(["0%", "90%", "99%"]);
    expect(percentileAxis(1000).ticks.at(-1)!.label).toBe("99.9%");
    expect(percentileTickLabel(6)).toBe("99.9999%");
  });
});

describe("the latency axis", () => {
  it("on a log scale spans 1-2-5 values around the data, with readable labels", () => {
    const axis = durationAxis(486_000, 1_510_000_000, "log", 10);
    expect(axis.min).toBeLessThanOrEqual(486_000);
    expect(axis.max).toBeGreaterThanOrEqual(1_510_000_000);
    expect(axis.ticks.map((t) => t.label)).toEqual(["1 ms", "10 ms", "100 ms", "1 s"]);
    const fine = durationAxis(3e6, 9e6, "log", 10);
    expect(fine.ticks.map((t) => t.label)).toEqual(["3 ms", "4 ms", "5 ms", "6 ms", "7 ms", "8 ms", "9 ms"]);
  });

  it("on a linear scale starts at 0 with evenly spaced round ticks", () => {
    const axis = durationAxis(1e6, 117e6, "linear", 8);
    expect(axis.min).toBe(0);
    expect(axis.max).toBeGreaterThanOrEqual(117e6);
    const steps = axis.ticks.slice(1).map((t, i) => t.value - axis.ticks[i]!.value);
    expect(new Set(steps).size).toBe(1);
    expect(axis.ticks.length).toBeLessThanOrEqual(8);
    expect(axis.ticks.map((t) => t.label)).toEqual(["0", "20 ms", "40 ms", "60 ms", "80 ms", "100 ms", "120 ms"]);
  });

  it("copes with a single value and with zeros", () => {
    const one = durationAxis(5e6, 5e6, "log", 10);
    expect(one.min).toBeLessThanOrEqual(5e6);
    expect(one.max).toBeGreaterThan(5e6);
    const zero = durationAxis(0, 0, "linear", 5);
    expect(zero.max).toBeGreaterThan(0);
  });

  it("labels each tick in its own readable unit", () => {
    expect(durationTickLabel(500_000)).toBe("500 us");
    expect(durationTickLabel(1_500_000_000)).toBe("1.5 s");
    expect(durationTickLabel(0)).toBe("0");
  });
});

describe("the time axis", () => {
  it("is linear from 0 with ticks at round seconds, minutes or hours", () => {
    expect(elapsedAxis(350, 8)).toMatchObject({ scale: "linear", kind: "seconds", min: 0, max: 360 });
    expect(elapsedAxis(350, 8).ticks.map((t) => t.label)).toEqual(["0s", "1m", "2m", "3m", "4m", "5m", "6m"]);
    expect(elapsedAxis(50, 6).ticks.map((t) => t.label)).toEqual(["0s", "10s", "20s", "30s", "40s", "50s"]);
    expect(elapsedAxis(7000, 6).ticks.map((t) => t.label)).toEqual(["0s", "30m", "1h", "1h30m", "2h"]);
    expect(elapsedAxis(4 * 86400, 5).ticks.map((t) => t.value)).toEqual([0, 86400, 172800, 259200, 345600]);
  });

  it("steps 1-2-5 below a second, and spans a second when there is one window", () => {
    expect(elapsedAxis(0.9, 6).ticks.map((t) => t.label)).toEqual(["0s", "0.2s", "0.4s", "0.6s", "0.8s", "1s"]);
    expect(elapsedAxis(0, 5)).toMatchObject({ min: 0, max: 1 });
  });

  it("keeps to the ticks there is room for", () => {
    for (const [max, room] of [[350, 3], [3599, 7], [0.05, 4], [100_000, 10]] as const) expect(elapsedAxis(max, room).ticks.length).toBeLessThanOrEqual(room);
  });

  it("labels seconds in hours, minutes and seconds", () => {
    expect([0, 45, 90, 3600, 5430, 0.5].map(elapsedTickLabel)).toEqual(["0s", "45s", "1m30s", "1h", "1h30m30s", "0.5s"]);
  });
});
