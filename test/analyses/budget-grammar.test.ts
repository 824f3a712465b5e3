import { describe, expect, it } from "vitest";
import { BudgetSyntaxError, parseBudgets, type Budget } from "../../src/analyses/budget-grammar.js";

const MS = 1e6;

function one(text: string): Budget {
  const budgets = parseBudgets(text);
  expect(budgets).toHaveLength(1);
  return budgets[0]!;
}

function syntaxError(text: string): BudgetSyntaxError {
  try {
    parseBudgets(text);
  } catch (error) {
    if (error instanceof BudgetSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed without error`);
}

describe("statistics", () => {
  it.each([
    ["p50 < 10ms", "50"],
    ["p99.9 < 10ms", "99.9"],
    ["p(99.9) < 10ms", "99.9"],
    ["p( 95 )<10", "95"],
    ["P99 < 10ms", "99"],
    ["p0 < 10ms", "0"],
    ["p99.99 < 10ms", "99.99"],
    ["med < 10ms", "50"],
    ["median < 10ms", "50"],
  ])("%s is a percentile budget on p%s", (text, label) => {
    const budget = one(text);
    expect(budget.form).toBe("latency");
    expect(budget.form === "latency" && budget.stat.name === "percentile" && budget.stat.percentile.text).toBe(label);
  });

  it.each([
    ["mean < 3ms", "mean"],
    ["avg < 3ms", "mean"],
    ["min < 3ms", "min"],
    ["max < 3ms", "max"],
    ["stddev < 3ms", "stddev"],
    ["MEAN < 3ms", "mean"],
  ])("%s bounds %s", (text, name) => {
    const budget = one(text);
    expect(budget.form === "latency" && budget.stat.name).toBe(name);
  });

  it("count takes a whole number", () => {
    expect(one("count >= 1000")).toEqual({ form: "count", op: ">=", limitCount: 1000, expr: "count >= 1000" });
  });
});

describe("comparisons", () => {
  it.each(["<", "<=", ">", ">="] as const)("%s", (op) => {
    const budget = one(`p99 ${op} 300ms`);
    expect(budget.form === "latency" && budget.op).toBe(op);
    expect(one(`p99${op}300ms`)).toMatchObject({ op });
  });
});

describe("durations", () => {
  it.each([
    ["p99 < 250ms", 250 * MS],
    ["p99 < 1.5s", 1.5e9],
    ["p99 < 800us", 800_000],
    ["p99 < 800µs", 800_000],
    ["p99 < 340ns", 340],
    ["p99 < 2min", 120e9],
    ["p99 < .5ms", 500_000],
    ["p99 < 300 ms", 300 * MS],
    // A bare number is ms, as in k6 thresholds.
    ["p99 < 500", 500 * MS],
    ["p99 < 0.25", 250_000],
  ])("%s has a limit of %d ns", (text, ns) => {
    expect(one(text)).toMatchObject({ form: "latency", limitNs: ns });
  });
});

describe("k6 forms", () => {
  it.each([
    ["p(95)<500", "95", 500 * MS],
    ["p(99.9)<1500", "99.9", 1500 * MS],
    ["p(90) < 200", "90", 200 * MS],
  ])("%s", (text, label, ns) => {
    const budget = one(text);
    expect(budget).toMatchObject({ form: "latency", op: "<", limitNs: ns, expr: text });
    expect(budget.form === "latency" && budget.stat.name === "percentile" && budget.stat.percentile.text).toBe(label);
  });

  it("avg, min, max and med as k6 names them", () => {
    expect(parseBudgets("avg<200,min<10,max<2000,med<150").map((b) => b.form === "latency" && b.stat)).toEqual([
      { name: "mean" },
      { name: "min" },
      { name: "max" },
      { name: "percentile", percentile: { text: "50", value: 50 } },
    ]);
  });
});

describe("SLO form", () => {
  it("PCT% < DUR", () => {
    expect(one("99.9% < 300ms")).toEqual({
      form: "slo",
      targetPercent: { text: "99.9", value: 99.9 },
      thresholdNs: 300 * MS,
      expr: "99.9% < 300ms",
    });
    expect(one("95%<1s")).toMatchObject({ form: "slo", targetPercent: { text: "95" }, thresholdNs: 1e9 });
    expect(one("99 % < 20")).toMatchObject({ form: "slo", thresholdNs: 20 * MS });
  });
});

describe("lists", () => {
  it("splits on commas and keeps each expression as written", () => {
    expect(parseBudgets("p99 < 300ms, p50<=100ms ,99.9% < 1s,count>10").map((b) => b.expr)).toEqual([
      "p99 < 300ms",
      "p50<=100ms",
      "99.9% < 1s",
      "count>10",
    ]);
  });
});

describe("groups", () => {
  it("parses a KEY=VALUE: prefix into group", () => {
    expect(one("endpoint=/login: p99 < 300ms")).toMatchObject({
      form: "latency",
      group: { key: "endpoint", value: "/login" },
      expr: "endpoint=/login: p99 < 300ms",
    });
    expect(one('host="10.0.0.1:8080": 99% < 1s')).toMatchObject({ form: "slo", group: { key: "host", value: "10.0.0.1:8080" } });
    expect(parseBudgets("status=500: count < 10, p99 < 1s").map((b) => b.group)).toEqual([{ key: "status", value: "500" }, undefined]);
  });

  it("budgets without a prefix have no group", () => {
    expect("group" in one("p99 < 1s")).toBe(false);
  });
});

describe("errors point at the offending character", () => {
  it.each([
    // text, column (from 1), reason (start of)
    ["p99 < 30xs", 9, 'unknown unit "xs"'],
    ["", 1, "empty budget"],
    ["p99", 4, "missing comparison"],
    ["p99 <", 6, "missing a duration"],
    ["p99 = 3ms", 5, '"=" is not a comparison'],
    ["p99 == 3ms", 5, '"=" is not a comparison'],
    ["p99 ! 3ms", 5, '"!" is not a comparison'],
    ["p99 ~ 3ms", 5, "expected a comparison"],
    ["q99 < 3ms", 1, 'unknown statistic "q99"'],
    ["p99x < 3ms", 1, 'unknown statistic "p99x"'],
    ["p < 3ms", 1, 'unknown statistic "p"'],
    ["p(99 < 3ms", 6, 'expected ")"'],
    ["p100 < 3ms", 2, "a percentile must be below 100"],
    ["p(100) < 3ms", 3, "a percentile must be below 100"],
    ["p99. < 3ms", 5, 'expected a digit after "."'],
    ["p99 < -3ms", 7, "a budget cannot be negative"],
    ["p99 < ms", 7, "expected a duration"],
    ["p99 < 3ms 4", 11, 'unexpected "4"'],
    ["p99 < 3ms;", 10, 'unexpected ";"'],
    ["p99 < 3ms,", 11, "missing budget"],
    ["p99 < 3ms,,p50 < 1ms", 11, "missing budget"],
    ["p99 < 3ms, p50 < 1xs", 19, 'unknown unit "xs"'],
    ["count < 10ms", 11, "count takes a plain number"],
    ["count < 1.5", 9, "count takes a whole number"],
    ["99.9 < 3ms", 6, 'expected "%"'],
    ["100% < 3ms", 1, "an SLO share must be below 100%"],
    ["0% < 3ms", 1, "an SLO share must be above 0%"],
    ["99% <= 3ms", 5, 'an SLO takes "<" only'],
    ["99% > 3ms", 5, 'an SLO takes "<" only'],
    ["endpoint=/login p99 < 3ms", 26, 'a group needs ":" before its budget'],
    ['host="a:1 : p99 < 3ms', 6, "unterminated quoted group value"],
    ["endpoint=: p99 < 3ms", 10, "missing group value"],
    ["p99 < 9999999999s", 7, "9999999999s is too large"],
    ["p99 < 1e3ms", 8, 'unknown unit "e"'],
    // "m" is no budget unit: 1m is as likely a 1ms missing its s as a minute.
    ["p99 < 1m", 8, '"1m" could be minutes or milliseconds'],
    ["p99 < 1.5 m", 11, '"1.5m" could be minutes or milliseconds'],
    ["99.9% < 2m", 10, '"2m" could be minutes or milliseconds'],
  ])("%j: column %d", (text, column, reason) => {
    const error = syntaxError(text);
    expect(error.column).toBe(column);
    expect(error.reason.startsWith(reason), error.reason).toBe(true);
    expect(error.message).toBe(`${error.reason} at column ${column}${error.hint === undefined ? "" : ` (${error.hint})`}`);
    expect(error.input).toBe(text);
  });
});

describe("error messages", () => {
  it('"m" as a unit is refused with both readings spelt out', () => {
    const error = syntaxError("p99 < 1m");
    expect(error.hint).toBe("write 1min for minutes, 1ms for milliseconds");
  });

  it("keep the hint apart from the reason", () => {
    const error = syntaxError("p99 < 30xs");
    expect(error.reason).toBe('unknown unit "xs"');
    expect(error.hint).toBe("use ns, us, ms, s or min; no unit means ms");
    expect(error.message).toBe('unknown unit "xs" at column 9 (use ns, us, ms, s or min; no unit means ms)');
  });
});
