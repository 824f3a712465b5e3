import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBudgets } from "../../src/analyses/budget-grammar.js";
import { evaluateBudgets, selectBasis, type BudgetData, type BudgetGroups, type BudgetResult, type BudgetVerdict, type LatencyResult } from "../../src/analyses/budgets.js";
import { countBelow } from "../../src/analyses/count-below.js";
import { allowedOver, minimumSamples } from "../../src/analyses/percent-arithmetic.js";
import { problemLine, problemOf } from "../helpers/problems.js";
import { BucketLayout } from "../../src/core/histogram.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

/** Raw budget data from values in ns; values below 2048 ns have 1 ns buckets at 3 digits, so figures are exact. */
function data(values: number[]): BudgetData {
  const recorder = new LatencyRecorder(3);
  for (const v of values) recorder.record(v);
  return { basis: "raw", histogram: recorder.histogram(), exact: { minNs: recorder.minNs, maxNs: recorder.maxNs } };
}

function repeat(value: number, times: number): number[] {
  return Array.from({ length: times }, () => value);
}

const ONE_TO_100 = Array.from({ length: 100 }, (_, i) => i + 1);

function check(expr: string, values: number[], allowInsufficient = false): BudgetVerdict {
  return evaluateBudgets(parseBudgets(expr), data(values), { allowInsufficient });
}

function result(expr: string, values: number[], allowInsufficient = false): BudgetResult {
  return check(expr, values, allowInsufficient).results[0]!;
}

describe("too few samples to pass, enough to fail", () => {
  // p99 needs 1,000 samples to be measured; 999 are here.
  const fine = repeat(100, 999);
  it.each([
    ["p99 < 300ns, 9 at 5,000 ns", [...repeat(100, 990), ...repeat(5000, 9)], "p99 < 300ns", "insufficient"],
    ["p99 < 300ns, 50 at 5,000 ns", [...repeat(100, 949), ...repeat(5000, 50)], "p99 < 300ns", "fail"],
    ["p99 <= 300ns, 20 at exactly 300 ns", [...repeat(100, 979), ...repeat(300, 20)], "p99 <= 300ns", "insufficient"],
    ["p99 <= 300ns, 20 at 301 ns", [...repeat(100, 979), ...repeat(301, 20)], "p99 <= 300ns", "fail"],
    ["p99 > 50ns, 20 at 10 ns", [...repeat(100, 979), ...repeat(10, 20)], "p99 > 50ns", "insufficient"],
    ["p99 > 50ns, all 999 at 10 ns", repeat(10, 999), "p99 > 50ns", "fail"],
    ["p99 < 300ns, all fine", fine, "p99 < 300ns", "insufficient"],
  ] as const)("%s", (_, values, expr, status) => {
    expect(result(expr, [...values], true)).toMatchObject({ status });
  });
});

