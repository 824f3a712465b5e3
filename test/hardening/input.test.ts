/**
 * Hostile input through the built CLI: each case ends in a clear one-line error (exit 2, nothing on stdout) or in
 * a correct result with every line accounted for.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BIN, fixture, runCli, type CliResult } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-hardening-"));
function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, any>;

/** A refusal: exit 2, nothing on stdout, one line on stderr matching `message`, no stack trace. */
function expectRefusal(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trim().split("\n").at(-1)).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** `megabytes` MiB of `x` with no newline, then `tail`, made on the fly. */
function hugeLine(megabytes: number, tail: string): Readable {
  const block = Buffer.alloc(1 << 20, "x");
  return Readable.from(
    (function* () {
      for (let i = 0; i < megabytes; i++) yield block;
      yield Buffer.from(tail);
    })(),
  );
}

describe("a 100 MB line without a newline", () => {
  it("is rejected as too long without being held in memory, and the lines after it are read", async () => {
    const small = await runCli(["-f", "plain", "--json"], { stdin: "1\n2\n3\n", measureRss: true });
    const huge = await runCli(["-f", "plain", "--json"], { stdin: hugeLine(100, "\n1\n2\n3\n"), measureRss: true });
    expect(huge.code, huge.stderr).toBe(0);
    expect(json(huge).input).toMatchObject({ lines: 4, recorded: 3, rejected: 1, rejectedByReason: { "line too long": 1 } });
    expect(huge.stderr).toMatch(/^latstat: \(stdin\):1: line too long$/m);
    // Lines are held up to 1 MiB and read in 64 KiB–1 MiB chunks: the peak grows by a few MB, not by 100.
    // Far below the 100 MB line: it is never held. (The margin is GC slack, which grows on a loaded machine.)
    expect(huge.maxRssKb! - small.maxRssKb!).toBeLessThan(64 * 1024);
  });

  it("as the last line (no newline at all after it) is still counted and rejected", async () => {
    const result = await runCli(["-f", "plain", "--json"], { stdin: Readable.from([Buffer.from("5\n"), Buffer.alloc(3 << 20, "7")]) });
    expect(json(result).input).toMatchObject({ lines: 2, recorded: 1, rejectedByReason: { "line too long": 1 } });
  });

  it("without -f: a clear error, as no line ends within the window formats are detected from", async () => {
    const result = await runCli([], { stdin: hugeLine(2, "\n1\n2\n") });
    expectRefusal(result, /^latstat: \(stdin\): cannot tell the input format: no line ends in its first 64 KiB \(a binary file\? if not, name the format with -f FORMAT/);
  });
});

describe("binary data", () => {
  it("random bytes are called binary, not read as a CSV file with a garbage header", async () => {
    const bytes = Buffer.alloc(200_000);
    let seed = 42;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    expectRefusal(
      await runCli([tempFile("random.bin", bytes)]),
      /random\.bin: the input looks like binary data \(\d+% of its first 65536 bytes are control bytes or invalid UTF-8\), not a text log \(if it is text, name the format with -f FORMAT\)$/,
    );
  });

  it.each([
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd], /\(stdin\): truncated zstd data at compressed byte \d+ \(the file is damaged or still being written\)$/],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /\(stdin\): xz-compressed input is not read directly \(pipe it through xz: xz -dc FILE \| latstat \.\.\.\)$/],
    ["bzip2", [0x42, 0x5a, 0x68, 0x39], /\(stdin\): bzip2-compressed input is not read directly \(pipe it through bzip2: bzip2 -dc FILE \| latstat \.\.\.\)$/],
    ["zip", [0x50, 0x4b, 0x03, 0x04], /the input is a zip archive \(extract the log first: unzip -p FILE \| latstat\)$/],
  ])("%s-compressed input that cannot be read is named as such, with the command that reads it", async (_name, magic, message) => {
    expectRefusal(await runCli([], { stdin: Buffer.concat([Buffer.from(magic), Buffer.from("1\n2\n3\n")]) }), message);
  });

  it("with -f plain, lines with NUL bytes are rejected and the others read", async () => {
    const file = tempFile("nul.txt", Buffer.concat([Buffer.from("1\n2\n"), Buffer.from([0x33, 0x00, 0x0a]), Buffer.from("\0\0\0\n4\n")]));
    const result = await runCli([file, "-f", "plain", "--json"]);
    expect(json(result).input).toMatchObject({ lines: 5, recorded: 3, rejected: 2, rejectedByReason: { "binary data (NUL byte)": 2 } });
    expect(result.stderr).toMatch(/nul\.txt:3: binary data \(NUL byte\)/);
  });

  it("a refusal after the first chunk closes the file: no warning from the garbage collector after the error", { timeout: 60_000 }, () => {
    // The input was left open when format detection refused it; Node then closed it on garbage collection and
    // printed a DeprecationWarning after latstat's one-line error (now and then, as GC decided).
    const files = [tempFile("gc-zeros.bin", Buffer.alloc(100_000)), tempFile("gc-utf16.txt", Buffer.from("latency\n1\n", "utf16le")), tempFile("gc-words.txt", "hello world\n".repeat(10_000))];
    const script = `const { main } = await import(${JSON.stringify(path.join(fixture(".."), "dist/cli/main.js"))});
      for (const file of ${JSON.stringify(files)}) await main([file]);
      for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 100)); }`;
    const result = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith("latstat: "))).toBe(true);
  });

  it("a file of NULs only is refused", { timeout: 60_000 }, async () => {
    expectRefusal(await runCli([tempFile("zeros.bin", Buffer.alloc(100_000))]), /zeros\.bin: the input looks like binary data \(100% of/);
  });
});

