import { describe, expect, it } from "vitest";
import { spectrumOf } from "../../src/analyses/spectrum.js";
import { renderBrailleChart } from "../../src/render/braille-chart.js";
import { spectrumChart } from "../../src/render/spectrum-chart.js";
import { logNormalRecorder, twoSpectra } from "../helpers/spectra.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const chart = spectrumChart(twoSpectra(), { yScale: "log", maxYTicks: 8 });

function draw(width = 80, height = 16, color = false): string[] {
  return renderBrailleChart(chart, { width, height, color }).split("\n");
}

describe("spectrumChart", () => {
  it("has one series per input, labelled with the input and its count", () => {
    expect(chart.series.map((s) => s.label)).toEqual(["a.log", "b <&> .log"]);
    expect(chart.series.map((s) => s.detail)).toEqual(["20,000 samples", "3,000 samples"]);
    expect(chart.series.map((s) => s.uncertainFromX)).toEqual([2_000, 300]);
    expect(chart.uncertainNote).toMatch(/fewer than 10 samples beyond/);
  });

  it("labels a variant such as raw or corrected", () => {
    const r = logNormalRecorder(100, 1e6, 0.3, 3);
    const labelled = spectrumChart([spectrumOf("x", r, "raw"), spectrumOf("x", r, "corrected")], { yScale: "log", maxYTicks: 5 });
    expect(labelled.series.map((s) => s.label)).toEqual(["x (raw)", "x (corrected)"]);
  });
});

describe("renderBrailleChart", () => {
  const lines = draw();
  const axisRow = lines.findIndex((l) => l.includes("└"));

  it("puts the percentile ticks 0% … 99.99% under evenly spaced axis marks", () => {
    const marks = [...lines[axisRow]!].flatMap((c, i) => (c === "┬" ? [i] : []));
    expect(marks).toHaveLength(5);
    const gaps = marks.slice(1).map((m, i) => m - marks[i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    const labels = lines[axisRow + 1]!;
    for (const [i, label] of ["0%", "90%", "99%", "99.9%", "99.99%"].entries()) {
      const at = labels.indexOf(label, i === 0 ? 0 : labels.indexOf(" ", marks[i - 1]!));
      expect(at, label).toBeGreaterThanOrEqual(0);
      // Centred on its mark, or pushed left to stay inside the width.
      expect(Math.abs(at + Math.floor(label.length / 2) - marks[i]!), label).toBeLessThanOrEqual(label.length);
    }
  });

  it("labels latency ticks on the left in readable units", () => {
    const plotRows = lines.slice(1, axisRow);
    expect(plotRows).toHaveLength(16);
    expect(plotRows.filter((l) => /┤/.test(l)).map((l) => l.split("┤")[0]!.trim())).toEqual(["100 ms", "10 ms", "1 ms"]);
  });

  it("draws braille dots for every series, numbered at their ends and in the legend", () => {
    expect(lines.slice(1, axisRow).join("")).toMatch(/[\u2801-\u28ff]/);
    const legend = lines.slice(axisRow + 3).filter((l) => l !== "");
    expect(legend[0]).toMatch(/^1 ⠒⠒⠒ a\.log {2}20,000 samples$/);
    expect(legend[1]).toMatch(/^2 ⠒⠒⠒ b <&> \.log {2}3,000 samples$/);
    expect(legend[2]).toMatch(/dotted: fewer than 10 samples beyond/);
    const body = lines.slice(1, axisRow).join("\n");
    expect(body).toMatch(/1/);
    expect(body).toMatch(/2/);
  });

  it("stays within the width, and the height is the plot's rows", () => {
    for (const width of [40, 80, 120]) {
      const drawn = draw(width, 10);
      const axis = drawn.findIndex((l) => l.includes("└"));
      for (const line of drawn.slice(0, axis + 2)) expect([...line].length, line).toBeLessThanOrEqual(width);
      expect(axis - 1).toBe(10);
    }
  });

  it("uses colour only when allowed", () => {
    expect(draw(80, 16, false).join("\n")).not.toMatch(ANSI);
    const coloured = draw(80, 16, true).join("\n");
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, "")).toBe(draw(80, 16, false).join("\n"));
  });

  it("does not number a single series", () => {
    const one = renderBrailleChart(spectrumChart(twoSpectra().slice(0, 1), { yScale: "linear", maxYTicks: 6 }), { width: 60, height: 8, color: false });
    expect(one).toMatch(/\n⠒⠒⠒ a\.log {2}20,000 samples\n/);
    expect(one).toMatch(/latency on a linear scale/);
  });
});
