import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spectrumOf } from "../../src/analyses/spectrum.js";
import { spectrumChart } from "../../src/render/spectrum-chart.js";
import { escapeXml, renderSvgChart } from "../../src/render/svg-chart.js";
import { fixture } from "../helpers/run-cli.js";
import { logNormalRecorder, twoSpectra } from "../helpers/spectra.js";

// UPDATE_GOLDEN=1 npx vitest run test/render/svg-chart.test.ts rewrites the golden file after a deliberate change.
const GOLDEN = fixture("golden", "svg", "spectrum-two-inputs.svg");

const svg = renderSvgChart(spectrumChart(twoSpectra(), { yScale: "log", maxYTicks: 10 }));

describe("renderSvgChart", () => {
  it("matches the golden SVG", () => {
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, svg);
    expect(svg).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("is well-formed XML (xmllint, from libxml2-utils as .ci/run installs)", () => {
    const run = spawnSync("xmllint", ["--noout", GOLDEN], { encoding: "utf8" });
    if (run.error) throw new Error(`xmllint is needed for this test (Debian: libxml2-utils): ${run.error.message}`);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("is a standalone SVG document with a title, axes labelled 0% … 99.99% and readable latencies", () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="800" height="\d+" viewBox="0 0 800 \d+"/);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/href=|<image|<script|@import|url\(/);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1]);
    for (const label of ["0%", "90%", "99%", "99.9%", "99.99%", "1 ms", "10 ms", "100 ms"]) expect(texts).toContain(label);
  });

  it("draws each series solid where certain and dashed beyond, and escapes labels", () => {
    const paths = [...svg.matchAll(/<path d="M[^"]*" fill="none" stroke="(#[0-9a-f]{6})"[^>]*?( stroke-dasharray="[^"]*")?><title>([^<]*)<\/title>/g)];
    expect(paths.map((m) => [m[3], m[2] !== undefined])).toEqual([
      ["a.log", false],
      ["a.log", true],
      ["b &lt;&amp;&gt; .log", false],
      ["b &lt;&amp;&gt; .log", true],
    ]);
    expect(svg).toContain("b &lt;&amp;&gt; .log <tspan");
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });

  it("draws a one-value input as a dot", () => {
    const r = logNormalRecorder(1, 1e6, 0, 1);
    expect(renderSvgChart(spectrumChart([spectrumOf("one", r)], { yScale: "log", maxYTicks: 5 }))).toMatch(/<circle [^>]*><title>one<\/title><\/circle>/);
  });
});
