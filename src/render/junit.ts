/**
 * `latstat check --junit FILE`: JUnit XML in the Ant/Jenkins shape that Jenkins, GitLab and the GitHub test
 * reporters read (checked against fixtures/junit/junit.xsd):
 *
 *   <testsuites name tests failures errors time>
 *     <testsuite name="latstat.budgets" tests failures errors skipped time timestamp hostname>
 *       <properties><property name value/>…</properties>
 *       <testcase classname="latstat.budgets" name="EXPRESSION" time="0">
 *         [<failure message type>details</failure> | <skipped message/>]
 *       </testcase>…
 *
 * A failed budget is a failure (type BudgetExceeded); an insufficient one is a failure (type InsufficientData),
 * or skipped with --allow-insufficient. The skipped count is the suite's alone: the schema of Jenkins' xunit plugin
 * (junit-10.xsd) refuses it on <testsuites>, and the other readers take it from the suite.
 */
import type { BudgetResult } from "../analyses/budgets.js";
import type { CheckView } from "../analyses/check.js";
import { replaceNotXml } from "./xml-chars.js";
import { budgetCells, describeResult, describeVerdict, type BudgetCellOptions, type BudgetCells } from "./budget-cells.js";

/** The classname of every budget test case (and the name of the suite). */
export const JUNIT_CLASSNAME = "latstat.budgets";

/** What the JUnit document needs beyond the results. */
export interface JunitOptions extends BudgetCellOptions {
  /** When the check ran (written in UTC, without zone, as Ant does). */
  timestamp: Date;
  hostname: string;
  /** Seconds the check took. */
  seconds: number;
}

/** Text safe inside an attribute value or element: escaped, and characters XML cannot hold replaced by U+FFFD. */
export function xmlEscape(text: string): string {
  return replaceNotXml(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/** Text safe as element content (line breaks kept as they are). */
function xmlText(text: string): string {
  return xmlEscape(text).replace(/&#10;/g, "\n");
}

function attributes(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
    .join("");
}

/** `2026-11-27T11:33:08` (UTC). */
function antTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** The check as a JUnit XML document. */
export function renderJunit(check: CheckView, options: JunitOptions): string {
  const { verdict, report } = check;
  const tests = verdict.results.length;
  const failures = verdict.results.filter((r) => r.failsCheck).length;
  const skipped = verdict.results.filter((r) => !r.failsCheck && r.status !== "pass").length;
  const time = options.seconds.toFixed(3);
  const counts = { tests, failures, errors: 0 };
  const properties: Record<string, string> = {
    basis: verdict.basis,
    samples: String(verdict.samples),
    inputs: report.files.join(" "),
    format: report.format,
    verdict: describeVerdict(verdict),
  };
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: "latstat check", ...counts, time })}>`,
    `  <testsuite${attributes({ name: JUNIT_CLASSNAME, ...counts, skipped, time, timestamp: antTimestamp(options.timestamp), hostname: options.hostname || "localhost" })}>`,
    `    <properties>`,
    ...Object.entries(properties).map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    `    </properties>`,
    ...budgetCells(verdict, options).flatMap((cells) => testcase(cells, options)),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ];
  return lines.join("\n");
}

function testcase(cells: BudgetCells, options: BudgetCellOptions): string[] {
  const result = cells.result;
  const open = `    <testcase${attributes({ classname: JUNIT_CLASSNAME, name: cells.expr, time: "0" })}`;
  if (result.status === "pass") return [`${open}/>`];
  const message = describeResult(result, options);
  const inner = result.failsCheck
    ? `      <failure${attributes({ message, type: result.status === "fail" ? "BudgetExceeded" : "InsufficientData" })}>${xmlText(details(cells))}</failure>`
    : `      <skipped${attributes({ message })}/>`;
  return [`${open}>`, inner, `    </testcase>`];
}

function details(cells: BudgetCells): string {
  const r: BudgetResult = cells.result;
  return [
    `budget:  ${cells.expr}`,
    ...(r.budget.group ? [`group:   ${r.budget.group.key}=${r.budget.group.value}`] : []),
    `actual:  ${cells.actual}`,
    `limit:   ${cells.limit}`,
    `margin:  ${cells.margin}`,
    `status:  ${r.status}`,
    `basis:   ${r.basis}`,
    `samples: ${r.samples}${r.minimumSamples === undefined ? "" : ` (needs ${r.minimumSamples})`}`,
  ].join("\n");
}
