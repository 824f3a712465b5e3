import { describe, expect, it } from "vitest";
import { BucketLayout } from "../../src/core/histogram.js";
import { fixture, runCli } from "../helpers/run-cli.js";

/** The value of rank r of 1 … n ms as the histogram reports it: its bucket's highest value, in ms. */
const atRank = (r: number) => (new BucketLayout(3).highestEquivalentValue(r * 1e6) / 1e6);
/** A lower confidence bound at rank r: the lowest value of its bucket. */
const fromRank = (r: number) => { const layout = new BucketLayout(3); return layout.lowestValueAt(layout.indexOf(r * 1e6)) / 1e6; };

/** 1 … n ms, one per line. */
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}ms`).join("\n") + "\n";

describe("report: confidence and insufficient data", () => {
  it("marks insufficient percentiles in the table and explains them", async () => {
    const { stdout, code } = await runCli(["report", fixture("demo.log")]);
    expect(code).toBe(0);
    // The demo's 19,923 successes (of 20,000 requests) measure p99.9, not p99.99 (its value marked, last before max).
    expect(stdout).toMatch(/│ +[\d.]+ │ +[\d.]+\* │ +[\d.]+ │\n└/);
    expect(stdout).toContain("p99.99 needs ≥ 100,000 samples, have 19,923");
    expect(stdout).not.toContain("(lo–hi)");
  });

  it("shows intervals with --ci", async () => {
    const { stdout, code } = await runCli(["report", "--ci", "-p", "50,99", "--out-unit", "ms"], { stdin: oneTo(2000) });
    expect(code).toBe(0);
    // Ranks 956 and 1045 of 1…2000 ms, at 3 significant digits.
    expect(stdout).toMatch(/1000 \(956–1050\)/);
    expect(stdout).toContain("95% confidence interval");
    expect(stdout).not.toContain("insufficient");
  });

  it("carries ci and insufficient in JSON beside the unchanged percentiles map", async () => {
    const { stdout, code } = await runCli(["report", "--json", "-p", "50,99.9"], { stdin: oneTo(2000) });
    expect(code).toBe(0);
    const raw = JSON.parse(stdout).raw;
    expect(raw.percentiles).toEqual({ "50": atRank(1000), "99.9": atRank(1998) });
    expect(raw.percentileDetails["50"]).toEqual({ ci: [fromRank(956), atRank(1045)], ciClamped: [false, false] });
    expect(raw.percentileDetails["99.9"].insufficient).toEqual({ needed: 10_000, have: 2000 });
    expect(raw.percentileDetails["99.9"].ciClamped).toEqual([false, true]);
  });

  it("names insufficient percentiles in a CSV column, and intervals as columns with --ci", async () => {
    const plain = await runCli(["report", "-o", "csv", "-p", "50,99.9"], { stdin: oneTo(2000) });
    const [header, row] = plain.stdout.trim().split("\n");
    expect(header).toBe("input,count,min_ms,mean_ms,stddev_ms,p50_ms,p99.9_ms,max_ms,insufficient");
    expect(row!.endsWith(",p99.9")).toBe(true);
    const withCi = await runCli(["report", "-o", "csv", "--ci", "-p", "50"], { stdin: oneTo(2000) });
    expect(withCi.stdout.split("\n")[0]).toBe("input,count,min_ms,mean_ms,stddev_ms,p50_ms,max_ms,p50_lo_ms,p50_hi_ms,insufficient");
  });

  it("escapes the mark in markdown so it is not read as emphasis or a list", async () => {
    const { stdout } = await runCli(["report", "-o", "markdown", "-p", "99.9"], { stdin: oneTo(2000) });
    expect(stdout).toMatch(/\\\* \|/);
    expect(stdout).toContain("\\* insufficient data");
  });
});
