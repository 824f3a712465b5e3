import { describe, expect, it } from "vitest";
import { failureSpectrum } from "../../src/analyses/failure-spectrum.js";
import { spectrumOf } from "../../src/analyses/spectrum.js";
import { percentilesWithFailures } from "../../src/analyses/with-failures.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { spectrumChart } from "../../src/render/spectrum-chart.js";
import { renderSvgChart } from "../../src/render/svg-chart.js";

// 150 successes of 1–150 ms and 10 failures: the failures are the last 10 of 160 requests, beyond p93.75 (x = 16).
const successes = new LatencyRecorder(3);
for (let i = 1; i <= 150; i++) successes.record(i * 1e6);
const withFailures = failureSpectrum("a.log", successes, percentilesWithFailures(successes.histogram(), 10, []))!;
const chart = spectrumChart([spectrumOf("a.log", successes), withFailures], { yScale: "log", maxYTicks: 10 });

describe("the failed tail of a spectrum", () => {
  it("is marked from where the failures begin, saying what it holds", () => {
    expect(chart.marked).toEqual([{ fromX: 16, label: "failed", note: "beyond p93.75, the 6.25% of requests that failed, counted as slower than any success" }]);
    expect(chart.series.map((s) => s.label)).toEqual(["a.log", "a.log (with failures)"]);
    // The axis reaches past the tail's start, so the tail has room.
    expect(chart.x.max).toBeGreaterThan(16);
  });

  it("is shaded in the SVG with its label, and explained in the legend", () => {
    const svg = renderSvgChart(chart);
    expect(svg).toMatch(/<rect x="[\d.]+" y="44" width="[\d.]+" height="350" fill="#c0392b" fill-opacity="0.12"\/>/);
    expect(svg).toContain(">failed</text>");
    expect(svg).toContain("shaded, failed: beyond p93.75, the 6.25% of requests that failed, counted as slower than any success</text>");
  });

  it("is absent when nothing failed", () => {
    expect(spectrumChart([spectrumOf("a.log", successes)], { yScale: "log", maxYTicks: 10 }).marked).toBeUndefined();
  });
});
