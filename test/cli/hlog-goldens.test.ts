/**
 * latstat against HistogramLogProcessor's own outputs, byte for byte, on logs written by the Java reference's
 * HistogramLogWriter (fixtures/hlog/, made by scripts/make-hlog-fixtures.sh; every variant in variants.txt):
 * `-o hgrm` = its .hgrm, `--intervals` = its interval log, `timeline --window` = its moving-window log.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatJavaFixed } from "../../src/render/java-format.js";
import { fixture, runCli } from "../helpers/run-cli.js";

interface Variant {
  log: string;
  name: string;
  javaArgs: string[];
  latstatArgs: string[];
}

const words = (text: string) => text.split(" ").filter((word) => word !== "");
const variants: Variant[] = readFileSync(fixture("hlog", "variants.txt"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => {
    const [log, name, javaArgs = "", latstatArgs = ""] = line.split("|") as [string, string, string?, string?];
    return { log, name, javaArgs: words(javaArgs), latstatArgs: words(latstatArgs) };
  });

const golden = (...name: string[]) => readFileSync(fixture("hlog", name.join(".")), "utf8");

// The report flags of a variant: its selection without --window (a timeline flag).
function reportArgs(variant: Variant): string[] {
  const at = variant.latstatArgs.indexOf("--window");
  return at < 0 ? variant.latstatArgs : [...variant.latstatArgs.slice(0, at), ...variant.latstatArgs.slice(at + 2)];
}

describe("HdrHistogram logs written by the Java reference", () => {
  for (const variant of variants) {
    const log = fixture("hlog", `${variant.log}.hlog`);
    const csv = variant.javaArgs.includes("-csv");
    const corrected = variant.javaArgs.includes("-correctLogWithKnownCoordinatedOmission");

    it(`${variant.log} ${variant.name}: -o hgrm is HistogramLogProcessor's .hgrm`, async () => {
      const args = ["report", log, "-o", "hgrm", ...reportArgs(variant), ...(csv ? ["--hgrm-csv"] : []), ...(corrected ? ["--corrected"] : [])];
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(golden(variant.log, variant.name, "hgrm"));
    });

    it(`${variant.log} ${variant.name}: --intervals is HistogramLogProcessor's interval log`, async () => {
      const result = await runCli(["report", log, "--intervals", ...reportArgs(variant), ...(csv ? ["-o", "csv"] : [])]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(golden(variant.log, variant.name));
    });

    const mwp = variant.javaArgs.indexOf("-mwp");
    if (mwp >= 0) {
      it(`${variant.log} ${variant.name}: timeline --window has the moving-window log's counts, percentile and max`, async () => {
        const percentile = Number(variant.javaArgs[mwp + 1]);
        const result = await runCli(["timeline", log, ...variant.latstatArgs, "--json", "--out-unit", "ms"]);
        const document = JSON.parse(result.stdout) as { columns: string[]; rows: number[][] };
        const column = (name: string) => document.columns.indexOf(name);
        const ours = document.rows.map((row) => {
          const end = formatJavaFixed(row[column("start_s")]! + row[column("length_s")]!, 3);
          const [count, value, max] = [row[column("count")]!, row[column(`p${percentile}_ms`)]!, row[column("max_ms")]!];
          return `${end}: I:${count} P:${formatJavaFixed(value, 3, 7)} M:${formatJavaFixed(max, 3, 7)}`;
        });
        expect(ours).toEqual(golden(variant.log, variant.name, "mwp").split("\n").slice(2, -1));
      });
    }
  }

  it("--list-tags lists the tags, sorted, and says there are untagged intervals", async () => {
    const result = await runCli(["report", fixture("hlog", "tagged.hlog"), "--list-tags"]);
    expect(result.stdout).toBe("GET\nPUT\n");
    expect(result.stderr).toBe("latstat: also 20 untagged intervals (read when no --tag is given)\n");
  });

  it("--all-tags sums every tag: the count of all three", async () => {
    const counts = await Promise.all(
      [[], ["--tag", "GET"], ["--tag", "PUT"], ["--all-tags"]].map(async (args) => {
        const result = await runCli(["report", fixture("hlog", "tagged.hlog"), "--json", ...args]);
        return (JSON.parse(result.stdout) as { raw: { count: number } }).raw.count;
      }),
    );
    expect(counts[3]).toBe(counts[0]! + counts[1]! + counts[2]!);
  });

  it("says the figures keep a log's 2 significant digits instead of --sig-digits", async () => {
    const result = await runCli(["report", fixture("hlog", "digits2.hlog")]);
    expect(result.stderr).toContain("histograms of 2 significant digits, lowest discernible value 1000 ns: the figures keep that precision");
  });

  it("a log mixing precisions: max and p100, raw and corrected, are the .hgrm's Max (the sum's top bucket)", async () => {
    const hgrmMax = (variant: string) => /#\[Max\s+=\s+([\d.]+),/.exec(golden("mixed", variant, "hgrm"))![1];
    const figures = async (args: string[]) => {
      const result = await runCli(["report", fixture("hlog", "mixed.hlog"), "-p", "100", "--json", "--out-unit", "ms", ...args]);
      return JSON.parse(result.stdout) as Record<"raw" | "corrected", { max: number; percentiles: Record<string, number> }>;
    };
    const { raw } = await figures([]);
    expect([raw.max.toFixed(3), raw.percentiles["100"]!.toFixed(3)]).toEqual([hgrmMax("default"), hgrmMax("default")]);
    const { corrected } = await figures(["--expected-interval", "1ms", "--co-after"]);
    expect([corrected.max.toFixed(3), corrected.percentiles["100"]!.toFixed(3)]).toEqual([hgrmMax("co-1ms"), hgrmMax("co-1ms")]);
  });
});
