/**
 * Where `check` gets its budgets: `--budget EXPR` (repeatable), `--budgets FILE` (repeatable) and
 * `latstat.config.json` in the working directory. All of them combine, in the order config, files, flags;
 * an expression given twice is judged once.
 *
 * Budget files hold a JSON list of expressions or `{ "budgets": [...] }`; the config file holds the object form,
 * and nothing else: a key it does not know is refused, since a misspelt "budgets" would drop every budget unseen.
 * So is a budget file's (both "budgets" and "thresholds" too: one of them would go unjudged). A budget file may also be k6's thresholds, as a k6 script's
 * `options.thresholds` writes them (https://grafana.com/docs/k6/latest/using-k6/thresholds/), bare or under a
 * `"thresholds"` key: `http_req_duration` expressions are budgets as they are (`p(95)<500`, `avg<200`), judged as
 * k6 judges them — over every request, the failed ones at their own latencies, since k6 records the metric for
 * each — and on the submetric `http_req_duration{expected_response:true}` over the successes; `http_req_failed`'s
 * `rate<0.01` is `failed < 1%`. Such a budget is named by its metric (`http_req_duration: p(95)<500`). Other tag
 * filters are refused: a group budget judges the successes alone, not what k6 would.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BudgetSyntaxError, parseBudgets, type Budget, type BudgetRequests } from "../analyses/budget-grammar.js";
import { closest, editDistance } from "../base/closest.js";
import { CONTROL_CHARACTERS, escapeControls, UserError } from "../base/errors.js";
import { MESSAGE_PREFIX } from "./terminal.js";

/** The config file read from the working directory when present. */
export const CONFIG_FILE = "latstat.config.json";

/** The flags that name budgets. */
export interface BudgetSourceFlags {
  budget: string[];
  budgets: string[];
  /** False with --no-config. */
  config: boolean;
}

/** A budget expression as found, with where it came from; a k6 threshold's also with its metric (see the file comment). */
interface Expression {
  where: string;
  text: string;
  k6?: { metric: string; requests: BudgetRequests };
}

/** Every budget from every source, parsed; a usage error when there is none or one is malformed. */
export async function collectBudgets(flags: BudgetSourceFlags, cwd: string = process.cwd()): Promise<Budget[]> {
  const expressions: Expression[] = [];
  if (flags.config) {
    const configPath = path.join(cwd, CONFIG_FILE);
    const config = await readJson(configPath, CONFIG_FILE, true);
    if (config !== undefined) expressions.push(...configBudgets(config));
  }
  for (const file of flags.budgets) expressions.push(...budgetList(await readJson(file, file, false), file));
  for (const text of flags.budget) expressions.push({ where: "--budget", text });
  if (expressions.length === 0) {
    throw new UserError("no budgets to check", `give --budget "p99 < 300ms", --budgets FILE, or "budgets" in ${CONFIG_FILE}; see latstat check --help`);
  }
  const seen = new Set<string>();
  const budgets: Budget[] = [];
  for (const { where, text, k6 } of expressions) {
    for (const parsed of parseWithCaret(where, text)) {
      if (k6 !== undefined && parsed.group !== undefined) throw new UserError(`${where}: "${text}": a k6 threshold names no group`, "write it as k6 does, e.g. p(95)<500");
      const budget = k6 === undefined ? parsed : { ...parsed, expr: `${k6.metric}: ${parsed.expr}`, requests: k6.requests };
      if (seen.has(budget.expr)) continue;
      seen.add(budget.expr);
      budgets.push(budget);
    }
  }
  return budgets;
}

/**
 * Parses an expression, turning a syntax error into a user error of two lines: the message, and a caret under
 * the offending character of the expression quoted in it:
 *
 *   latstat: --budget "p99 < 30xs": unknown unit "xs" at column 9 (use ns, us, ms, s or min; no unit means ms)
 *                              ^
 */
export function parseWithCaret(where: string, text: string): Budget[] {
  try {
    return parseBudgets(text);
  } catch (error) {
    if (!(error instanceof BudgetSyntaxError)) throw error;
    // Tabs and line breaks print as one space each, other control characters as U+FFFD, so that the caret stays
    // under its character and the expression cannot drive the terminal.
    const shown = text.replace(/[\t\r\n]/g, " ").replace(new RegExp(`[${CONTROL_CHARACTERS}]`, "g"), "\uFFFD");
    const lead = `${escapeControls(where)} "`;
    const caret = " ".repeat(MESSAGE_PREFIX.length + lead.length + error.column - 1) + "^";
    throw new UserError(`${lead}${shown}": ${error.message}`, undefined, caret);
  }
}

