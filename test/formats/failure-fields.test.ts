/**
 * Failed requests in generic inputs (CSV, TSV, JSON lines): a column or field named like a status or a success
 * flag marks failures by the rule of the tool formats — a status outside 200–399 and not 101, a success flag that
 * is false, an error that is not empty. Expected counts come from the rows written here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { failureKindOf, pickFailureName, readFailure } from "../../src/formats/failure-fields.js";
import { runCli } from "../helpers/run-cli.js";

let dir = "";
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latstat-failure-fields-"));
});

async function report(args: string[]) {
  const run = await runCli(["report", "-o", "json", ...args]);
  return { ...run, doc: run.stdout ? JSON.parse(run.stdout) : undefined };
}

describe("reading a failure column or field", () => {
  it("names a status column and its kind by name, and reads values by that kind", () => {
    expect(pickFailureName(["ts", "latency_ms", "http_status"], [])).toBe(2);
    expect(pickFailureName(["sc-status", "time-taken"], [])).toBe(0);
    expect(pickFailureName(["latency", "Success"], [])).toBe(1);
    expect(pickFailureName(["latency", "path"], [])).toBe(-1);
    expect(failureKindOf("response_code")).toBe("status");
    expect(failureKindOf("isError")).toBe("error");
    expect(failureKindOf("my_outcome")).toBe("status");
    expect(readFailure("status", "503")).toEqual({ status: 503 });
    expect(readFailure("status", "-")).toEqual({});
    expect(readFailure("status", "OK")).toBeUndefined();
    expect(readFailure("success", "false")).toEqual({ ok: false });
    expect(readFailure("success", true)).toEqual({ ok: true });
    expect(readFailure("success", "maybe")).toBeUndefined();
    expect(readFailure("error", "")).toEqual({ ok: true });
    expect(readFailure("error", null)).toEqual({ ok: true });
    expect(readFailure("error", "connection reset")).toEqual({ ok: false });
    expect(readFailure("error", { code: 1 })).toEqual({ ok: false });
  });
});

describe("CSV and TSV", () => {
  it("counts non-2xx/3xx statuses as failed, leaves them out of the histogram and says which column it used", async () => {
    const file = write("status.csv", "latency_ms,status\n10,200\n20,301\n5,503\n7,0\n30,404\n40,200\n");
    const { doc, stderr } = await report([file]);
    expect(stderr).toContain('using column "status" to tell failed requests');
    expect(doc.input.failed).toEqual({ count: 3, rate: 0.5, excluded: 3, known: true });
    expect(doc.raw.count).toBe(3);
    expect(doc.raw.max).toBe(40);
    const included = await report([file, "--include-errors"]);
    expect(included.doc.raw.count).toBe(6);
    expect(included.doc.withFailures).toBeUndefined();
  });

  it("reads the same on the fast path and the string path (quoted lines take the latter)", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`${(i % 97) + 1}`, i % 10 === 0 ? "500" : "200"]);
    const plain = write("fast.csv", "latency_ms,code\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
    const quoted = write("slow.csv", "latency_ms,code\n" + rows.map((r) => `"${r[0]}","${r[1]}"`).join("\n") + "\n");
    const [a, b] = [(await report([plain])).doc, (await report([quoted])).doc];
    expect(a.input.failed).toEqual({ count: 30, rate: 0.1, excluded: 30, known: true });
    expect(b.input.failed).toEqual(a.input.failed);
    expect(b.raw).toEqual(a.raw);
  });

  it("reads a success flag and an error column, in TSV too", async () => {
    const success = write("success.tsv", "elapsed\tsuccess\n10\ttrue\n20\tfalse\n30\tTRUE\n40\t0\n");
    expect((await report([success])).doc.input.failed).toMatchObject({ count: 2, known: true });
    const errors = write("errors.csv", "latency_ms,error\n10,\n20,timeout\n30,\n40,\"connection reset, by peer\"\n");
    expect((await report([errors])).doc.input.failed).toMatchObject({ count: 2, known: true });
  });

  it("--status-column names one by name or number; none turns the guess off", async () => {
    const file = write("named.csv", "latency_ms,status,outcome\n10,200,fail\n20,500,pass\n30,200,pass\n");
    expect((await report([file])).doc.input.failed.count).toBe(1);
    // outcome is no known name: read as a status, and "fail" is not one.
    const wrongKind = await runCli(["report", file, "--status-column", "outcome"]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain("named.csv:2: bad status");
    expect((await runCli(["report", file, "--status-column", "3"])).stderr).toContain("named.csv:4: bad status");
    const none = await report([file, "--status-column", "none"]);
    expect(none.doc.input.failed).toEqual({ count: 0, rate: null, excluded: 0, known: false });
    expect(none.stderr).not.toContain("failed requests");
    const missing = await runCli(["report", file, "--status-column", "nope"]);
    expect(missing.code).toBe(2);
  });

  it("drops a guessed column whose first value is not of its kind, with a notice", async () => {
    const file = write("code.csv", "latency_ms,code\n10,E_OK\n20,E_TIMEOUT\n");
    const { doc, stderr } = await report([file]);
    expect(stderr).toContain('column "code" does not hold statuses');
    expect(doc.input.failed.known).toBe(false);
    expect(doc.raw.count).toBe(2);
  });

  it("rejects a bad status after the first, naming file and line, and --strict stops there", async () => {
    const file = write("bad.csv", "latency_ms,status\n10,200\n20,abc\n30,200\n");
    const { doc } = await report([file]);
    expect(doc.input.rejectedByReason).toEqual({ "bad status": 1 });
    const strict = await runCli(["report", file, "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/bad\.csv:3: .*bad status/);
  });

  it("lets --status pick responses by code from a CSV", async () => {
    const file = write("pick.csv", "latency_ms,status\n10,200\n20,503\n30,503\n40,200\n");
    expect((await report([file, "--status", "5xx"])).doc.raw).toMatchObject({ count: 2, min: 20, max: 30 });
  });
});

describe("JSON lines", () => {
  it("reads a status, a success flag or an error field, and a nested one with --status-field", async () => {
    const status = write("status.jsonl", ['{"latency_ms":10,"status":200}', '{"latency_ms":5,"status":503}', '{"latency_ms":20,"status":"404"}'].join("\n") + "\n");
    const a = await report([status]);
    expect(a.stderr).toContain('using field "status" to tell failed requests');
    expect(a.doc.input.failed).toMatchObject({ count: 2, known: true });
    const ok = write("ok.jsonl", ['{"latency_ms":10,"ok":true}', '{"latency_ms":5,"ok":false}', '{"latency_ms":7,"ok":true}'].join("\n") + "\n");
    expect((await report([ok])).doc.input.failed).toMatchObject({ count: 1 });
    const error = write("error.jsonl", ['{"latency_ms":10,"error":null}', '{"latency_ms":5,"error":"EOF"}', '{"latency_ms":7}'].join("\n") + "\n");
    expect((await report([error])).doc.input.failed).toMatchObject({ count: 1, known: true });
    const nested = write("nested.jsonl", ['{"latency_ms":10,"http":{"code":200}}', '{"latency_ms":5,"http":{"code":502}}'].join("\n") + "\n");
    expect((await report([nested, "--status-field", "http.code"])).doc.input.failed).toMatchObject({ count: 1 });
    expect((await report([nested])).doc.input.failed.known).toBe(false);
  });

  it("refuses --status-column and --status-field together", async () => {
    const run = await runCli(["report", "x.jsonl", "--status-column", "a", "--status-field", "b"]);
    expect(run.code).toBe(2);
  });
});
