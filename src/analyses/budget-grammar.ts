/**
 * Latency budget expressions (`latstat check --budget`), parsed by hand so that every error can point at the
 * character that caused it.
 *
 *   list        = budget { "," budget }
 *   budget      = [ group ":" ] ( stat-budget | slo-budget | failed-budget )
 *   group       = key "=" group-value                  e.g. endpoint=/login   (key: a --group-by name)
 *   key         = word
 *   group-value = '"' { any char but '"' } '"' | { any char but "," ":" '"' }   (trimmed)
 *   stat-budget = stat op value
 *   stat        = ( "p" number | "p(" number ")" ) [ "!" ]   percentile 0 ≤ p < 100: p50, p99.9, p(95) as in k6;
 *                                                      with "!" failed requests count as slower than any success
 *               | "mean" | "avg" | "med" | "median" | "min" | "max" | "stddev" | "count"
 *   op          = "<" | "<=" | ">" | ">="
 *   value       = number [ unit ]                      a duration; no unit means ms (as in k6: p(95)<500)
 *                                                      `count` takes a whole number without unit
 *   unit        = "ns" | "us" | "µs" | "ms" | "s" | "sec" | "min"   (as in base/units.ts, but for "m": see duration)
 *   slo-budget  = number "%" "<" value                  at least PCT% of requests took less than DUR, 0 < PCT < 100
 *   failed-budget = ( "failed" | "errors" ) op number "%"   the share of requests that failed, 0 ≤ PCT ≤ 100
 *   number      = digits [ "." digits ] | "." digits
 *   word        = letter { letter | digit | "_" | "." | "-" }
 *
 * Whitespace is allowed between tokens (and between a number and its unit). Statistic names are case-insensitive.
 * Columns in errors count from 1 over the whole argument, commas included.
 */
import { parseLatency } from "../base/units.js";

/** How a statistic must compare with its limit. */
export type ComparisonOp = "<" | "<=" | ">" | ">=";

/** A percentage as written (e.g. "99.9"), kept as text so that budget arithmetic can be exact. */
export interface WrittenPercent {
  text: string;
  value: number;
}

/** A latency statistic a budget can bound. */
export type LatencyStat = { name: "percentile"; percentile: WrittenPercent; withFailures?: true } | { name: "mean" | "min" | "max" | "stddev" };

/** The `KEY=VALUE:` prefix of a per-group budget: judged on the requests whose `--group-by KEY` value is VALUE. */
export interface GroupSelector {
  key: string;
  value: string;
}

/**
 * Which requests a budget is judged over, when a k6 thresholds file says (no expression does): `all`, the failed
 * ones at their own latencies too (k6's `http_req_duration`, as `--include-errors` records them), or `successes`
 * only (`http_req_duration{expected_response:true}`). Without it, over the requests recorded.
 */
export type BudgetRequests = "all" | "successes";

interface BudgetBase {
  /** The expression as written, trimmed (the name of its JUnit test case). */
  expr: string;
  group?: GroupSelector;
  requests?: BudgetRequests;
}

/** `STAT OP DURATION`, e.g. `p99 < 300ms`. */
export interface LatencyBudget extends BudgetBase {
  form: "latency";
  stat: LatencyStat;
  op: ComparisonOp;
  limitNs: number;
}

/** `count OP N`, e.g. `count >= 1000`. */
export interface CountBudget extends BudgetBase {
  form: "count";
  op: ComparisonOp;
  limitCount: number;
}

/** `PCT% < DUR`, e.g. `99.9% < 300ms`: at least PCT% of requests took less than DUR. */
export interface SloBudget extends BudgetBase {
  form: "slo";
  targetPercent: WrittenPercent;
  thresholdNs: number;
}

/** `failed OP PCT%`, e.g. `failed < 1%`: the share of requests that failed (`errors` is the same). */
export interface FailedBudget extends BudgetBase {
  form: "failed";
  op: ComparisonOp;
  limitPercent: WrittenPercent;
}

/** One parsed budget expression. */
export type Budget = LatencyBudget | CountBudget | SloBudget | FailedBudget;

/** A budget before its expression text and group are attached. */
type Body<B extends Budget> = Omit<B, keyof BudgetBase>;

/** A malformed budget expression; `column` (from 1) is where in `input` the problem is; `hint` says how to fix it. */
export class BudgetSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
    readonly input: string,
    readonly hint?: string,
  ) {
    super(`${reason} at column ${column}${hint === undefined ? "" : ` (${hint})`}`);
    this.name = "BudgetSyntaxError";
  }
}

const STAT_NAMES: Readonly<Record<string, LatencyStat | "count" | "failed">> = {
  mean: { name: "mean" },
  avg: { name: "mean" },
  med: { name: "percentile", percentile: { text: "50", value: 50 } },
  median: { name: "percentile", percentile: { text: "50", value: 50 } },
  min: { name: "min" },
  max: { name: "max" },
  stddev: { name: "stddev" },
  count: "count",
  failed: "failed",
  errors: "failed",
};

const STAT_LIST = "p50, p99.9, p(95), p99!, mean, avg, min, max, stddev, count or failed";