/** Reads and parses a JSON file; `undefined` when `optional` and the file does not exist. */
async function readJson(file: string, name: string, optional: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === "ENOENT") return undefined;
    throw new UserError(`${name}: cannot read the budget file (${code ?? (error as Error).message})`, optional ? CONFIG_HINT : "check the path given to --budgets");
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch (error) {
    throw new UserError(`${name}: not valid JSON: ${(error as Error).message}`, 'expected ["p99 < 300ms", …] or { "budgets": [...] }');
  }
}

/** k6's request duration, whose thresholds are latency budgets. */
export const K6_DURATION = "http_req_duration";
/** The k6 metrics whose thresholds are budgets here… */
const K6_METRICS = [K6_DURATION, "http_req_failed"];
/** …and k6's other built-in metrics (https://grafana.com/docs/k6/latest/using-k6/metrics/reference/), judged by k6 alone. */
const K6_OTHER_METRICS = [
  "checks",
  "data_received",
  "data_sent",
  "dropped_iterations",
  "http_req_blocked",
  "http_req_connecting",
  "http_req_receiving",
  "http_req_sending",
  "http_req_tls_handshaking",
  "http_req_waiting",
  "http_reqs",
  "iteration_duration",
  "iterations",
  "vus",
  "vus_max",
];

