import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderJunit, xmlEscape, type JunitOptions } from "../../src/render/junit.js";
import { checkData, repeat } from "../helpers/check-data.js";
import { fixture } from "../helpers/run-cli.js";

const XSD = fixture("junit", "junit.xsd");
const scratch = mkdtempSync(path.join(tmpdir(), "latstat-junit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPTIONS: JunitOptions = { outUnit: undefined, digits: 3, timestamp: new Date("2026-11-27T11:33:08.250Z"), hostname: "ci-runner", seconds: 0.25 };

let files = 0;
function xmllint(xml: string, ...args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const file = path.join(scratch, `case-${files++}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync("xmllint", [...args, file], { encoding: "utf8" });
  if (run.error) throw new Error(`xmllint is needed for these tests (Debian: libxml2-utils): ${run.error.message}`);
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

function validate(xml: string): void {
  const run = xmllint(xml, "--noout", "--schema", XSD);
  expect(run.stderr).toContain("validates");
  expect(run.ok).toBe(true);
}

function xpath(xml: string, expression: string): string {
  return xmllint(xml, "--xpath", expression).stdout.trim();
}

// 2,000 requests: 1,970 of 100 µs and 30 of 5 ms (p99 is 5 ms).
const VALUES = [...repeat(100_000, 1970), ...repeat(5_000_000, 30)];
// The third is met by the samples there are, too few (2,000) to count: insufficient.
const BUDGETS = "p50 < 1ms, p99 < 1ms, 99.9% < 10ms, count >= 1000";

describe("JUnit XML", () => {
  it("is valid against the JUnit schema, with one testcase per budget", () => {
    const xml = renderJunit(checkData(VALUES, BUDGETS), OPTIONS);
    validate(xml);
    expect(xpath(xml, "count(//testsuite/testcase)")).toBe("4");
    expect(xpath(xml, "string(//testsuite/@name)")).toBe("latstat.budgets");
    expect(xpath(xml, "count(//testcase[@classname='latstat.budgets'])")).toBe("4");
    expect(xpath(xml, "string(//testcase[2]/@name)")).toBe("p99 < 1ms");
  });

  it("counts failures: a failed budget and an insufficient one both fail without --allow-insufficient", () => {
    const xml = renderJunit(checkData(VALUES, BUDGETS), OPTIONS);
    expect(xpath(xml, "string(//testsuite/@tests)")).toBe("4");
    expect(xpath(xml, "string(//testsuite/@failures)")).toBe("2");
    expect(xpath(xml, "string(//testsuite/@skipped)")).toBe("0");
    expect(xpath(xml, "string(//testsuites/@failures)")).toBe("2");
    expect(xpath(xml, "count(//testcase[1]/*)")).toBe("0");
    expect(xpath(xml, "string(//testcase[2]/failure/@type)")).toBe("BudgetExceeded");
    expect(xpath(xml, "string(//testcase[2]/failure/@message)")).toBe("p99 was 5.00 ms, 4.00 ms over the 1 ms limit (400%)");
    expect(xpath(xml, "string(//testcase[3]/failure/@type)")).toBe("InsufficientData");
    expect(xpath(xml, "string(//testcase[3]/failure/@message)")).toMatch(/^too few samples to judge \(2,000 samples, needs 10,000\); 100% of 2,000 requests took less than 10 ms/);
  });

  it("skips insufficient budgets with --allow-insufficient", () => {
    const xml = renderJunit(checkData(VALUES, BUDGETS, { allowInsufficient: true }), OPTIONS);
    validate(xml);
    expect(xpath(xml, "string(//testsuite/@failures)")).toBe("1");
    expect(xpath(xml, "string(//testsuite/@skipped)")).toBe("1");
    expect(xpath(xml, "count(//testcase[3]/skipped)")).toBe("1");
    expect(xpath(xml, "count(//testcase[3]/failure)")).toBe("0");
  });

  it("has a timestamp in Ant's form, the hostname and the time taken", () => {
    const xml = renderJunit(checkData(VALUES, BUDGETS), OPTIONS);
    expect(xpath(xml, "string(//testsuite/@timestamp)")).toBe("2026-11-27T11:33:08");
    expect(xpath(xml, "string(//testsuite/@hostname)")).toBe("ci-runner");
    expect(xpath(xml, "string(//testsuite/@time)")).toBe("0.250");
    expect(xpath(xml, "string(//property[@name='basis']/@value)")).toBe("raw");
    expect(xpath(xml, "string(//property[@name='samples']/@value)")).toBe("2000");
  });

  it("all passing: no failure elements", () => {
    const xml = renderJunit(checkData(VALUES, "p50 < 1ms, max < 10ms"), OPTIONS);
    validate(xml);
    expect(xpath(xml, "count(//failure)")).toBe("0");
    expect(xpath(xml, "string(//testsuite/@failures)")).toBe("0");
  });

  it("escapes markup and replaces characters XML cannot hold", () => {
    const name = `a&b<"c'>\u0001\u0007\ud800.log`;
    const xml = renderJunit(checkData(VALUES, "p99 < 1ms, p50<=1ms"), { ...OPTIONS, hostname: "" });
    validate(xml);
    const hostile = renderJunit(checkData(VALUES, "p99 < 1ms", { name }), OPTIONS);
    validate(hostile);
    expect(xpath(hostile, "string(//property[@name='inputs']/@value)")).toBe(`a&b<"c'>\ufffd\ufffd\ufffd.log`);
    expect(xpath(xml, "string(//testcase[2]/@name)")).toBe("p50<=1ms");
    expect(xpath(xml, "string(//testsuite/@hostname)")).toBe("localhost");
  });

  it("puts the skipped count on the suite alone: Jenkins' xunit plugin refuses it on testsuites", () => {
    const xml = renderJunit(checkData(VALUES, BUDGETS, { allowInsufficient: true }), OPTIONS);
    validate(xml);
    // The attributes xunit-plugin's junit-10.xsd allows on <testsuites>, one by one.
    expect(xpath(xml, "count(/testsuites/@*)")).toBe("5");
    for (const name of ["name", "tests", "failures", "errors", "time"]) expect(xpath(xml, `count(/testsuites/@${name})`)).toBe("1");
    expect(xpath(xml, "string(//testsuite/@skipped)")).toBe("1");
    expect(xmllint(xml.replace('<testsuites name="latstat check"', '<testsuites skipped="1" name="latstat check"'), "--noout", "--schema", XSD).ok).toBe(false);
  });

  it("the schema rejects what a reporter would choke on", () => {
    const good = renderJunit(checkData(VALUES, BUDGETS), OPTIONS);
    expect(xmllint(good.replace(' classname="latstat.budgets"', ""), "--noout", "--schema", XSD).ok).toBe(false);
    expect(xmllint(good.replace(/ tests="4"/g, ' tests="four"'), "--noout", "--schema", XSD).ok).toBe(false);
    expect(xmllint(good.replace("<failure ", "<flaw ").replace("</failure>", "</flaw>"), "--noout", "--schema", XSD).ok).toBe(false);
    expect(xmllint(good.replace(/timestamp="[^"]*"/, 'timestamp="yesterday"'), "--noout", "--schema", XSD).ok).toBe(false);
  });
});

describe("xmlEscape", () => {
  it("escapes the five markup characters and line breaks", () => {
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(xmlEscape("a\nb\tc\rd")).toBe("a&#10;b&#9;c&#13;d");
  });

  it("replaces control characters and lone surrogates, keeps paired ones", () => {
    expect(xmlEscape("\u0000\u001f\ufffe")).toBe("\ufffd\ufffd\ufffd");
    expect(xmlEscape("\ud83d\ude00 \udc00")).toBe("\ud83d\ude00 \ufffd");
  });
});
