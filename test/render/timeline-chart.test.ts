import { describe, expect, it } from "vitest";
import type { TimelineData, TimelineRow, TimelineFigures } from "../../src/analyses/timeline.js";
import { renderBrailleChart } from "../../src/render/braille-chart.js";
import { renderSvgChart } from "../../src/render/svg-chart.js";
import { percentAxis } from "../../src/render/chart-axes.js";
import { failureRateAxis, timelineChart, timelineYScale } from "../../src/render/timeline-chart.js";

const MS = 1e6;
const EMPTY: TimelineFigures = { count: 0, percentilesNs: [NaN, NaN, NaN], maxNs: NaN };

/** A window's figures: count, then p50, p90, p99 and max in milliseconds. */
function figures(count: number, p50: number, p90: number, p99: number, max: number): TimelineFigures {
  return { count, percentilesNs: [p50 * MS, p90 * MS, p99 * MS], maxNs: max * MS };
}

function timeline(raw: TimelineFigures[], corrected?: TimelineFigures[]): TimelineData {
  const rows: TimelineRow[] = raw.map((f, i) => ({
    offsetSec: i * 10,
    startSec: 1_700_000_000 + i * 10,
    lengthSec: 10,
    raw: f,
    ...(corrected ? { corrected: corrected[i]! } : {}),
  }));
  return { startTimeSec: 1_700_000_000, intervalMs: 10_000, skipMs: 0, windowMs: undefined, ...(corrected ? { correctedLabel: "corrected at 20ms" } : {}), rows };
}

// Six minutes of windows with a stall in the fourth minute: p50 ~12 ms, p99 ~70 ms, max up to 1.5 s.
const steady = Array.from({ length: 36 }, (_, i) => figures(570, 12, 31, 70, i === 20 ? 1510 : 100));
const options = { yScale: "log" as const, maxYTicks: 8, maxXTicks: 8 };