/** Parses one `--budget` argument: one or more comma-separated budget expressions. */
export function parseBudgets(input: string): Budget[] {
  return new BudgetParser(input).list();
}

/** Reads the grammar above left to right; `pos` is a 0-based index into `input`. */
class BudgetParser {
  private pos = 0;

  constructor(private readonly input: string) {}

  list(): Budget[] {
    const budgets: Budget[] = [];
    for (;;) {
      budgets.push(this.budget());
      this.skipSpace();
      if (this.atEnd()) return budgets;
      if (this.peek() !== ",") this.fail(`unexpected "${this.peek()}"`, `expected "," or the end of the budget`);
      this.pos++;
    }
  }

  private budget(): Budget {
    this.skipSpace();
    const start = this.pos;
    if (this.atEnd() || this.peek() === ",") this.fail(this.input.trim() === "" ? "empty budget" : "missing budget");
    const group = this.groupPrefix();
    if (group !== undefined) this.skipSpace();
    const body = isDigit(this.peek()) || this.peek() === "." ? this.sloBudget() : this.statBudget();
    const expr = this.input.slice(start, this.pos).trim();
    return group === undefined ? { ...body, expr } : { ...body, expr, group };
  }

  /** `KEY=VALUE:` when present; leaves the position untouched when the budget has no group. */
  private groupPrefix(): GroupSelector | undefined {
    const start = this.pos;
    if (!isWordStart(this.peek())) return undefined;
    const key = this.word();
    this.skipSpace();
    if (this.peek() !== "=") {
      this.pos = start;
      return undefined;
    }
    const equalsAt = this.pos;
    this.pos++;
    this.skipSpace();
    const value = this.groupValue();
    this.skipSpace();
    if (this.peek() !== ":") {
      const lower = key.toLowerCase();
      if (lower in STAT_NAMES || (lower.startsWith("p") && isDigit(lower[1] ?? ""))) {
        this.fail('"=" is not a comparison', "use <, <=, > or >=", equalsAt);
      }
      this.fail(`a group needs ":" before its budget`, `${key}=VALUE: p99 < 300ms; quote values holding , or :`);
    }
    this.pos++;
    return { key, value };
  }

  private groupValue(): string {
    if (this.peek() === '"') {
      const open = this.pos++;
      const close = this.input.indexOf('"', this.pos);
      if (close < 0) this.fail("unterminated quoted group value", 'missing closing "', open);
      this.pos = close + 1;
      return this.input.slice(open + 1, close);
    }
    const start = this.pos;
    while (!this.atEnd() && !',:"'.includes(this.peek())) this.pos++;
    const value = this.input.slice(start, this.pos).trim();
    if (value === "") this.fail("missing group value after =");
    return value;
  }

  private statBudget(): Body<LatencyBudget> | Body<CountBudget> | Body<FailedBudget> {
    const stat = this.stat();
    this.skipSpace();
    const op = this.op();
    this.skipSpace();
    if (stat === "count") return { form: "count", op, limitCount: this.count() };
    if (stat === "failed") return { form: "failed", op, limitPercent: this.failedShare() };
    return { form: "latency", stat, op, limitNs: this.duration() };
  }

  private sloBudget(): Body<SloBudget> {
    const numberAt = this.pos;
    const targetPercent = this.percent();
    this.skipSpace();
    if (this.peek() !== "%") this.fail(`expected "%" after ${targetPercent.text}`, "an SLO reads 99.9% < 300ms; a statistic starts with a letter");
    this.pos++;
    if (!(targetPercent.value > 0 && targetPercent.value < 100)) {
      if (targetPercent.value >= 100) this.fail("an SLO share must be below 100%", "for every request write max < DUR", numberAt);
      this.fail("an SLO share must be above 0%", undefined, numberAt);
    }
    this.skipSpace();
    const opAt = this.pos;
    const op = this.op();
    if (op !== "<") this.fail(`an SLO takes "<" only`, "PCT% < DUR: at least PCT% of requests took less than DUR", opAt);
    this.skipSpace();
    return { form: "slo", targetPercent, thresholdNs: this.duration() };
  }

  /** `PCT%` of a failed budget, 0 ≤ PCT ≤ 100. */
  private failedShare(): WrittenPercent {
    const numberAt = this.pos;
    if (this.peek() === "-") this.fail("a share cannot be negative");
    const share = this.percent();
    this.skipSpace();
    if (this.peek() !== "%") this.fail(`expected "%" after ${share.text}`, "a failure budget reads failed < 1%");
    this.pos++;
    if (share.value > 100) this.fail("a share cannot be above 100%", undefined, numberAt);
    return share;
  }