describe("csv: more fields than the header", () => {
  it("an unquoted thousands separator is rejected, not read as its first digits; empty fields at the end are not", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${10 + i},/ok`);
    const shifted = await runCli([tempFile("thousands.csv", ["latency_ms,endpoint", ...rows, "1,500,/slow"].join("\n") + "\n"), "--json"]);
    expect(json(shifted).input).toMatchObject({ recorded: 20, rejected: 1, rejectedByReason: { "more fields than the header": 1 } });
    expect(json(shifted).raw.min).toBe(10);
    expect(shifted.stderr).toContain("thousands.csv:22: more fields than the header");
    // The latency column after the extra field, read by the string path too (a quote in the line).
    const quoted = await runCli([tempFile("quoted.csv", ['endpoint,latency_ms', '"/a",5', '/b,x,7'].join("\n") + "\n"), "-f", "csv", "--json"]);
    expect(json(quoted).input).toMatchObject({ recorded: 1, rejected: 1 });
    const trailing = await runCli([tempFile("trailing.csv", ["latency_ms,endpoint", ...rows.map((r) => `${r},`)].join("\n") + "\n"), "-f", "csv", "--json", "--strict"]);
    expect(json(trailing).input).toMatchObject({ recorded: 20, rejected: 0 });
  });
});

describe("a start time that is none", () => {
  it.each([
    ["csv", "t.csv", ["timestamp,latency_ms", "2024-05-01T10:00:00Z,5", "2024-05-01T10:00:01Z,6", "9999-12-31T23:59:59Z,7", "2024-05-01T10:00:02Z,8"], 4],
    ["jsonl", "t.jsonl", ['{"ts":"2024-05-01T10:00:00Z","latency_ms":5}', "", '{"ts":"9999-12-31T23:59:59Z","latency_ms":6}'], 3],
    ["jtl", "t.jtl", ["timeStamp,elapsed,label,responseCode,success", "1714557600000,5,a,200,true", "1714557601000,6,a,200,true", "253402300799000,7,a,200,true"], 4],
    [
      "k6",
      "t.json",
      ["2024", "2024", "9999", "2024"].map((year, i) => `{"type":"Point","data":{"time":"${year}-05-01T10:00:0${i}Z","value":5,"tags":{"status":"200"}},"metric":"http_req_duration"}`),
      3,
    ],
    ["nginx", "t.log", ["01/May/2024:10:00:00", "01/May/2024:10:00:01", "31/Dec/9999:23:59:59"].map((t) => `1.2.3.4 - - [${t} +0000] "GET / HTTP/1.1" 200 5 "-" "ua" 0.005`), 3],
  ])("%s: year 9999 is rejected as a bad start time with its own line number, on the fast path too", async (format, name, lines, lineNo) => {
    const file = tempFile(name, lines.join("\n") + "\n");
    const result = await runCli([file, "--json"]);
    expect(json(result).input.format).toBe(format);
    expect(result.stderr).toContain(`${name}:${lineNo}: bad start time`);
    const strict = await runCli([file, "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`${name}:${lineNo}: bad start time`);
  });
});

describe("inputs that are not what they seem", () => {
  it("a name that is not UTF-8 is said to be so, not 'no such file'; stdin that is a directory is said to be one", async () => {
    // A name's bad bytes reach the process as U+FFFD (what `café` in Latin-1 becomes).
    const badName = await runCli(["caf\uFFFD.txt"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toBe("latstat: caf\uFFFD.txt: cannot open a file whose name is not UTF-8 (rename it, or give it on stdin: latstat < FILE)\n");
    const dir = mkdtempSync(path.join(tmpdir(), "latstat-stdin-dir-"));
    const fromDir = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" < "${dir}"`], { encoding: "utf8" });
    expect(fromDir.status).toBe(2);
    expect(fromDir.stderr).toBe("latstat: (stdin): is a directory (give the log files inside it, e.g. dir/*.log)\n");
  });
});

