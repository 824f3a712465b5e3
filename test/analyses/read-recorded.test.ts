import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Notice } from "../../src/analyses/notices.js";
import { AnalysisError } from "../../src/analyses/problems.js";
import { readRecorded, type RecordOptions } from "../../src/analyses/read-recorded.js";
import { UserError } from "../../src/base/errors.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { findFormat } from "../../src/formats/registry.js";
import { tempFile } from "../helpers/formats.js";
import { fixture } from "../helpers/run-cli.js";

/** Options for reading with defaults, and the notices said meanwhile. */
function reading(more: Partial<RecordOptions> = {}): { options: RecordOptions; notices: Notice[] } {
  const notices: Notice[] = [];
  const options: RecordOptions = {
    read: { decode: {}, filter: { includeErrors: false }, strict: false, follow: false },
    hooks: { notice: (notice) => notices.push(notice) },
    digits: 3,
    percentiles: ["50", "99"],
    perFile: false,
    correction: { kind: "auto", apply: false },
    ...more,
  };
  return { options, notices };
}

describe("readRecorded", () => {
  it("returns the report whole: every input's values, the detection, and the notices said on the way", async () => {
    const { options, notices } = reading({ perFile: true });
    const run = await readRecorded([fixture("demo.log"), fixture("core/lognormal-1000.txt")], options);
    if (run.kind !== "requests") throw new Error("requests expected");
    const each = run.inputs.map((input) => input.recorder.count);
    expect(run.report.total.count).toBe(each[0]! + each[1]!);
    expect(run.report.perFile.map((file) => file.summary.count)).toEqual(each);
    expect(run.report.detection).toBe(run.correction.detection);
    expect(notices.filter((n) => n.kind === "input").map((n) => n.kind === "input" && n.input)).toContain(fixture("demo.log"));
    expect(notices.map((n) => n.kind)).toContain("co-detected");
  });

  it("names the input in its coordinated-omission notices when reading one input of several (side)", async () => {
    const { options, notices } = reading({ side: "base" });
    await readRecorded([fixture("demo.log")], options);
    expect(notices.find((n) => n.kind === "co-detected")).toMatchObject({ side: "base" });
  });

  it("corrects when asked, and keeps the raw figures as read", async () => {
    const { options } = reading({ correction: { kind: "expected-interval", intervalNs: 10e6, after: true } });
    const run = await readRecorded([fixture("demo.log")], options);
    if (run.kind !== "requests") throw new Error("requests expected");
    const raw = new LatencyRecorder(3);
    raw.add(run.inputs[0]!.recorder);
    expect(run.report.recorder.count).toBe(raw.count);
    const corrected = run.report.corrected!;
    expect(corrected.syntheticCount).toBeGreaterThan(0);
    expect(corrected.recorder.histogram().totalCount).toBe(raw.count + corrected.syntheticCount);
  });

  it("is one no-values problem when nothing was recorded, with what was read", async () => {
    const { options } = reading();
    const file = tempFile("words.txt", ["a", "b", "c"]);
    const plain = { ...options.read, format: findFormat("plain")! };
    const error = await readRecorded([file], { ...options, read: plain, side: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    const problem = (error as AnalysisError).problem;
    expect(problem).toMatchObject({ kind: "no-values", input: file, interrupted: false });
    expect(problem.kind === "no-values" && problem.accounting.lines).toBe(3);
  });

  it("hands Prometheus histograms back as bucket inputs only to a command that can use them", async () => {
    const { options } = reading();
    const files = [fixture("formats/prometheus/before.prom"), fixture("formats/prometheus/after.prom")];
    const run = await readRecorded(files, { ...options, hooks: { ...options.hooks, buckets: true } });
    expect(run.kind).toBe("buckets");
    await expect(readRecorded(files, options)).rejects.toThrow(UserError);
  });
  describe("a time line's failures", () => {
    // demo.log's failed requests by its status column (outside 200-399), counted here from the file itself.
    const failedStarts = () =>
      readFileSync(fixture("demo.log"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(","))
        .filter((fields) => Number(fields[2]) < 200 || Number(fields[2]) > 399)
        .map((fields) => Date.parse(fields[0]!));

    it("are kept when asked for (timeline): each failed request's start time", async () => {
      const { options } = reading({ correction: { kind: "off" }, timeLine: { groupBy: [], failures: true } });
      const run = await readRecorded([fixture("demo.log")], options);
      if (run.kind !== "requests") throw new Error("requests expected");
      const failures = run.timeLine!.failures!;
      const expected = failedStarts();
      expect(expected.length).toBe(77);
      expect(Array.from(failures.startsNs, (ns) => Math.floor(ns / 1e6))).toEqual(expected);
      expect(failures.leftOut.every((flag) => flag === 1)).toBe(true);
    });

    it("are not collected for a written log (convert, merge): nothing is kept of them", async () => {
      const { options } = reading({ correction: { kind: "off" }, timeLine: { groupBy: [], failures: false } });
      const run = await readRecorded([fixture("demo.log")], options);
      if (run.kind !== "requests") throw new Error("requests expected");
      expect(run.timeLine!.failures).toBeUndefined();
      expect(run.timeLine!.sources.timed[0]!.startsNs.length).toBe(20_000 - 77);
    });
  });
});
