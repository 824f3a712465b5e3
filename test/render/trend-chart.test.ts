import { describe, expect, it } from "vitest";
import { buildTrend } from "../../src/analyses/trend.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { runAxis } from "../../src/render/chart-axes.js";
import { trendChart, trendYScale } from "../../src/render/trend-chart.js";

/** A run of the values 1…100 ms times `factor`: its p50 is 50·factor ms, its p99 99·factor ms (nearest rank). */
function run(name: string, factor: number) {
  const recorder = new LatencyRecorder(3);
  for (let v = 1; v <= 100; v++) recorder.record(v * factor * 1e6);
  return { name, recorder };
}

const options = { maxYTicks: 10, maxXTicks: 25 };

describe("trendChart", () => {
  const data = buildTrend([run("a", 1), run("b", 2), run("c", 1.5)], ["50", "99"]);

  it("draws a line per percentile with a point per run, numbered from 1", () => {
    const chart = trendChart(data, { ...options, yScale: "linear" });
    expect(chart.series.map((s) => s.label)).toEqual(["p50", "p99"]);
    // Within the histogram's 3 significant digits of the nearest-rank values.
    const expected = [[50, 100, 75], [99, 198, 148.5]];
    chart.series.forEach((s, i) => {
      expect(s.points.map(([x]) => x)).toEqual([1, 2, 3]);
      s.points.forEach(([, y], r) => expect(Math.abs(y / 1e6 - expected[i]![r]!) / expected[i]![r]!).toBeLessThan(0.001));
    });
    expect(chart.x).toMatchObject({ kind: "number", min: 1, max: 3, ticks: [1, 2, 3].map((v) => ({ value: v, label: String(v) })) });
  });

  it("goes on a log axis only when the values span more than a decade", () => {
    expect(trendYScale(data)).toBe("linear");
    expect(trendYScale(buildTrend([run("a", 1), run("b", 1)], ["0", "99"]))).toBe("log");
  });
});

describe("runAxis", () => {
  it("ticks every run when there is room, else every k-th from the first", () => {
    expect(runAxis(2, 25).ticks.map((t) => t.value)).toEqual([1, 2]);
    expect(runAxis(60, 25).ticks.map((t) => t.value)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 49, 52, 55, 58]);
  });
});
