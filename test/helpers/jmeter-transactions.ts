/**
 * A JMeter run with Transaction Controllers, written as JMeter writes its results — to test that a controller's
 * sample is not read as a request. The shapes follow JMeter's source:
 *
 * - TransactionController without "Generate parent sample": its SampleResult (label = the controller's name,
 *   responseMessage "Number of samples in transaction : N, number of failing samples : M", code 200 when all passed
 *   and empty otherwise, no dataType, no URL: `null` in CSV) is a sample event of its own, after its samples'.
 * - TransactionSampler ("Generate parent sample"): one event, the transaction with its samples as sub-results (code
 *   of the samples until the first failure, then 200 if all passed). CSVSaveService.saveSampleResult (5.x) writes
 *   the row, then one row per direct sub-result (not theirs); XML nests them, all levels.
 * - An HTTP sample that followed a redirect holds the hops as sub-results labelled `<label>-<n>`.
 *
 * Rows come in the order the samples end, as the listener gets them.
 */

export interface Http {
  kind: "http";
  label: string;
  thread: string;
  startMs: number;
  elapsedMs: number;
  ok: boolean;
  code: string;
  /** Redirect hops: sub-results. */
  hops: Http[];
}

export interface Transaction {
  kind: "transaction";
  label: string;
  thread: string;
  startMs: number;
  elapsedMs: number;
  children: (Http | Transaction)[];
}

export type Node = Http | Transaction;

/** Whether a sample passed: a transaction when all its samples did. */
export function passed(node: Node): boolean {
  return node.kind === "http" ? node.ok : node.children.every(passed);
}

/** The HTTP requests of a tree, in order: what a reader must count (a redirect's hops are part of their request). */
export function requestsOf(nodes: readonly Node[]): Http[] {
  return nodes.flatMap((n) => (n.kind === "http" ? [n] : requestsOf(n.children)));
}

/** How many transaction samples a tree holds. */
export function transactionsOf(nodes: readonly Node[]): number {
  return nodes.reduce((sum, n) => sum + (n.kind === "transaction" ? 1 + transactionsOf(n.children) : 0), 0);
}

/** JMeter 5.x's default CSV columns (jmeter.properties with print_field_names=true). */
export const HEADER = ["timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName", "dataType", "success", "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect"];

