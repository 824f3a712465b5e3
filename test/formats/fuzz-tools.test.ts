import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { MAX_LATENCY_NS } from "../../src/base/units.js";
import { FORMATS } from "../../src/formats/registry.js";
import { decodeAll, fixtureLines } from "../helpers/formats.js";

/** A fixture of each tool format, whose lines the fuzzer mutates. */
const SEEDS: Record<string, string> = {
  k6: "k6/small.json",
  "k6-csv": "k6-csv/small.csv",
  vegeta: "vegeta/results.json",
  hey: "hey/flaky.csv",
  ab: "ab/users.tsv",
  jtl: "jtl/results.xml",
  gatling: "gatling/simulation.log",
  nginx: "nginx/combined-request-time.log",
  apache: "apache/combined-D.log",
  envoy: "envoy/access.log",
  hgrm: "hgrm/hey-flaky.hgrm",
};

/** A line with one character replaced, deleted or inserted, or cut short. */
const mutation = (lines: string[]) =>
  fc.tuple(fc.nat(lines.length - 1), fc.nat(), fc.constantFrom("replace", "delete", "insert", "cut"), fc.string({ minLength: 1, maxLength: 3 })).map(([i, at, how, text]) => {
    const line = lines[i]!;
    const p = line.length === 0 ? 0 : at % line.length;
    const changed =
      how === "replace" ? line.slice(0, p) + text + line.slice(p + 1) : how === "delete" ? line.slice(0, p) + line.slice(p + 1) : how === "insert" ? line.slice(0, p) + text + line.slice(p) : line.slice(0, p);
    return { index: i, changed };
  });

describe("tool decoders under fuzzing", () => {
  for (const [name, seed] of Object.entries(SEEDS)) {
    const format = FORMATS.find((f) => f.name === name)!;
    const lines = fixtureLines(seed).slice(0, 60);

    it(`${name}: one outcome per line, valid latencies, only user errors`, () => {
      fc.assert(
        fc.property(fc.array(mutation(lines), { minLength: 1, maxLength: 5 }), fc.array(fc.string({ maxLength: 80 }), { maxLength: 3 }), (mutations, junk) => {
          const input = [...lines];
          for (const m of mutations) input[m.index] = m.changed;
          input.push(...junk.map((j) => j.replace(/\n/g, " ")));
          let decoded;
          try {
            decoded = decodeAll(format, input);
          } catch (error) {
            // Some damage is a user error by design (a JTL file whose columns are no default set…).
            expect(error).toBeInstanceOf(UserError);
            return;
          }
          expect(decoded).toHaveLength(input.length);
          for (const d of decoded) {
            const ns = "sample" in d ? d.sample.latencyNs : "repeated" in d ? d.repeated : undefined;
            if (ns === undefined) continue;
            expect(Number.isInteger(ns) && ns >= 0 && ns <= MAX_LATENCY_NS).toBe(true);
            if ("repeated" in d) expect(Number.isInteger(d.count) && d.count > 0).toBe(true);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
