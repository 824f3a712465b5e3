import { describe, expect, it } from "vitest";
import { buildCompare } from "../../src/analyses/compare-report.js";
import { LineAccounting } from "../../src/ingest/accounting.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { renderCompareTable } from "../../src/render/compare-table.js";
import { signed, signedPercent } from "../../src/render/compare-text.js";

function input(name: string, values: number[]) {
  const recorder = new LatencyRecorder(3);
  for (const v of values) recorder.record(v);
  return { name, format: "plain", unit: undefined, accounting: new LineAccounting(), recorder };
}

const uniform = Array.from({ length: 10_000 }, (_, i) => (i + 1) * 1e6);
const data = buildCompare(input("base", uniform), [input("cand", uniform.map((v) => v * 1.2))], { labels: ["50", "99"], gates: [], strictGate: false });

describe("renderCompareTable", () => {
  it("colours changes by direction only when colour is allowed", () => {
    const coloured = renderCompareTable(data, { outUnit: "ms", digits: 3, color: true });
    // eslint-disable-next-line no-control-regex
    expect(coloured).toMatch(/\u001b\[31mslower/);
    const plain = renderCompareTable(data, { outUnit: "ms", digits: 3, color: false });
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/\u001b\[/);
    // Buckets are ~4 ms wide at 5 s (3 significant digits), hence +998 rather than +1000.
    expect(plain).toMatch(/│ p50 +│ +5000 \(4900–5100\) │ +6000 \(5880–6120\) │ +\+998 │ \+19\.9% │ slower/);
  });
});

describe("signed values", () => {
  it("carry their sign", () => {
    const format = (ns: number) => String(ns);
    expect(signed(5, format)).toBe("+5");
    expect(signed(-5, format)).toBe("-5");
    expect(signed(0, format)).toBe("0");
    expect(signedPercent(19.96)).toBe("+20.0%");
    expect(signedPercent(-3)).toBe("-3.0%");
    expect(signedPercent(null)).toBe("-");
  });
});
