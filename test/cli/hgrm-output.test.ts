import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "../helpers/run-cli.js";

const GOLDEN = fixture("golden", "hgrm");
const RATIO_UNITS: Record<string, string> = { r1: "ns", r1e3: "us", r1e6: "ms" };
const CORRECTIONS: Record<string, string[]> = {
  "co-record-10ms": ["--expected-interval", "10ms"],
  "co-copy-10ms": ["--expected-interval", "10ms", "--co-after"],
};

/** Every golden whose input has values (latstat refuses an input with none), as CLI arguments. */
const cases = readdirSync(GOLDEN)
  .filter((name) => name.endsWith(".hgrm") && !name.startsWith("empty."))
  .map((name) => {
    const parts = name.replace(/\.hgrm$/, "").split(".");
    const csv = parts[parts.length - 1] === "csv";
    if (csv) parts.pop();
    const [input, ...rest] = parts;
    const [digits, ticks, ratio] = rest.slice(-3);
    const correction = rest.length === 4 ? CORRECTIONS[rest[0]!]! : [];
    const args = [
      `${GOLDEN}/${input}.txt`,
      "--unit", "ns",
      "-o", "hgrm",
      "--sig-digits", digits!.slice(1),
      "--ticks", ticks!.slice(1),
      "--out-unit", RATIO_UNITS[ratio!]!,
      ...(csv ? ["--hgrm-csv"] : []),
      ...correction,
      ...(correction.length > 0 ? ["--corrected"] : []),
    ];
    return [name, args] as const;
  });

describe("latstat -o hgrm", () => {
  it.each(cases)("%s is byte-identical to the Java reference", async (name, args) => {
    const result = await runCli(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(`${GOLDEN}/${name}`, "utf8"));
  });

  it("covers the goldens", () => {
    expect(cases.length).toBeGreaterThan(25);
  });
});

describe("--ticks", () => {
  it("takes up to 10,000 ticks per half distance; more is a one-line usage error, not a run out of memory", async () => {
    const refused = await runCli([fixture("demo.log"), "-o", "hgrm", "--ticks", "10000000"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim().split("\n")).toEqual(["latstat: option '--ticks <n>' argument '10000000' is invalid. at most 10,000 (see latstat report --help)"]);
    expect((await runCli([fixture("demo.log"), "-o", "hgrm", "--ticks", "10000"])).code).toBe(0);
  });
});