describe("each statistic", () => {
  it.each([
    ["p50 < 1ms", 50],
    ["p90 < 1ms", 90],
    ["p(90) < 1ms", 90],
    ["mean < 1ms", 50.5],
    ["avg < 1ms", 50.5],
    ["min < 1ms", 1],
    ["max < 1ms", 100],
  ])("%s on 1..100 ns: actual %d ns", (expr, actualNs) => {
    expect(result(expr, ONE_TO_100)).toMatchObject({ form: "latency", actualNs, status: "pass" });
  });

  it("stddev is the population standard deviation", () => {
    const r = result("stddev < 1ms", ONE_TO_100);
    expect(r.form === "latency" && r.actualNs).toBeCloseTo(Math.sqrt((100 ** 2 - 1) / 12), 9);
  });

  it("count is the number of samples", () => {
    expect(result("count >= 100", ONE_TO_100)).toMatchObject({ form: "count", actual: 100, margin: 0, marginPercent: 0, status: "pass" });
    expect(result("count > 100", ONE_TO_100)).toMatchObject({ form: "count", actual: 100, margin: 0, status: "fail" });
    expect(result("count < 1000", ONE_TO_100)).toMatchObject({ margin: 900, marginPercent: 90, status: "pass" });
  });

  it("min and max are exact even where buckets are wide", () => {
    const r = check("min > 1ms, max < 5ms", [1_000_001, 4_999_999]).results;
    expect(r.map((x) => x.form === "latency" && x.actualNs)).toEqual([1_000_001, 4_999_999]);
    expect(r.map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});

describe("each comparison at its boundary", () => {
  it.each([
    ["max < 100ns", "fail"],
    ["max <= 100ns", "pass"],
    ["max > 100ns", "fail"],
    ["max >= 100ns", "pass"],
    ["min < 1ns", "fail"],
    ["min <= 1ns", "pass"],
    ["min > 1ns", "fail"],
    ["min >= 1ns", "pass"],
    ["max > 99ns", "pass"],
    ["min < 2ns", "pass"],
  ])("%s → %s", (expr, status) => {
    expect(result(expr, ONE_TO_100).status).toBe(status);
  });
});

describe("margins", () => {
  it("are headroom for upper limits", () => {
    expect(result("p90 < 100ns", ONE_TO_100)).toMatchObject({ actualNs: 90, marginNs: 10, marginPercent: 10, status: "pass" });
    expect(result("p90 < 80ns", ONE_TO_100)).toMatchObject({ actualNs: 90, marginNs: -10, marginPercent: -12.5, status: "fail" });
  });

  it("are headroom for lower limits", () => {
    expect(result("p50 >= 40ns", ONE_TO_100)).toMatchObject({ marginNs: 10, marginPercent: 25, status: "pass" });
    expect(result("p50 > 60ns", ONE_TO_100)).toMatchObject({ marginNs: -10, status: "fail" });
  });

  it("have no percentage against a zero limit", () => {
    expect(result("min >= 0ns", ONE_TO_100)).toMatchObject({ marginNs: 1, marginPercent: null });
  });
});

describe("too little data", () => {
  it.each([
    ["0", 10],
    ["50", 20],
    ["90", 100],
    ["95", 200],
    ["99", 1000],
    ["99.5", 2000],
    ["99.9", 10_000],
    ["99.99", 100_000],
    ["99.999", 1_000_000],
    ["66.6", 30],
  ])("p%s needs %d samples", (p, n) => {
    expect(minimumSamples(p)).toBe(n);
  });

  it("a percentile budget below its minimum is insufficient, with the minimum reported", () => {
    const short = result("p90 < 1ms", ONE_TO_100.slice(0, 99));
    expect(short).toMatchObject({ status: "insufficient", samples: 99, minimumSamples: 100, failsCheck: true });
    expect(result("p90 < 1ms", ONE_TO_100)).toMatchObject({ status: "pass", samples: 100, minimumSamples: 100 });
  });

  it("insufficient fails the check unless allowed", () => {
    const strict = check("p99 < 1ms, max < 1ms", ONE_TO_100);
    expect(strict.passed).toBe(false);
    expect(strict.tally).toEqual({ pass: 1, fail: 0, insufficient: 1 });
    const allowed = check("p99 < 1ms, max < 1ms", ONE_TO_100, true);
    expect(allowed.passed).toBe(true);
    expect(allowed.results[0]).toMatchObject({ status: "insufficient", failsCheck: false, minimumSamples: 1000 });
  });

  it("a failing budget still fails with --allow-insufficient", () => {
    expect(check("p99 < 1ms, max < 50ns", ONE_TO_100, true).passed).toBe(false);
  });

  it("mean, min, max, stddev and count need no minimum", () => {
    for (const r of check("mean < 1ms, min < 1ms, max < 1ms, stddev < 1ms, count > 0", [5]).results) {
      expect(r).toMatchObject({ status: "pass", minimumSamples: undefined });
    }
  });
});

describe("SLO form", () => {
  // 2,000 requests: 1,980 of 100 ns and 20 of 1,000 ns (1% slow).
  const values = [...repeat(100, 1980), ...repeat(1000, 20)];

  it("99% < 500ns: exactly 99% below, 20 over, 20 allowed → pass", () => {
    expect(result("99% < 500ns", values)).toMatchObject({
      form: "slo",
      below: 1980,
      over: 20,
      allowedOver: 20,
      belowPercent: 99,
      marginPoints: 0,
      status: "pass",
      minimumSamples: 1000,
    });
  });

  it("99.1% < 500ns: 18 allowed → fail", () => {
    expect(result("99.1% < 500ns", values)).toMatchObject({ below: 1980, over: 20, allowedOver: 18, belowPercent: 99, marginPoints: -0.1, status: "fail" });
  });

  it("98.5% < 500ns: 30 allowed → pass with 0.5 points of headroom", () => {
    expect(result("98.5% < 500ns", values)).toMatchObject({ allowedOver: 30, marginPoints: 0.5, status: "pass" });
  });

  it("a value equal to the threshold is not below it", () => {
    expect(result("99% < 1000ns", values)).toMatchObject({ below: 1980, over: 20 });
    expect(result("99% < 1001ns", values)).toMatchObject({ below: 2000, over: 0, belowPercent: 100, marginPoints: 1 });
  });

  it("counts values in the threshold's bucket as over (conservative)", () => {
    // At 3 digits, 1 ms falls in the bucket 999,936..1,000,447 ns; 999,935 ends the bucket below.
    const layout = new BucketLayout(3);
    expect(layout.highestEquivalentValue(999_950)).toBe(1_000_447);
    expect(layout.highestEquivalentValue(999_935)).toBe(999_935);
    const near = [...repeat(999_935, 2000), ...repeat(999_950, 20)];
    expect(result("99% < 1ms", near)).toMatchObject({ below: 2000, over: 20, allowedOver: 20, status: "pass" });
    expect(result("99.5% < 1ms", near)).toMatchObject({ below: 2000, over: 20, allowedOver: 10, status: "fail" });
  });

  it("needs as many samples as the percentile it stands for to pass, and 10 certainly over it to fail", () => {
    // 2,000 samples, 9 of them at 1,000 ns: too few to tell 99.9% either way.
    const nineOver = [...repeat(100, 1991), ...repeat(1000, 9)];
    expect(result("99.9% < 500ns", nineOver)).toMatchObject({ status: "insufficient", minimumSamples: 10_000, samples: 2000 });
    // 20 over, where 99.9% of 2,000 allows 2: broken, whatever more samples would show.
    expect(result("99.9% < 500ns", values)).toMatchObject({ status: "fail", over: 20, minimumSamples: 10_000, samples: 2000 });
    // Back-filled samples are not data: on corrected figures the same counts stay insufficient.
    const corrected = evaluateBudgets(parseBudgets("99.9% < 500ns"), { ...data(values), basis: "corrected" }, { allowInsufficient: false });
    expect(corrected.results[0]).toMatchObject({ status: "insufficient" });
  });

  it("allowedOver is exact", () => {
    expect(allowedOver(1000, "99.9")).toBe(1);
    expect(allowedOver(999, "99.9")).toBe(0);
    expect(allowedOver(2000, "99")).toBe(20);
    expect(allowedOver(10_000, "99.99")).toBe(1);
    expect(allowedOver(3, "66.7")).toBe(0);
  });
});

describe("countBelow", () => {
  it("agrees with the bucket layout on any values", () => {
    const layout = new BucketLayout(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 1e12 }), (values, threshold) => {
        const expected = values.filter((v) => layout.highestEquivalentValue(v) < threshold).length;
        const below = countBelow(data(values).histogram, threshold);
        return below === expected && below <= values.filter((v) => v < threshold).length;
      }),
    );
  });
});

