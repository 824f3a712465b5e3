import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hgrmFormat } from "../../src/formats/hgrm.js";
import { runCli } from "../helpers/run-cli.js";
import type { SampleSink } from "../../src/formats/types.js";
import { decodeAll, ff, fixtureLines, fixtureText, latstatJson, rejectsOf, tempFile } from "../helpers/formats.js";

/** The spectrum rows and footer total of the Java reference's .hgrm, read independently. */
function spectrum(name: string) {
  const rows = fixtureLines(name)
    .map((l) => l.trim().split(/[\s,]+/))
    .filter((f) => f.length >= 3 && /^\d+\.\d+$/.test(f[0]!) && /^[01]\.\d+$/.test(f[1]!) && /^\d+$/.test(f[2]!))
    .map(([value, percentile, count]) => ({ value: Number(value), percentile: Number(percentile), count: Number(count) }));
  const total = Number(/Total count\s*=\s*(\d+)/.exec(fixtureText("hgrm/hey-flaky.hgrm"))![1]);
  return { rows, total };
}

describe("hgrm (a percentile spectrum read back as a distribution)", () => {
  for (const name of ["hgrm/hey-flaky.hgrm", "hgrm/hey-flaky.csv.hgrm", "hgrm/wrk2-L.txt"]) {
    it(`${name}: the spectrum comes back — every row's percentile is that row's value`, async () => {
      const { rows, total } = spectrum(name);
      const levels = [...new Set(rows.map((r) => r.percentile * 100).filter((p) => p > 0))];
      const document = await latstatJson([ff(name), "-p", levels.join(",")]);
      expect(document.input.format).toBe("hgrm");
      expect(document.raw.count).toBe(total);
      expect(document.raw.max).toBe(rows.at(-1)!.value);
      for (const row of rows) {
        if (row.percentile === 0) continue;
        // The row's value is printed to 3 decimals of a ms: it may sit up to 0.0005 ms off, then a bucket above.
        const actual = document.raw.percentiles[String(row.percentile * 100)];
        expect(Math.abs(actual - row.value)).toBeLessThanOrEqual(row.value / 1024 + 0.0005);
      }
    });
  }

  it("is marked approximate in the table header and in --json", async () => {
    const json = await latstatJson([ff("hgrm/hey-flaky.hgrm")]);
    expect(json.input.approximate).toMatch(/^hgrm: read from a percentile spectrum/);
    const table = await runCli([ff("hgrm/hey-flaky.hgrm")]);
    expect(table.stdout.split("\n")[0]).toMatch(/format hgrm \(APPROXIMATE: hgrm: read from a percentile spectrum/);
    const markdown = await runCli([ff("hgrm/hey-flaky.hgrm"), "-o", "markdown"]);
    expect(markdown.stdout).toMatch(/APPROXIMATE/);
    expect((await latstatJson([ff("hey/flaky.csv")])).input.approximate).toBeNull();
  });

  it("is marked in CSV and hgrm output by a first # line; no interval log is made of it (its readers take counts as exact)", async () => {
    const note = "# APPROXIMATE: hgrm: read from a percentile spectrum: each row's requests at its printed value";
    for (const output of ["csv", "hgrm"]) {
      const run = await runCli([ff("hgrm/hey-flaky.hgrm"), "-o", output]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split("\n")[0]).toBe(note);
    }
    expect((await runCli([ff("hey/flaky.csv"), "-o", "csv"])).stdout).not.toMatch(/APPROXIMATE/);
    for (const args of [["convert", ff("hgrm/hey-flaky.hgrm")], [ff("hgrm/hey-flaky.hgrm"), "-o", "hlog"], ["merge", ff("hgrm/hey-flaky.hgrm"), ff("hgrm/wrk2-L.txt"), "-o", path.join(mkdtempSync(path.join(tmpdir(), "latstat-hgrm-")), "merged.hlog")]]) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/: hgrm: read from a percentile spectrum: each row's requests at its printed value: an interval log of it would pass these approximations on as exact counts \(/);
    }
  });

  it("takes the footer's Mean and StdDeviation, the original histogram's, for the mean and stddev, in -o hgrm too", async () => {
    for (const name of ["hgrm/hey-flaky.hgrm", "hgrm/wrk2-L.txt"]) {
      const footer = /#\[Mean\s+=\s+([\d.]+), StdDeviation\s+=\s+([\d.]+)\]/.exec(fixtureText(name))!;
      const { raw } = await latstatJson([ff(name)]);
      expect([raw.mean, raw.stddev]).toEqual([Number(footer[1]), Number(footer[2])]);
      expect((await runCli([ff(name), "-o", "hgrm"])).stdout).toContain(`${footer[0]}\n`);
    }
    // The CSV variant has no footer: the rows as read, each at its printed value (here above the original mean).
    const { raw } = await latstatJson([ff("hgrm/hey-flaky.csv.hgrm")]);
    expect(raw.mean).toBeGreaterThan(9.592 + 0.1);
  });

  it("pools what several spectra state with each other and with the other inputs' own figures", async () => {
    const spectrumOf = (name: string, rows: string[], footer: string) => tempFile(name, ["       Value     Percentile TotalCount 1/(1-Percentile)", "", ...rows, footer, "#[Max     =        5.000, Total count    =           2]"]);
    // {1, 3} ms (mean 2, standard deviation 1) and {5, 5} ms (mean 5, 0): together mean 3.5, variance (2.5² + 0.5² + 1.5² + 1.5²) / 4.
    const a = spectrumOf("a.hgrm", ["       1.000 0.000000000000          1           1.00", "       3.000 1.000000000000          2"], "#[Mean    =        2.000, StdDeviation   =        1.000]");
    const b = spectrumOf("b.hgrm", ["       5.000 0.000000000000          2           1.00", "       5.000 1.000000000000          2"], "#[Mean    =        5.000, StdDeviation   =        0.000]");
    const document = await latstatJson([a, b, "--per-file"]);
    expect(document.raw.mean).toBe(3.5);
    expect(document.raw.stddev).toBeCloseTo(Math.sqrt((2.5 ** 2 + 0.5 ** 2 + 1.5 ** 2 + 1.5 ** 2) / 4), 6);
    expect(document.files.map((input: { mean: number; stddev: number }) => [input.mean, input.stddev])).toEqual([[2, 1], [5, 0]]);
    // With 4 ms read from a plain file: that input's own mean (its bucket's midpoint) pooled in (JSON has 6 decimals of a ms).
    const plain = tempFile("four.txt", ["4"]);
    const own = (await latstatJson([plain])).raw.mean;
    expect((await latstatJson([a, plain])).raw.mean).toBeCloseTo((2 * 2 + own) / 3, 6);
  });

  it("states the footer's figures only of the spectrum read, and only when its Total count is the rows'", () => {
    const header = "Value Percentile TotalCount 1/(1-Percentile)";
    const ignore = { value() {}, values() {}, sample() {}, intervalHistogram() {}, skip() {}, repeated() {}, reject() {}, untimedFailure() {}, bucketLine() {} } satisfies SampleSink;
    const stated = (lines: string[], options = {}) => {
      const decoder = hgrmFormat.createDecoder(options);
      lines.forEach((line, i) => decoder.line(line, ignore, i + 1));
      return decoder.statedMoments?.();
    };
    const spectrum = [header, "", "1.000 0.0 2 1.00", "3.000 1.0 4", "#[Mean    =        2.000, StdDeviation   =        1.000]", "#[Max     =        3.000, Total count    =            4]"];
    expect(stated(spectrum)).toEqual({ count: 4, meanNs: 2e6, stddevNs: 1e6 });
    expect(stated(spectrum, { unit: "us" })).toEqual({ count: 4, meanNs: 2e3, stddevNs: 1e3 });
    expect(stated(spectrum.map((line) => line.replace("Total count    =            4", "Total count    =            5")))).toBeUndefined();
    expect(stated(spectrum.slice(0, -1))).toBeUndefined();
    // wrk2 -U: a second spectrum after the first, whose footer is not the first's.
    expect(stated([...spectrum.slice(0, 4), "", header, "9.000 1.0 4", "#[Mean    =        9.000, StdDeviation   =        0.000]", "#[Max     =        9.000, Total count    =            4]"])).toBeUndefined();
  });

  it("stands each row for the requests since the previous one; reads only the first spectrum", () => {
    const decoded = decodeAll(hgrmFormat, ["Value Percentile TotalCount 1/(1-Percentile)", "", "1.000 0.0 2 1.00", "2.000 0.5 2 2.00", "3.500 1.0 5", "", "Value Percentile TotalCount 1/(1-Percentile)", "9.000 1.0 7 inf"]);
    expect(decoded).toEqual([
      { skip: undefined },
      { skip: undefined },
      { repeated: 1e6, count: 2 },
      { skip: "spectrum row adding no values" },
      { repeated: 3.5e6, count: 3 },
      { skip: undefined },
      { skip: "second spectrum" },
      { skip: "second spectrum" },
    ]);
    expect(decodeAll(hgrmFormat, ["Value Percentile TotalCount 1/(1-Percentile)", "1 0.5 2 2.00"], { unit: "us" })[1]).toEqual({ repeated: 1000, count: 2 });
  });

  it("is detected on the .hgrm, its CSV variant and wrk2's report", async () => {
    for (const name of ["hgrm/hey-flaky.hgrm", "hgrm/hey-flaky.csv.hgrm", "hgrm/wrk2-L.txt"]) {
      expect(hgrmFormat.sniff(fixtureLines(name)).score).toBe(1);
    }
    // Java's outputPercentileDistribution of 10 zeros: two rows, then the footer.
    const zeros = [
      "       Value     Percentile TotalCount 1/(1-Percentile)",
      "",
      "       0.000 0.000000000000         10           1.00",
      "       0.000 1.000000000000         10",
      "#[Mean    =        0.000, StdDeviation   =        0.000]",
      "#[Max     =        0.000, Total count    =           10]",
      "#[Buckets =            1, SubBuckets     =         2048]",
    ];
    expect(hgrmFormat.sniff(zeros).score).toBe(1);
  });

  it("rejects broken rows with their numbers", async () => {
    const lines = fixtureLines("hgrm/hey-flaky.hgrm");
    lines[4] = lines[4]!.replace(/^\s+[\d.]+/, "      fast");
    lines[6] = lines[6]!.replace(/(\d+)(\s+[\d.]+)$/, "1$2");
    const decoded = decodeAll(hgrmFormat, lines);
    expect(rejectsOf(decoded)).toEqual([
      { line: 5, reason: "not a percentile row" },
      { line: 7, reason: "TotalCount decreases" },
    ]);
    const huge = decodeAll(hgrmFormat, ["Value Percentile TotalCount 1/(1-Percentile)", "99999999999.000 0.5 2 2.00", "1.000 0.6 99999999999999999999 2.50"]);
    expect(rejectsOf(huge)).toEqual([
      { line: 2, reason: "too large" },
      { line: 3, reason: "TotalCount too large" },
    ]);
  });
});