describe("timelineChart", () => {
  const chart = timelineChart(timeline(steady), options);

  it("draws p50, p99 and max per window against the window's start", () => {
    expect(chart.title).toBe("Latency over time");
    expect(chart.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    for (const s of chart.series) expect(s.points.map(([x]) => x)).toEqual(steady.map((_, i) => i * 10));
    expect(chart.series[0]!.points[3]).toEqual([30, 12 * MS]);
    expect(chart.series[1]!.points[3]).toEqual([30, 70 * MS]);
    expect(chart.series[2]!.points[20]).toEqual([200, 1510 * MS]);
  });

  it("has a linear time axis from 0 with ticks at whole minutes, and a latency axis covering every value", () => {
    expect(chart.x).toMatchObject({ scale: "linear", kind: "seconds", min: 0, max: 360 });
    expect(chart.x.ticks.map((t) => t.label)).toEqual(["0s", "1m", "2m", "3m", "4m", "5m", "6m"]);
    expect(chart.x.ticks.map((t) => t.value)).toEqual([0, 60, 120, 180, 240, 300, 360]);
    expect(chart.y).toMatchObject({ scale: "log", kind: "duration" });
    expect(chart.y.min).toBeLessThanOrEqual(12 * MS);
    expect(chart.y.max).toBeGreaterThanOrEqual(1510 * MS);
    expect(chart.y.ticks.map((t) => t.label)).toEqual(["10 ms", "20 ms", "50 ms", "100 ms", "200 ms", "500 ms", "1 s", "2 s"]);
  });

  it("leaves empty windows out of every line, and breaks the line there", () => {
    const gappy = timelineChart(timeline([steady[0]!, EMPTY, steady[2]!]), options);
    for (const s of gappy.series) expect(s.points.map(([x]) => x)).toEqual([0, 20]);
    for (const s of gappy.series) expect(s.gapsAt).toEqual([10]);
    for (const s of chart.series) expect(s.gapsAt).toBeUndefined();
  });

  it("adds a corrected series per statistic after the raw ones, labelled as the table's (c) columns", () => {
    const corrected = steady.map((f) => ({ ...f, count: f.count + 10, maxNs: f.maxNs * 2 }));
    const both = timelineChart(timeline(steady, corrected), options);
    expect(both.series.map((s) => s.label)).toEqual(["p50", "p99", "max", "p50 (c)", "p99 (c)", "max (c)"]);
    expect(both.series.slice(3).map((s) => s.detail)).toEqual(["corrected at 20ms", "corrected at 20ms", "corrected at 20ms"]);
    expect(both.series[5]!.points[20]).toEqual([200, 3020 * MS]);
    expect(both.y.max).toBeGreaterThanOrEqual(3020 * MS);
  });

  it("rounds window starts to the millisecond, as the table prints them", () => {
    const data = timeline([steady[0]!, steady[1]!]);
    data.rows[1]!.offsetSec = 0.30000000000000004;
    expect(timelineChart(data, options).series[0]!.points.map(([x]) => x)).toEqual([0, 0.3]);
  });
});

describe("timelineYScale", () => {
  it("is log when the values span more than a decade, linear within one", () => {
    expect(timelineYScale(timeline(steady))).toBe("log");
    expect(timelineYScale(timeline([figures(100, 10, 20, 40, 90), figures(100, 12, 25, 50, 95)]))).toBe("linear");
    expect(timelineYScale(timeline([EMPTY]))).toBe("linear");
  });

  it("on a linear axis starts at 0 with round latency ticks", () => {
    const chart = timelineChart(timeline([figures(100, 10, 20, 40, 90), figures(100, 12, 25, 50, 95)]), { ...options, yScale: "linear" });
    expect(chart.y.min).toBe(0);
    expect(chart.y.ticks.map((t) => t.label)).toEqual(["0", "20 ms", "40 ms", "60 ms", "80 ms", "100 ms"]);
  });
});

describe("the time chart in the renderers", () => {
  const chart = timelineChart(timeline(steady), options);

  it("in braille: a numbered line per statistic, time labels under the axis and its title", () => {
    const lines = renderBrailleChart(chart, { width: 80, height: 12, color: false }).split("\n");
    expect(lines[0]).toBe("Latency over time (latency on a log scale)");
    const axisRow = lines.findIndex((l) => l.includes("└"));
    expect(lines[axisRow + 1]).toMatch(/^\s+0s\s+1m\s+2m\s+3m\s+4m\s+5m\s+6m$/);
    expect(lines[axisRow + 2]!.trim()).toBe("time from start (window start)");
    expect(lines.slice(axisRow + 3, axisRow + 6).map((l) => l.replace(/⠒+/, "~"))).toEqual(["1 ~ p50", "2 ~ p99", "3 ~ max"]);
  });

  it("as SVG: minute labels, latency labels and a path per series", () => {
    const svg = renderSvgChart(chart);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1]);
    for (const label of ["0s", "3m", "6m", "10 ms", "1 s", "time from start (window start)"]) expect(texts).toContain(label);
    expect([...svg.matchAll(/<path d="M[^"]*" fill="none" stroke="#[0-9a-f]{6}"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(["p50", "p99", "max"]);
  });
});

describe("empty windows in the renderers", () => {
  // Two windows, five empty ones (an outage: 50 s without a request), two more; every statistic 12 ms.
  const flat = figures(100, 12, 12, 12, 12);
  const outage = timelineChart(timeline([flat, flat, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, flat, flat]), { ...options, yScale: "linear" });

  it("in braille: no dots across the outage", () => {
    const lines = renderBrailleChart(outage, { width: 80, height: 8, color: false }).split("\n");
    const drawn = lines.filter((l) => /[│┤]/.test(l) && /[\u2801-\u28ff]/.test(l));
    expect(drawn).toHaveLength(1);
    const plot = drawn[0]!.split(/[│┤]/)[1]!;
    // The windows at 10 s and 70 s are the gap's ends, so the columns of 15-65 s have no dot.
    const cols = [...plot];
    const width = lines.find((l) => l.includes("└"))!.split("└")[1]!.length;
    const column = (sec: number) => (width * sec) / outage.x.max;
    const middle = cols.slice(Math.ceil(column(15)), Math.floor(column(65)));
    expect(middle.length).toBeGreaterThan(30);
    expect(middle.join("").trim()).toBe("");
    expect(cols.slice(0, 3).join("")).toMatch(/[\u2801-\u28ff]/);
  });

  it("as SVG: a new subpath (M) after the gap, and a lone window as a dot", () => {
    const svg = renderSvgChart(outage);
    const p50 = /<path d="([^"]*)" fill="none" stroke="#[0-9a-f]{6}"[^>]*><title>p50<\/title>/.exec(svg)![1]!;
    expect(p50).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+M[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
    const lone = renderSvgChart(timelineChart(timeline([flat, EMPTY, flat, flat]), options));
    expect([...lone.matchAll(/<circle [^>]*><title>p50<\/title>/g)]).toHaveLength(1);
    expect(/<path d="([^"]*)" fill="none" stroke="#[0-9a-f]{6}"[^>]*><title>p50<\/title>/.exec(lone)![1]!.match(/M/g)).toHaveLength(1);
  });
});

