/**
 * Inputs built to cost too much or to vanish silently: each is read, rejected with a true reason or refused with
 * a clear error — never an internal error, never a line that disappears without being counted.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const DEEP = "[".repeat(10_000) + "]".repeat(10_000);

describe("a JSON value nested 10,000 levels deep", () => {
  const lines = [
    ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ latency_ms: i + 1, ep: "a" })),
    `{"latency_ms": 7, "ep": ${DEEP}}`,
    `{"latency_ms": 8, "ep": {"x": ${DEEP}}, "user": ${DEEP}}`,
    ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ latency_ms: i + 1, ep: "b" })),
  ].join("\n");

  it("in the --group-by field: that line is rejected with a reason, the run goes on", async () => {
    const result = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "-o", "json"], { stdin: lines });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.input.recorded).toBe(10);
    expect(report.input.rejectedByReason).toEqual({ "value nested too deeply": 2 });
    expect(result.stderr).toContain("latstat: (stdin):6: value nested too deeply\n");
    expect(result.stderr).toContain("latstat: (stdin):7: value nested too deeply\n");
  });

  it("in the --session and --per fields too; a shallow object is still a value", async () => {
    const sessions = [1, 2, 3, 4].map((i) => JSON.stringify({ latency_ms: i, user: `u${i % 2}` })).join("\n") + `\n{"latency_ms": 8, "user": ${DEEP}}\n`;
    const result = await runCli(["report", "-f", "jsonl", "--session", "user", "--threshold", "3ms", "-o", "json"], { stdin: sessions });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).input.rejectedByReason).toEqual({ "value nested too deeply": 1 });
    const shallow = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "-o", "csv"], { stdin: '{"latency_ms": 3, "ep": {"a": [1, {"b": 2}]}}\n' });
    expect(shallow.stdout).toContain('"{""a"":[1,{""b"":2}]}",1,');
  });

  it("--strict stops at it with the line named", async () => {
    const result = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "--strict"], { stdin: lines });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^latstat: \(stdin\):6: value nested too deeply/);
  });
});

describe("a stray quote in a CSV", () => {
  const csv = ["latency_ms,name", ...Array.from({ length: 20 }, (_, i) => `${i + 1},a`), '21,"oops', ...Array.from({ length: 483 }, (_, i) => `${i + 22},b`)].join("\n") + "\n";

  it("rejects its line as an unclosed quote and reads every line after it", async () => {
    const result = await runCli(["report", "-o", "json"], { stdin: csv });
    expect(result.code).toBe(0);
    const input = JSON.parse(result.stdout).input;
    expect(input).toMatchObject({ lines: 505, recorded: 503, skipped: 1, rejected: 1, rejectedByReason: { "unclosed quote": 1 } });
    expect(JSON.parse(result.stdout).raw.max).toBe(504);
    expect(result.stderr).toContain("latstat: (stdin):22: unclosed quote\n");
  });

  it("--strict stops at that line", async () => {
    const result = await runCli(["report", "--strict"], { stdin: csv });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^latstat: \(stdin\):22: unclosed quote \(--strict stops at the first line that cannot be read\)\n$/m);
  });
});

describe("a CSV header line over 1 MiB", () => {
  const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},a`).join("\n");
  /** The text in 64 KiB chunks, as a file or pipe gives it (a longer line then spans chunks). */
  const chunked = (text: string) => {
    const bytes = Buffer.from(text);
    return Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
  };

  it("is a clear error naming the line: the first data row does not become the header", async () => {
    for (const args of [["-f", "csv"], ["-f", "csv", "--column", "1"], ["-f", "tsv", "--column", "1"]]) {
      const result = await runCli(["report", ...args], { stdin: chunked(`latency_ms,${"x".repeat(1_100_000)}\n${rows}\n`) });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("latstat: (stdin):1: the header line is longer than 1 MiB, the longest line read (is this a CSV/TSV file? its first line names the columns)\n");
    }
  });

  it("a long line after the header is rejected as too long; a quote open before it is given up first", async () => {
    const csv = `latency_ms,name\n1,a\n2,"b\n3,c\n4,${"x".repeat(1_100_000)}\n5,a\n`;
    const result = await runCli(["report", "-f", "csv", "-o", "json"], { stdin: chunked(csv) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).input).toMatchObject({ lines: 6, recorded: 3, rejectedByReason: { "unclosed quote": 1, "line too long": 1 } });
    expect(result.stderr).toContain("latstat: (stdin):3: unclosed quote\n");
    expect(result.stderr).toContain("latstat: (stdin):5: line too long\n");
  });
});
