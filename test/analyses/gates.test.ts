import { describe, expect, it } from "vitest";
import { compare } from "../../src/analyses/compare.js";
import { evaluateGate, GateSyntaxError, gatePercentiles, parseGate } from "../../src/analyses/gates.js";
import { summarizeRecorder } from "../../src/analyses/summary.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

describe("parseGate", () => {
  it("reads relative, absolute and any-slower gates", () => {
    expect(parseGate("p99 > +10%")).toEqual({ kind: "limit", text: "p99 > +10%", label: "99", percentile: 99, limit: { percent: 10 } });
    expect(parseGate("p99.9>5ms")).toMatchObject({ label: "99.9", percentile: 99.9, limit: { ns: 5e6 } });
    expect(parseGate("  P50 >  -2.5%  ")).toMatchObject({ label: "50", limit: { percent: -2.5 } });
    expect(parseGate("p90 > +250us")).toMatchObject({ limit: { ns: 250_000 } });
    expect(parseGate("p90 > 1µs")).toMatchObject({ limit: { ns: 1000 } });
    expect(parseGate("any slower")).toEqual({ kind: "any slower", text: "any slower" });
    expect(parseGate("ANY  SLOWER")).toMatchObject({ kind: "any slower" });
  });

  it.each([
    ["p99 > +10", "expected '%' or a unit (ns, us, ms, s) after the number at the end"],
    ["p99 < +10%", `expected '>' (the gate is met when the change is larger than the limit) at character 5 ("<")`],
    ["p99 > +10%x", `unexpected text at character 11 ("x")`],
    ["p99 > +10parsecs", `unknown unit 'parsecs' (use ns, us, ms or s) at character 10 ("p")`],
    ["mean > +10%", `expected a percentile such as p99, 'failed' or 'any slower' at character 1 ("m")`],
    ["p > 1%", `expected the percentile's number after 'p' at character 2 (" ")`],
    ["p101 > 1%", `a percentile is at most 100 at character 2 ("1")`],
    ["any faster", `expected 'slower' after 'any' at character 5 ("f")`],
    ["p99 > fast", `expected a limit such as +10% or +5ms at character 7 ("f")`],
  ])("rejects %j: %s", (text, message) => {
    let error: unknown;
    try {
      parseGate(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GateSyntaxError);
    expect((error as GateSyntaxError).message).toBe(message);
    expect((error as GateSyntaxError).message).not.toContain("\n");
  });
});

describe("gatePercentiles", () => {
  it("adds percentiles the gates need, compared as numbers", () => {
    const gates = ["p99.0 > 1%", "p99.9 > 1%", "p99.9 > 2ms", "any slower"].map(parseGate);
    expect(gatePercentiles(gates, ["50", "99"])).toEqual(["99.9"]);
  });
});

function comparison(base: number[], cand: number[]) {
  const b = new LatencyRecorder(3);
  const c = new LatencyRecorder(3);
  base.forEach((v) => b.record(v));
  cand.forEach((v) => c.record(v));
  return compare(summarizeRecorder(b, ["50", "99"]), b.histogram(), summarizeRecorder(c, ["50", "99"]), c.histogram());
}

const uniform = Array.from({ length: 10_000 }, (_, i) => (i + 1) * 1e6);

describe("evaluateGate", () => {
  const tail = comparison(uniform, uniform.map((v) => (v > 9_000e6 ? v * 1.2 : v)));

  it("trips on a significant change beyond the limit", () => {
    expect(evaluateGate(parseGate("p99 > +10%"), tail, false)).toMatchObject({ met: true, exceeded: true });
    expect(evaluateGate(parseGate("p99 > +25%"), tail, false)).toMatchObject({ met: false, exceeded: false });
    expect(evaluateGate(parseGate("p99 > +1s"), tail, false).met).toBe(true);
    expect(evaluateGate(parseGate("p99 > +3s"), tail, false).met).toBe(false);
    expect(evaluateGate(parseGate("any slower"), tail, false)).toMatchObject({ met: true, slower: ["p99"] });
  });

  it("ignores changes that are not significant unless strict", () => {
    const small = Array.from({ length: 30 }, (_, i) => (i + 1) * 1e6);
    const noisy = comparison(small, small.map((v) => v * 1.2));
    expect(evaluateGate(parseGate("p50 > +10%"), noisy, false)).toMatchObject({ met: false, exceeded: true });
    expect(evaluateGate(parseGate("p50 > +10%"), noisy, true)).toMatchObject({ met: true, exceeded: true });
    expect(evaluateGate(parseGate("any slower"), noisy, true).met).toBe(false);
  });
});