/** A threshold's key: a metric, or a submetric `metric{tag:value,…}` (k6's syntax, spaces around names allowed). */
function k6Key(key: string): { metric: string; tags: string[] } {
  const match = /^([^{]*?)\s*\{(.*)\}\s*$/.exec(key);
  if (match === null) return { metric: key.trim(), tags: [] };
  return { metric: match[1]!.trim(), tags: match[2]!.split(",").map((tag) => tag.split(":").map((part) => part.trim()).join(":")) };
}

/** The submetric of the successes, whose thresholds are judged over them. */
const SUCCESSES = "expected_response:true";

/** The budgets of a k6 thresholds object (see the file comment); undefined when `json` is not one. */
function k6Thresholds(json: Record<string, unknown>, name: string): Expression[] | undefined {
  const nested = json["thresholds"];
  const thresholds = typeof nested === "object" && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : json;
  const keys = Object.keys(thresholds);
  // k6's own metrics, or a "thresholds" key: thresholds, even on metrics not judged here (then an error says so).
  const k6Metric = (key: string) => K6_METRICS.includes(k6Key(key).metric) || K6_OTHER_METRICS.includes(k6Key(key).metric);
  if (thresholds === json && !keys.some(k6Metric)) return undefined;
  return keys.flatMap((key) => {
    const { metric, tags } = k6Key(key);
    if (!K6_METRICS.includes(metric)) throw new UserError(`${name}: k6 threshold on ${key} cannot be judged from request timings`, `latstat judges ${K6_METRICS.join(" and ")}`);
    const successes = tags.length === 1 && tags[0] === SUCCESSES && metric === K6_DURATION;
    if (tags.length > 0 && !successes) {
      throw new UserError(
        `${name}: k6 threshold on ${key}: latstat judges no submetric but http_req_duration{${SUCCESSES}}`,
        'for one tag value, --budget "scenario=browse: p(95)<500" judges its successes, not its failed requests as k6 does',
      );
    }
    const entries = thresholds[key];
    if (!Array.isArray(entries)) throw new UserError(`${name}: ${key} is not a list`, 'write k6 thresholds as { "http_req_duration": ["p(95)<500"] }');
    return entries.map((entry: unknown, i): Expression => {
      const where = `${name}: ${key}[${i}]`;
      // k6 also takes { threshold: "…", abortOnFail: … }: the expression is what is judged.
      const text = typeof entry === "object" && entry !== null && "threshold" in entry ? (entry as { threshold: unknown }).threshold : entry;
      if (typeof text !== "string") throw new UserError(`${where} is not a string`, 'write each threshold as text, e.g. "p(95)<500"');
      if (metric === "http_req_failed") return { where, text: failedRate(where, text) };
      return { where, text, k6: { metric: successes ? `http_req_duration{${SUCCESSES}}` : metric, requests: successes ? "successes" : "all" } };
    });
  });
}

/** k6's `rate<0.01` on http_req_failed as `failed < 1%`. */
function failedRate(where: string, text: string): string {
  const match = /^\s*rate\s*(<=?|>=?)\s*(\d+\.?\d*|\.\d+)\s*$/.exec(text);
  if (match === null) throw new UserError(`${where}: "${text}" is not a rate threshold`, "http_req_failed takes rate<0.01");
  const rate = Number(match[2]);
  if (rate > 1) throw new UserError(`${where}: "${text}": a rate is at most 1`, "rate<0.01 is 1%");
  return `failed ${match[1]} ${Number((rate * 100).toPrecision(12))}%`;
}

/** Where the config file comes from, and how to do without it. */
const CONFIG_HINT = `${CONFIG_FILE} is read from the working directory; --no-config ignores it`;
/** The keys the config file may hold. */
const CONFIG_KEYS = ["budgets"];
/** The keys a budget file written as an object may hold, one of them: latstat's budgets, or k6's thresholds. */
const FILE_KEYS = ["budgets", "thresholds"];

/**
 * Refuses an object holding a key that is not one of `known` (see the file comment): the hint suggests the known
 * key it is likely a misspelling of, else says what the file `holds`, followed by `then` when given.
 */
function refuseUnknownKeys(json: object, known: readonly string[], name: string, hint: { holds: string; then?: string }): void {
  const unknown = Object.keys(json).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const [nearest] = closest(unknown, known, 1);
  // A word that is no misspelling of a known key ("comment") is told what the file holds, not to mean "budgets".
  const first = nearest !== undefined && editDistance(unknown, nearest) <= 2 ? `did you mean "${nearest}"?` : hint.holds;
  throw new UserError(`${name}: unknown key "${escapeControls(unknown)}"`, hint.then === undefined ? first : `${first}${first.endsWith("?") ? " " : "; "}${hint.then}`);
}

/** The budgets of the config file: `{ "budgets": [...] }`, or `{}` for none; any other key is an error (see the file comment). */
function configBudgets(json: unknown): Expression[] {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new UserError(`${CONFIG_FILE}: expected { "budgets": ["p99 < 300ms", ...] }`, CONFIG_HINT);
  refuseUnknownKeys(json, CONFIG_KEYS, CONFIG_FILE, { holds: 'it holds "budgets" alone', then: "--no-config ignores the file" });
  return "budgets" in json ? expressionsOf(json.budgets, CONFIG_FILE, '{ "budgets": ["p99 < 300ms", ...] }') : [];
}

/**
 * The expressions in a parsed budget file, each labelled with where it came from (`file: budgets[2]`). An object
 * holds "budgets" or k6's "thresholds" (or k6's metrics bare), one of them and nothing else: both, or another key,
 * is refused, as in the config file, rather than budgets dropped unseen.
 */
function budgetList(json: unknown, name: string): Expression[] {
  const shape = 'a list of budget expressions or { "budgets": [...] }';
  if (Array.isArray(json)) return expressionsOf(json, name, shape);
  if (typeof json !== "object" || json === null) throw new UserError(`${name}: expected ${shape}`);
  const keysHint = { holds: 'a budget file holds "budgets" or k6\'s "thresholds"' };
  if ("budgets" in json && "thresholds" in json) {
    throw new UserError(`${name}: both "budgets" and "thresholds"`, "a budget file holds one of them: give k6's thresholds in a file of their own (--budgets is repeatable)");
  }
  if ("budgets" in json || "thresholds" in json) refuseUnknownKeys(json, FILE_KEYS, name, keysHint);
  if ("thresholds" in json && (typeof json.thresholds !== "object" || json.thresholds === null || Array.isArray(json.thresholds))) {
    throw new UserError(`${name}: "thresholds" is not an object`, 'write k6 thresholds as { "thresholds": { "http_req_duration": ["p(95)<500"] } }');
  }
  const k6 = k6Thresholds(json as Record<string, unknown>, name);
  if (k6 !== undefined) return k6;
  // Neither key, nor a k6 metric: a misspelt "budgets" ({ "budget": [...] }) is named as such.
  refuseUnknownKeys(json, FILE_KEYS, name, keysHint);
  if (!("budgets" in json)) throw new UserError(`${name}: no "budgets" key`, `expected ${shape}`);
  return expressionsOf(json.budgets, name, shape);
}

/** A list of budget expressions, each labelled with where it came from (`file: budgets[2]`). */
function expressionsOf(list: unknown, name: string, shape: string): Expression[] {
  if (!Array.isArray(list)) throw new UserError(`${name}: "budgets" is not a list`, `expected ${shape}`);
  return list.map((entry, i) => {
    if (typeof entry !== "string") throw new UserError(`${name}: budgets[${i}] is not a string`, 'write each budget as text, e.g. "p99 < 300ms"');
    return { where: `${name}: budgets[${i}]`, text: entry };
  });
}