  private stat(): LatencyStat | "count" | "failed" {
    const start = this.pos;
    if (!isWordStart(this.peek())) {
      this.fail(this.atEnd() ? "missing statistic" : `expected a statistic, found "${this.peek()}"`, STAT_LIST);
    }
    const word = this.word();
    const lower = word.toLowerCase();
    const named = STAT_NAMES[lower];
    if (named !== undefined) return named;
    if (lower === "p" && this.peek() === "(") return this.withFailures(this.k6Percentile());
    if (lower.startsWith("p") && isDigit(lower[1] ?? "")) {
      this.pos = start + 1;
      const percentile = this.percentile(start + 1);
      if (this.pos !== start + word.length) this.fail(`unknown statistic "${word}"`, STAT_LIST, start);
      return this.withFailures({ name: "percentile", percentile });
    }
    return this.fail(`unknown statistic "${word}"`, STAT_LIST, start);
  }

  /** A percentile followed by "!": failed requests count as slower than any success. */
  private withFailures(stat: LatencyStat): LatencyStat {
    if (this.peek() !== "!" || this.input[this.pos + 1] === "=") return stat;
    this.pos++;
    return { ...stat, withFailures: true } as LatencyStat;
  }

  /** `p(99.9)`, positioned at the "(". */
  private k6Percentile(): LatencyStat {
    this.pos++;
    this.skipSpace();
    const percentile = this.percentile(this.pos);
    this.skipSpace();
    if (this.peek() !== ")") this.fail(`expected ")" after p(${percentile.text}`);
    this.pos++;
    return { name: "percentile", percentile };
  }

  private percentile(numberAt: number): WrittenPercent {
    const percentile = this.percent();
    if (percentile.value >= 100) this.fail("a percentile must be below 100", "the largest value is max", numberAt);
    return percentile;
  }

  private percent(): WrittenPercent {
    const text = this.number("a percentage");
    return { text, value: Number(text) };
  }

  private op(): ComparisonOp {
    const c = this.peek();
    if (c === "<" || c === ">") {
      this.pos++;
      if (this.peek() === "=") {
        this.pos++;
        return c === "<" ? "<=" : ">=";
      }
      return c;
    }
    if (c === "=" || c === "!") this.fail(`"${c}" is not a comparison`, "use <, <=, > or >=");
    return this.fail(this.atEnd() ? "missing comparison" : `expected a comparison, found "${c}"`, "<, <=, > or >=");
  }

  /** A duration in nanoseconds; a number without unit is in ms. */
  private duration(): number {
    const numberAt = this.pos;
    if (this.peek() === "-") this.fail("a budget cannot be negative");
    const number = this.number("a duration such as 300ms");
    const spaceAt = this.pos;
    this.skipSpace();
    const unitAt = this.pos;
    let unit = "";
    while (isUnitChar(this.peek())) unit += this.input[this.pos++];
    if (unit === "") this.pos = spaceAt;
    // Logs write minutes as "m" (base/units.ts); in a budget "1m" is as likely a "1ms" missing its "s", and a
    // minute read for a millisecond makes a budget that cannot fail.
    if (unit === "m") this.fail(`"${number}m" could be minutes or milliseconds`, `write ${number}min for minutes, ${number}ms for milliseconds`, unitAt);
    const parsed = parseLatency(`${number}${unit}`, "ms");
    if (parsed.ok) return parsed.ns;
    if (parsed.reason === "unknown unit") this.fail(`unknown unit "${unit}"`, "use ns, us, ms, s or min; no unit means ms", unitAt);
    return this.fail(`${number}${unit} is ${parsed.reason === "too large" ? "too large for a latency" : `not a duration: ${parsed.reason}`}`, undefined, numberAt);
  }

  /** A whole number of requests, for `count`. */
  private count(): number {
    const numberAt = this.pos;
    if (this.peek() === "-") this.fail("a count cannot be negative");
    const text = this.number("a whole number");
    if (text.includes(".")) this.fail("count takes a whole number", undefined, numberAt);
    this.skipSpace();
    if (isUnitChar(this.peek())) this.fail("count takes a plain number, not a duration");
    const value = Number(text);
    if (!Number.isSafeInteger(value)) this.fail("count is too large", undefined, numberAt);
    return value;
  }

  /** `digits [ "." digits ] | "." digits`, returned as written. */
  private number(what: string): string {
    const start = this.pos;
    while (isDigit(this.peek())) this.pos++;
    if (this.peek() === ".") {
      this.pos++;
      const fractionAt = this.pos;
      while (isDigit(this.peek())) this.pos++;
      if (this.pos === fractionAt) this.fail(`expected a digit after "."`);
    }
    if (this.pos === start) this.fail(this.atEnd() ? `missing ${what}` : `expected ${what}, found "${this.peek()}"`);
    return this.input.slice(start, this.pos);
  }

  private word(): string {
    const start = this.pos;
    while (isWordChar(this.peek())) this.pos++;
    return this.input.slice(start, this.pos);
  }

  private skipSpace(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  private peek(): string {
    return this.input[this.pos] ?? "";
  }

  private atEnd(): boolean {
    return this.pos >= this.input.length;
  }

  private fail(reason: string, hint?: string, at: number = this.pos): never {
    throw new BudgetSyntaxError(reason, at + 1, this.input, hint);
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isWordStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function isWordChar(c: string): boolean {
  return isWordStart(c) || isDigit(c) || c === "." || c === "-";
}

function isUnitChar(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "µ" || c === "μ";
}