/** CSVSaveService.quoteDelimiters: a field is quoted when it holds the delimiter, a quote or a line break. */
function field(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function message(t: Transaction): string {
  return `Number of samples in transaction : ${t.children.length}, number of failing samples : ${t.children.filter((c) => !passed(c)).length}`;
}

/** TransactionSampler's code: each sample's until one failed; 200 when none did. */
function parentCode(t: Transaction): string {
  if (passed(t)) return "200";
  let code = "";
  for (const c of t.children) {
    code = c.kind === "http" ? c.code : parentCode(c);
    if (!passed(c)) break;
  }
  return code;
}

function csvRow(node: Node, parentMode: boolean, delimiter: string): string {
  const cells =
    node.kind === "http"
      ? [node.startMs, node.elapsedMs, node.label, node.code, node.ok ? "OK" : "Internal Server Error", node.thread, "text", node.ok, "", 2048, 120, 3, 3, `http://shop.test${node.label.split(" ")[1] ?? ""}`, Math.max(node.elapsedMs - 1, 0), 0, 1]
      : [node.startMs, node.elapsedMs, node.label, parentMode ? parentCode(node) : passed(node) ? "200" : "", message(node), node.thread, "", passed(node), "", 4096, 240, 3, 3, "null", node.elapsedMs - 2, 0, 1];
  return cells.map((c) => field(String(c), delimiter)).join(delimiter);
}

/** The sample events of the run as the listener gets them: each at its end (a controller's after its samples'). */
function events(roots: readonly Node[], parentMode: boolean): Node[] {
  const out: { node: Node; endMs: number; order: number }[] = [];
  const visit = (node: Node) => {
    if (node.kind === "transaction" && !parentMode) node.children.forEach(visit);
    out.push({ node, endMs: node.startMs + node.elapsedMs, order: out.length });
  };
  roots.forEach(visit);
  return out.sort((a, b) => a.endMs - b.endMs || a.order - b.order).map((e) => e.node);
}

/** The run as JMeter 5.x writes it to CSV, with a header. */
export function jmeterCsv(roots: readonly Node[], parentMode: boolean, delimiter = ","): string {
  const lines = [HEADER.join(delimiter)];
  for (const node of events(roots, parentMode)) {
    lines.push(csvRow(node, parentMode, delimiter));
    // saveSampleResult: one level of sub-results (a redirect's hops; a parent sample's samples, not theirs).
    const subs = node.kind === "http" ? node.hops : parentMode ? node.children : [];
    for (const sub of subs) lines.push(csvRow(sub, parentMode, delimiter));
  }
  return lines.join("\n") + "\n";
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function xmlSample(node: Node, parentMode: boolean, indent: string): string[] {
  if (node.kind === "http") {
    const attributes = `t="${node.elapsedMs}" it="0" lt="${Math.max(node.elapsedMs - 1, 0)}" ct="1" ts="${node.startMs}" s="${node.ok}" lb="${xmlEscape(node.label)}" rc="${node.code}" rm="${node.ok ? "OK" : "Internal Server Error"}" tn="${node.thread}" dt="text" by="2048" sby="120" ng="3" na="3"`;
    return [
      `${indent}<httpSample ${attributes}>`,
      ...node.hops.flatMap((hop) => xmlSample(hop, parentMode, indent + "  ")),
      `${indent}  <java.net.URL>http://shop.test${node.label.split(" ")[1] ?? ""}</java.net.URL>`,
      `${indent}</httpSample>`,
    ];
  }
  const attributes = `t="${node.elapsedMs}" it="0" lt="${node.elapsedMs - 2}" ct="1" ts="${node.startMs}" s="${passed(node)}" lb="${xmlEscape(node.label)}" rc="${parentMode ? parentCode(node) : passed(node) ? "200" : ""}" rm="${message(node)}" tn="${node.thread}" dt="" by="4096" sby="240" ng="3" na="3"`;
  // No URL is written for a null one: without sub-results the element is empty.
  if (!parentMode) return [`${indent}<sample ${attributes}/>`];
  return [`${indent}<sample ${attributes}>`, ...node.children.flatMap((c) => xmlSample(c, parentMode, indent + "  ")), `${indent}</sample>`];
}

/** The run as JMeter writes it to XML (jmeter.save.saveservice.output_format=xml). */
export function jmeterXml(roots: readonly Node[], parentMode: boolean): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testResults version="1.2">'];
  for (const node of events(roots, parentMode)) lines.push(...xmlSample(node, parentMode, ""));
  lines.push("</testResults>");
  return lines.join("\n") + "\n";
}

/**
 * A closed loop of `threads` JMeter threads, `iterations` each: transaction "Checkout" of "GET /cart" (every 4th
 * followed a redirect: two hops, unless `redirects` is false) and, nested when `nested`, transaction "Pay" of "POST /pay" (every 7th fails,
 * 500) and "GET /receipt"; 10 ms of think time after each sample. Latencies are fixed by the iteration, not random.
 * Requests started in `stall` (ms since the run's start) end only at its end, as when the server stops.
 */
export function checkoutRun(options: { threads: number; iterations: number; nested: boolean; redirects?: boolean; stall?: [number, number] }): Transaction[] {
  const t0 = 1_767_225_600_000;
  const roots: Transaction[] = [];
  for (let th = 0; th < options.threads; th++) {
    const thread = `Shop 1-${th + 1}`;
    let now = t0 + th * 3;
    const http = (label: string, elapsed: number, ok = true, redirect = false): Http => {
      const start = now;
      const [from, to] = options.stall ?? [Infinity, Infinity];
      if (start >= t0 + from && start < t0 + to) elapsed += t0 + to - start;
      const hops: Http[] = redirect
        ? [
            { kind: "http", label: `${label}-0`, thread, startMs: start, elapsedMs: Math.floor(elapsed / 3), ok: true, code: "302", hops: [] },
            { kind: "http", label: `${label}-1`, thread, startMs: start + Math.floor(elapsed / 3), elapsedMs: elapsed - Math.floor(elapsed / 3), ok, code: ok ? "200" : "500", hops: [] },
          ]
        : [];
      now = start + elapsed + 10;
      return { kind: "http", label, thread, startMs: start, elapsedMs: elapsed, ok, code: ok ? "200" : "500", hops };
    };
    const transaction = (label: string, start: number, children: Node[]): Transaction => ({ kind: "transaction", label, thread, startMs: start, elapsedMs: now - 10 - start, children });
    for (let i = 0; i < options.iterations; i++) {
      const n = th * options.iterations + i;
      const start = now;
      const cart = http("GET /cart", 5 + ((n * 37) % 60), true, options.redirects !== false && n % 4 === 0);
      const payStart = now;
      const pay = [http("POST /pay", 20 + ((n * 53) % 140), n % 7 !== 3), http("GET /receipt", 3 + ((n * 11) % 25))];
      const children: Node[] = options.nested ? [cart, transaction("Pay", payStart, pay)] : [cart, ...pay];
      roots.push(transaction("Checkout", start, children));
    }
  }
  return roots;
}