describe("encodings and line endings", () => {
  it("a UTF-8 byte-order mark is dropped: a CSV header after it still names its column", async () => {
    const file = tempFile("bom.csv", "\uFEFFlatency_ms,status\n5,200\n7,200\n");
    const result = await runCli([file, "--json"]);
    expect(json(result).input).toMatchObject({ format: "csv", lines: 3, recorded: 2, skipped: 1 });
    expect(result.stderr).toMatch(/using column "latency_ms" \(column 1\)/);
  });

  it("files concatenated with a byte-order mark each: a repeated header after its mark is skipped, a JSON line after its mark is read", async () => {
    const part = "\uFEFFid,latency_ms\r\n1,5\r\n2,7\r\n";
    const csv = await runCli([tempFile("bom-cat.csv", part + part), "--json", "--strict"]);
    expect(csv.code).toBe(0);
    expect(json(csv).input).toMatchObject({ lines: 6, recorded: 4, skipped: 2, rejected: 0 });
    const jsonl = await runCli([tempFile("bom-cat.jsonl", '\uFEFF{"latency_ms":1}\n\uFEFF{"latency_ms":2}\n'), "--json", "--strict"]);
    expect(json(jsonl).input).toMatchObject({ lines: 2, recorded: 2, rejected: 0 });
  });

  it.each([
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("1\n2\n", "utf16le")])],
    ["UTF-16BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("1\n2\n", "utf16le").swap16()])],
    ["UTF-16LE without BOM", Buffer.from("latency\n1\n2\n", "utf16le")],
    ["UTF-16BE without BOM", Buffer.from("latency\n1\n2\n", "utf16le").swap16()],
  ])("%s is refused with the command that converts it, with or without -f", async (_name, bytes) => {
    const file = tempFile("utf16.txt", bytes);
    for (const args of [[file], [file, "-f", "plain"], [file, "-f", "csv"]]) {
      expectRefusal(await runCli(args), /utf16\.txt: the file is UTF-16 text \(convert it first: iconv -f UTF-16 -t UTF-8\)$/);
    }
  });

  it.each([
    ["plain", "1.5\n2\n30us\n# c\n\n"],
    ["csv", "id,latency_ms\n1,1.5\n2,2\n3,30us\n"],
    ["jsonl", '{"latency_ms":1.5}\n{"latency_ms":2}\n{"latency_ms":"30us"}\n\n'],
  ])("%s with CRLF endings reads exactly as with LF", async (format, text) => {
    const lf = json(await runCli(["--json"], { stdin: text }));
    const crlf = json(await runCli(["--json"], { stdin: text.replace(/\n/g, "\r\n") }));
    expect(lf.input.format).toBe(format);
    expect(crlf).toEqual(lf);
    expect(crlf.raw.count).toBe(3);
  });
});