describe("failureRateAxis", () => {
  const withFailures = (failed: ({ count: number; requests: number } | undefined)[]): TimelineData => {
    const data = timeline(failed.map((f) => (f === undefined || f.requests === 0 ? EMPTY : figures(f.requests - f.count, 10, 20, 30, 40))));
    return { ...data, failedUnplaced: 0, rows: data.rows.map((row, i) => ({ ...row, ...(failed[i] ? { failed: failed[i] } : {}) })) };
  };

  it("is each window's failed requests in percent of its requests, on a percent axis from 0", () => {
    // 3 of 200, 0 of 150, an empty window, 45 of 300 (hand-computed: 1.5%, 0%, none, 15%).
    const axis = failureRateAxis(withFailures([{ count: 3, requests: 200 }, { count: 0, requests: 150 }, { count: 0, requests: 0 }, { count: 45, requests: 300 }]), 8)!;
    expect(axis.series).toHaveLength(1);
    expect(axis.series[0]!.label).toBe("failed");
    expect(axis.series[0]!.points).toEqual([[0, 1.5], [10, 0], [30, 15]]);
    expect(axis.series[0]!.gapsAt).toEqual([20]);
    expect(axis.axis).toMatchObject({ kind: "percent", scale: "linear", min: 0 });
    expect(axis.axis.max).toBeGreaterThanOrEqual(15);
    expect(axis.axis.ticks.map((t) => t.label)).toContain("0%");
  });

  it("is absent when the time line tells no failures, or none failed", () => {
    expect(failureRateAxis(timeline(steady), 8)).toBeUndefined();
    expect(failureRateAxis(withFailures([{ count: 0, requests: 200 }, { count: 0, requests: 100 }]), 8)).toBeUndefined();
  });
});

describe("the failure rate in the SVG", () => {
  it("is a dark red line against a percent axis on the right, named in the legend; without failures there is none", () => {
    const rows = [{ count: 3, requests: 200 }, { count: 0, requests: 150 }, { count: 45, requests: 300 }];
    const data = timeline(rows.map((f) => figures(f.requests - f.count, 10, 20, 30, 40)));
    const failing = { ...data, failedUnplaced: 0, rows: data.rows.map((row, i) => ({ ...row, failed: rows[i]! })) };
    const chart = timelineChart(failing, options);
    const svg = renderSvgChart(chart);
    const path = /<path d="([^"]*)" fill="none" stroke="#8b1a1a"[^>]*><title>failed<\/title>/.exec(svg);
    expect(path).not.toBeNull();
    // The plot runs from y = 394 (450 high less the bottom margin of 56) up to 44: a rate r lies at 394 − r / max × 350.
    const max = chart.y2!.axis.max;
    const ys = [...path![1]!.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toEqual([1.5, 0, 15].map((rate) => Math.round((394 - (rate / max) * 350) * 10) / 10));
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1]);
    for (const label of ["0%", `${max}%`, "failed requests"]) expect(texts).toContain(label);
    expect(svg).toContain("failed <tspan fill=\"#777\">% of the window&apos;s requests, right axis</tspan>");
    expect(renderSvgChart(timelineChart(timeline(steady), options))).not.toContain("#8b1a1a");
  });
});

describe("percentAxis", () => {
  it("runs from 0 to a round share at or above the largest, never below 1%", () => {
    expect(percentAxis(15, 8)).toMatchObject({ min: 0, max: 15, ticks: [0, 5, 10, 15].map((v) => ({ value: v, label: `${v}%` })) });
    expect(percentAxis(0.2, 8).max).toBe(1);
    expect(percentAxis(100, 6).max).toBe(100);
  });
});
