import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { expectHdrClose, latstatJson, nearestRank, tempFile } from "../helpers/formats.js";
import { checkoutRun, jmeterCsv, jmeterXml, requestsOf, transactionsOf, type Http, type Node } from "../helpers/jmeter-transactions.js";

const TRANSACTION = "JMeter transaction (a total of its samples)";

/** The same run's requests written as their own samples, no controller: what the figures must be. */
function withoutControllers(roots: readonly Node[]): string {
  return jmeterCsv(requestsOf(roots), false);
}

/** What a report of the requests must say: their count, failures and p99, from an exact sort. */
function expectRequests(document: Record<string, any>, requests: readonly Http[]) {
  const sorted = requests.map((r) => r.elapsedMs).sort((a, b) => a - b);
  expect(document.raw.count).toBe(requests.length);
  expect(document.input.failed.count).toBe(requests.filter((r) => !r.ok).length);
  expect(document.raw.max).toBe(sorted[sorted.length - 1]);
  expectHdrClose(document.raw.percentiles["99"], nearestRank(sorted, 99));
}

const WRITINGS = [
  { name: "CSV, no parent sample", parentMode: false, file: (roots: Node[]) => tempFile("tc-noparent.csv", jmeterCsv(roots, false)) },
  { name: "CSV, parent sample", parentMode: true, file: (roots: Node[]) => tempFile("tc-parent.csv", jmeterCsv(roots, true)) },
  // With ; JMeter leaves the controller's message unquoted: the fast path reads the row.
  { name: "CSV with ;, no parent sample", parentMode: false, file: (roots: Node[]) => tempFile("tc-noparent-semicolon.csv", jmeterCsv(roots, false, ";")) },
  { name: "CSV with ;, parent sample", parentMode: true, file: (roots: Node[]) => tempFile("tc-parent-semicolon.csv", jmeterCsv(roots, true, ";")) },
  { name: "XML, no parent sample", parentMode: false, file: (roots: Node[]) => tempFile("tc-noparent.xml", jmeterXml(roots, false)) },
  { name: "XML, parent sample", parentMode: true, file: (roots: Node[]) => tempFile("tc-parent.xml", jmeterXml(roots, true)) },
];

describe("jtl: a Transaction Controller's sample is the total of its samples, not a request", () => {
  const roots = checkoutRun({ threads: 3, iterations: 120, nested: false });
  const requests = requestsOf(roots);
  const hops = requests.reduce((sum, r) => sum + r.hops.length, 0);

  for (const { name, parentMode, file } of WRITINGS) {
    it(`${name}: the requests are counted, the controller's samples skipped, the figures those of the requests alone`, async () => {
      const path = file(roots);
      const document = await latstatJson([path, "--include-errors"]);
      expectRequests(document, requests);
      expect(document.input.skippedByReason[TRANSACTION]).toBe(roots.length);
      // A redirect's hops are part of their request: nested in XML, rows after it in CSV, but not in a parent sample's rows.
      const xml = path.endsWith(".xml");
      expect(document.input.skippedByReason["JMeter sub-sample"] ?? 0).toBe(!xml && parentMode ? 0 : hops);
      const alone = await latstatJson([tempFile("tc-requests-alone.csv", withoutControllers(roots)), "--include-errors"]);
      expect(document.raw).toEqual(alone.raw);
      expect(document.coordinatedOmission).toEqual(alone.coordinatedOmission);
      expect(document.coordinatedOmission.loop).toBe("closed");
    });
  }

  it("the controller's samples are said once, with where their count is", async () => {
    const result = await runCli([WRITINGS[0]!.file(roots)]);
    const said = result.stderr.split("\n").filter((l) => l.includes("Transaction Controller"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('"JMeter transaction" among the skipped lines');
    expect(result.stdout).toContain(`${TRANSACTION}: ${roots.length}`);
  });

  it("a closed loop whose server stalls 3 s is found stalled with its controllers' samples as without them", async () => {
    const stalled = checkoutRun({ threads: 3, iterations: 400, nested: false, stall: [10_000, 13_000] });
    const alone = await latstatJson([tempFile("stall-alone.csv", withoutControllers(stalled))]);
    expect(alone.coordinatedOmission).toMatchObject({ loop: "closed", detected: true });
    for (const parentMode of [false, true]) {
      const document = await latstatJson([tempFile(`stall-${parentMode}.csv`, jmeterCsv(stalled, parentMode))]);
      expect(document.coordinatedOmission, `parent sample: ${parentMode}`).toEqual(alone.coordinatedOmission);
    }
  });

  it("nested controllers: XML and CSV without parent samples hold every request; CSV with parent samples only the outer transaction's own", async () => {
    const nested = checkoutRun({ threads: 2, iterations: 50, nested: true });
    const transactions = transactionsOf(nested);
    expect(transactions).toBe(200);
    for (const [name, text] of [
      ["nested.xml", jmeterXml(nested, true)],
      ["nested-noparent.xml", jmeterXml(nested, false)],
      ["nested-noparent.csv", jmeterCsv(nested, false)],
    ] as const) {
      const document = await latstatJson([tempFile(name, text), "--include-errors"]);
      expectRequests(document, requestsOf(nested));
      expect(document.input.skippedByReason[TRANSACTION], name).toBe(transactions);
    }
    // CSVSaveService writes one level of sub-results: the inner transaction's row, not its samples.
    const document = await latstatJson([tempFile("nested-parent.csv", jmeterCsv(nested, true)), "--include-errors"]);
    expectRequests(document, nested.flatMap((t) => t.children.filter((c): c is Http => c.kind === "http")));
    expect(document.input.skippedByReason[TRANSACTION]).toBe(transactions);
  });

  it("read in parts on two threads, the same as on one", async () => {
    // No redirects: a cut between a request and its hops' rows counts them (jtl.ts), controllers or not.
    const many = checkoutRun({ threads: 4, iterations: 2000, nested: true, redirects: false });
    for (const { name, file } of WRITINGS) {
      const path = file(many);
      const one = await latstatJson([path, "--include-errors", "--threads", "1"]);
      const two = await runCli([path, "--include-errors", "--threads", "2", "--json"], { spawn: true });
      expect(two.code, two.stderr).toBe(0);
      const document = JSON.parse(two.stdout);
      expect(document.input, name).toEqual(one.input);
      expect(document.raw, name).toEqual(one.raw);
    }
  });
});