describe("numbers", () => {
  it("mixed units in one file are each read in their own unit", async () => {
    const result = json(await runCli(["--json", "--out-unit", "ns", "-f", "plain"], { stdin: "850us\n12.5ms\n1.2s\n340ns\n17\n2m\n7µs\n" }));
    expect(result.raw.count).toBe(7);
    expect(result.raw.min).toBe(340);
    expect(result.raw.max).toBeGreaterThanOrEqual(120e9);
    expect(result.input.rejected).toBe(0);
  });

  it("1e308, NaN, Infinity and negatives are rejected by reason; -0 is a zero latency", async () => {
    const result = await runCli(["--json", "-f", "plain"], { stdin: "1e308\n-0\nNaN\nInfinity\n-0.0000001\n-5\n1\n" });
    const document = json(result);
    expect(document.input).toMatchObject({ lines: 7, recorded: 2, rejected: 5 });
    expect(document.input.rejectedByReason).toEqual({ "too large": 1, "not finite": 2, negative: 2 });
    expect(document.raw.min).toBe(0);
  });

  it("a 10^6-digit number is rejected in linear time (a backtracking regex took hours)", async () => {
    const started = Date.now();
    const result = await runCli(["--json", "-f", "plain"], { stdin: `${"1".repeat(1_000_000)}!\n${"1".repeat(1_000_000)} x!\n5\n` });
    expect(json(result).input).toMatchObject({ recorded: 1, rejected: 2 });
    // Seconds of slack for a loaded machine; the quadratic version needed about an hour here.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe("csv", () => {
  it("a duplicate header name: the first such column is used, and a notice says how to pick the other", async () => {
    const result = await runCli(["--json"], { stdin: "latency,status,latency\n5,200,900\n7,200,900\n" });
    expect(json(result).raw.max).toBeLessThan(8);
    expect(result.stderr).toMatch(/the header has 2 columns named "latency" \(columns 1, 3\); using column 1 \(choose another by number, e\.g\. --column 3\)/);
    expect(json(await runCli(["--json", "--column", "3"], { stdin: "latency,status,latency\n5,200,900\n" })).raw.min).toBeGreaterThan(899);
  });

  it("a stray quote does not swallow the rest of the file silently", async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `${i % 7},200`).join("\n");
    const result = await runCli(["--json"], { stdin: `latency,status\n"1,200\n${body}\n` });
    const input = json(result).input;
    expect(input.rejectedByReason).toEqual({ "unclosed quote": 1 });
    expect(input.recorded).toBe(3000);
    expect(input.recorded + input.skipped + input.rejected).toBe(input.lines);
    expect(result.stderr).toContain('latstat: (stdin): a quoted field is not closed within 20 lines or 16 KiB, or closes into a record that cannot be one (a stray "?): its first line is rejected as an unclosed quote and reading goes on after it\n');
    expect(result.stderr).toContain("latstat: (stdin):2: unclosed quote\n");
  });

  it("a header line with control characters gives a one-line error", async () => {
    expectRefusal(await runCli([], { stdin: "a,b\rc,\u001b[2Jd\n1,2,3\n" }), /^latstat: \(stdin\):1: no column looks like a latency \(a, b\\rc, \\e\[2Jd\)/);
  });
});

describe("json lines", () => {
  it("__proto__ and constructor keys are plain data", async () => {
    const lines = [
      '{"__proto__":{"latency":999},"latency":1}',
      '{"constructor":{"prototype":{"latency":999}},"latency":2}',
      '{"latency":3,"__proto__":null}',
    ];
    const result = await runCli(["--json", "--out-unit", "ms"], { stdin: lines.join("\n") + "\n" });
    expect(json(result).raw).toMatchObject({ count: 3, max: 3 });
    // A key named __proto__ is an ordinary key: --field can reach into it like into any other.
    const proto = await runCli(["--json", "--field", "__proto__.latency", "--out-unit", "ms"], { stdin: lines[0] + "\n" });
    expect(json(proto).raw).toMatchObject({ count: 1, min: 999 });
    const constructor = await runCli(["--json", "--field", "constructor.prototype.latency"], { stdin: lines.join("\n") + "\n" });
    expect(json(constructor).input).toMatchObject({ recorded: 1, rejectedByReason: { "missing field": 2 } });
  });
});

describe("tool formats", () => {
  // Access-log decoders match each line with a regex built from the log format: lines shaped to make such a regex
  // backtrack (long runs of quotes, spaces, escapes inside and between the quoted fields) must still take linear time.
  it.each([
    ["nginx", 'fixtures/formats/nginx/combined-request-time.log'],
    ["apache", 'fixtures/formats/apache/combined-D.log'],
    ["envoy", 'fixtures/formats/envoy/access.log'],
  ])("%s: lines shaped to make the log regex backtrack are read in linear time", async (format, file) => {
    const good = readFileSync(path.join(fixture(".."), file), "utf8").split("\n").slice(0, 3);
    const n = 200_000;
    const hostile = [
      good[0]!.replace(/"([A-Z]+) /, `"$1 ${" ".repeat(n)}`),
      good[0]!.replace(/"-"/, `"${'\\"'.repeat(n / 2)}`),
      good[0]!.replace(/"([^"]*)"/, `"$1${'" "'.repeat(n / 3)}`),
      `${'"'.repeat(n)} 200`,
      `[${"1".repeat(n)}`,
      `${"- ".repeat(n / 2)}x`,
      good[0]!.replace(/ \d+$/, ` ${"9".repeat(n)}x`),
    ];
    const started = Date.now();
    const result = await runCli(["-f", format, "--json"], { stdin: [...good, ...hostile, ...good].join("\n") + "\n" });
    const input = json(result).input;
    expect(input.recorded).toBeGreaterThanOrEqual(6);
    expect(input.recorded + input.skipped + input.rejected).toBe(good.length * 2 + hostile.length);
    // A backtracking regex takes minutes to hours on 200,000 characters; linear code milliseconds.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a .hgrm row whose TotalCount was damaged to 2^53 − 1 is read in a moment (it took days, a batch per 4096)", async () => {
    const spectrum = readFileSync(fixture("formats/hgrm/hey-flaky.hgrm"), "utf8");
    const damaged = spectrum.replace(/^( +192\.020 1\.000000000000) +400$/m, "$1 9007199254740991");
    expect(damaged).not.toBe(spectrum);
    const started = Date.now();
    const file = tempFile("damaged.hgrm", damaged);
    expect(json(await runCli([file, "--json"])).raw.count).toBe(Number.MAX_SAFE_INTEGER);
    // Back-filled, they are more values than can be counted exactly: refused, naming the row.
    const corrected = await runCli([file, "--json", "--expected-interval", "1ms"]);
    expect(corrected.code).toBe(2);
    expect(corrected.stderr).toMatch(/damaged\.hgrm:\d+: more than 9,007,199,254,740,991 values in all: too many to count exactly/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe("compressed and empty inputs", () => {
  const whole = gzipSync("12\n".repeat(50_000));
  const cut = whole.subarray(0, whole.length - 30);

  it.each([
    ["report", []],
    ["check", ["--budget", "p99 < 1s"]],
    ["compare", []],
  ])("%s: truncated gzip names the byte offset and prints no result", async (command, extra) => {
    const good = tempFile(`good-${command}.log`, "12\n".repeat(100));
    const file = tempFile(`cut-${command}.log.gz`, cut);
    const result = await runCli([command, good, file, ...extra]);
    expectRefusal(result, new RegExp(`cut-${command}\\.log\\.gz: truncated gzip data at compressed byte \\d+ \\(the file is damaged or still being written\\)$`));
  });

  it("corrupt gzip data names the byte offset", async () => {
    const damaged = Buffer.from(whole);
    damaged.fill(0x55, 20, 60);
    expectRefusal(await runCli([tempFile("bad.gz", damaged)]), /bad\.gz: corrupt gzip data at compressed byte \d+/);
  });

  it.each([
    ["an empty file", ""],
    ["a file holding only a byte-order mark", "\uFEFF"],
    ["a file of blank lines", "\n\n  \n\r\n"],
  ])("%s: no values, exit 2", async (_name, content) => {
    expectRefusal(await runCli([tempFile("empty.log", content)]), /empty\.log: no values \(the input is empty\)/);
  });

  it("an empty gzip member is empty too", async () => {
    expectRefusal(await runCli([tempFile("empty.gz", gzipSync(""))]), /empty\.gz: no values \(the input is empty\)/);
  });

  it("empty stdin, for report and check", async () => {
    expectRefusal(await runCli([], { stdin: "" }), /^latstat: \(stdin\): no values \(the input is empty\)/);
    expectRefusal(await runCli(["check", "--budget", "p50 < 1s"], { stdin: "" }), /^latstat: \(stdin\): no values \(the input is empty\)/);
  });
});

describe("flags the format does not use", () => {
  it("--column on plain numbers and --field on a CSV are said to be ignored, not ignored silently", async () => {
    const plain = await runCli(["--column", "99", "-o", "csv"], { stdin: "1\n2\n3\n" });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("(stdin): warning: --column 99 ignored: it chooses a csv or tsv column, and this input is read as plain");
    const csv = await runCli([fixture("demo.log"), "--field", "latency_ms", "-o", "csv"]);
    expect(csv.stderr).toContain("demo.log: warning: --field latency_ms ignored: it chooses a jsonl field, and this input is read as csv");
    const column = await runCli([fixture("demo.log"), "--column", "latency_ms", "-o", "csv"]);
    expect(column.stderr).not.toMatch(/--column .* ignored/);
  });
});

describe("failed requests without a latency", () => {
  it("a timeout's empty or null latency with a failed status is counted as failed, not rejected; without one it is rejected", async () => {
    // Truth by counting the rows: 7 requests, 3 failed (two 504s without a latency, a 500 with one).
    const csv = await runCli([tempFile("timeouts.csv", "latency_ms,status\n10,200\n20,200\n30,200\n40,200\n,504\n,504\n50,500\n"), "--json", "--co", "off"]);
    expect(json(csv).input).toMatchObject({ recorded: 4, rejected: 0, failed: { count: 3 } });
    expect(json(csv).input.failed.rate).toBeCloseTo(3 / 7, 12);
    const jsonl = await runCli([tempFile("timeouts.jsonl", '{"duration_ms":10,"success":true}\n{"duration_ms":20,"success":true}\n{"duration_ms":null,"success":false}\n{"success":false}\n'), "--json", "--co", "off"]);
    expect(json(jsonl).input).toMatchObject({ recorded: 2, rejected: 0, failed: { count: 2, rate: 0.5 } });
    // A budget on failures judges them: 50 of 1,050.
    const many = ['{"duration_ms":5,"status":200}', '{"duration_ms":null,"status":504}'];
    const lines = [...Array.from({ length: 1000 }, () => many[0]!), ...Array.from({ length: 50 }, () => many[1]!)].join("\n") + "\n";
    const check = await runCli(["check", tempFile("budget.jsonl", lines), "--co", "off", "--budget", "failed < 1%"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("50 of 1,050 failed");
    // A timeout without a start time either, first in the file, does not turn the guessed time column off.
    const first = await runCli(["timeline", "--interval", "1s", "--json", "--co", "off"], { stdin: "timestamp,latency_ms,status\n,,504\n1700000000000,5,200\n1700000001000,6,200\n" });
    expect(first.stderr).not.toMatch(/does not hold times/);
    expect(JSON.parse(first.stdout).rows).toHaveLength(2);
    // A successful status without a latency is still a missing value.
    const ok = await runCli([tempFile("no-latency-ok.csv", "latency_ms,status\n10,200\n,200\n"), "--json"]);
    expect(json(ok).input).toMatchObject({ recorded: 1, rejected: 1, rejectedByReason: { "missing value": 1 } });
  });
});