describe("basis", () => {
  const raw = data(ONE_TO_100);
  const corrected: BudgetData = { ...data([...ONE_TO_100, 1000]), basis: "corrected" };

  it("is raw without correction, and --on corrected is then a user error", () => {
    expect(selectBasis({ raw }, undefined)).toBe(raw);
    expect(selectBasis({ raw }, "raw")).toBe(raw);
    expect(problemOf(() => selectBasis({ raw }, "corrected"))).toEqual({ kind: "no-corrected-figures" });
    expect(problemLine(() => selectBasis({ raw }, "corrected"))).toMatch(/^--on corrected: there are no corrected figures/);
  });

  it("is corrected when there are corrected figures, unless --on raw", () => {
    expect(selectBasis({ raw, corrected }, undefined)).toBe(corrected);
    expect(selectBasis({ raw, corrected }, "corrected")).toBe(corrected);
    expect(selectBasis({ raw, corrected }, "raw")).toBe(raw);
  });

  it("is recorded on the verdict and on every result", () => {
    const verdict = evaluateBudgets(parseBudgets("max < 500ns, count > 100"), corrected, { allowInsufficient: false });
    expect(verdict.basis).toBe("corrected");
    expect(verdict.results.map((r) => r.basis)).toEqual(["corrected", "corrected"]);
    expect(verdict.results.map((r) => r.status)).toEqual(["fail", "pass"]);
  });
});

describe("group budgets", () => {
  // Two groups: /login of 1..100 ns, /search of 1,000 × 5 ns; /gone's requests all failed (none recorded).
  const groups: BudgetGroups = {
    names: ["endpoint"],
    values: () => ["/login", "/search", "/gone"],
    data: ({ value }) => data(value === "/login" ? ONE_TO_100 : value === "/search" ? repeat(5, 1000) : []),
  };
  const judge = (expr: string, allowInsufficient = false) => evaluateBudgets(parseBudgets(expr), data([...ONE_TO_100, ...repeat(5, 1000)]), { allowInsufficient }, groups);

  it("are rejected without a --group-by of their key", () => {
    expect(problemOf(() => check("endpoint=/login: p99 < 300ms", ONE_TO_100))).toMatchObject({ kind: "budget-group", key: "endpoint", value: "/login", groupNames: [] });
    expect(problemLine(() => check("p50 < 1s, endpoint=/login: p99 < 300ms", ONE_TO_100))).toMatch(/needs --group-by endpoint \(it is judged/);
    expect(problemLine(() => judge("host=a: p99 < 300ms"))).toMatch(/"host=a: p99 < 300ms": needs --group-by host \(grouping by endpoint\)/);
  });

  it("are rejected when no request has their value, naming the closest values", () => {
    expect(problemOf(() => judge("endpoint=/serach: p99 < 300ms"))).toEqual({ kind: "budget-group-value", budget: "endpoint=/serach: p99 < 300ms", key: "endpoint", value: "/serach", closest: ["/search", "/gone", "/login"] });
    expect(problemLine(() => judge("endpoint=/logn: count > 1"))).toBe('budget "endpoint=/logn: count > 1": no request has endpoint "/logn" (closest: "/login", "/gone", "/search")');
  });

  it("are judged on their group's figures, the others on all", () => {
    const verdict = judge("max < 50ns, endpoint=/search: max < 50ns, endpoint=/login: max < 50ns, endpoint=/login: count >= 100");
    expect(verdict.results.map((r) => [r.status, r.samples])).toEqual([
      ["fail", 1100],
      ["pass", 1000],
      ["fail", 100],
      ["pass", 100],
    ]);
    expect(verdict.samples).toBe(1100);
    expect((verdict.results[2] as LatencyResult).actualNs).toBe(100);
  });

  it("of a group without requests are insufficient, except count", () => {
    const verdict = judge("endpoint=/gone: max < 50ns, endpoint=/gone: 99% < 1ms, endpoint=/gone: count >= 1, endpoint=/gone: count < 1");
    expect(verdict.results.map((r) => [r.status, r.samples, r.minimumSamples])).toEqual([
      ["insufficient", 0, 1],
      ["insufficient", 0, 1000],
      ["fail", 0, undefined],
      ["pass", 0, undefined],
    ]);
    expect(verdict.passed).toBe(false);
    expect(judge("endpoint=/gone: max < 50ns", true).passed).toBe(true);
  });
});
