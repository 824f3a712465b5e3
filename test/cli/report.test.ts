import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BIN, fixture, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "latstat-cli-"));
function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

describe("latstat report: reading", () => {
  it("reads stdin when there is no file, and for -", async () => {
    for (const args of [[], ["-"], ["report"], ["report", "-"]]) {
      const result = await runCli([...args, "--json"], { stdin: "1\n2\n3\n" });
      expect(result.code).toBe(0);
      expect(json(result.stdout).raw.count).toBe(3);
      expect(json(result.stdout).input.files).toEqual(["(stdin)"]);
    }
  });

  it("puts several files in one histogram, and --per-file adds a row each", async () => {
    const a = tempFile("a.txt", "1\n2\n");
    const b = tempFile("b.txt", "3\n");
    const together = json((await runCli([a, b, "--json"])).stdout);
    expect(together.raw.count).toBe(3);
    expect(together.raw.max).toBe(3);
    const perFile = await runCli([a, b, "--per-file", "-o", "csv"]);
    const rows = perFile.stdout.trim().split("\n");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(new RegExp(`^${a.replace(/[/.]/g, "\\$&")},2,`));
    expect(rows[3]).toMatch(/^all,3,/);
    const perFileJson = json((await runCli([a, b, "--per-file", "--json"])).stdout);
    expect(perFileJson.files.map((f: { count: number }) => f.count)).toEqual([2, 1]);
  });

  it("gunzips by magic bytes whatever the file is called", async () => {
    const file = tempFile("values.log", gzipSync("1\n2\n3\n4\n"));
    const result = await runCli([file, "--json"]);
    expect(json(result.stdout).raw.count).toBe(4);
  });

  it("reads the bundled fixtures of every core format", async () => {
    const cases: [string[], number, string][] = [
      [[fixture("core/mixed-units.txt")], 7, "plain"],
      [[fixture("core/quoted.csv")], 2, "csv"], // its 500 is a failed request, left out
      [[fixture("core/elapsed.tsv")], 3, "tsv"],
      [[fixture("core/nested.jsonl"), "--field", "timing.total_ms"], 2, "jsonl"],
      [[fixture("demo.log")], 19923, "csv"], // 20,000 requests, 77 of them 503s left out
    ];
    for (const [args, count, format] of cases) {
      const document = json((await runCli([...args, "--json"])).stdout);
      expect(document.raw.count).toBe(count);
      expect(document.input.format).toBe(format);
    }
  });

  it("-f overrides detection and --debug explains it", async () => {
    const forced = await runCli(["-f", "plain", "--json"], { stdin: "a,b\n1,2\n3\n" });
    expect(json(forced.stdout).input.format).toBe("plain");
    const debug = await runCli(["--debug", "--json"], { stdin: "latency\n1\n2\n" });
    expect(debug.stderr).toMatch(/debug: \(stdin\): format csv scored/);
    expect(debug.stderr).toMatch(/debug: \(stdin\): chose format/);
  });

  it("takes --column and --field", async () => {
    const csv = await runCli(["--column", "2", "--json"], { stdin: "a,b\n1,5\n" });
    expect(json(csv.stdout).raw.max).toBe(5);
    const jsonl = await runCli(["--field", "x.y", "--json"], { stdin: '{"x":{"y":7}}\n' });
    expect(json(jsonl.stdout).raw.max).toBe(7);
  });
});

describe("latstat report: units and numbers", () => {
  it("says which unit it assumed, and --unit changes it", async () => {
    const assumed = await runCli([], { stdin: "5\n" });
    expect(assumed.stdout).toMatch(/read as ms \(assumed; set --unit\)/);
    const given = json((await runCli(["--unit", "us", "--json", "--out-unit", "ns"], { stdin: "5\n" })).stdout);
    expect(given.unit).toBe("ns");
    expect(given.raw.max).toBe(5000);
    expect(given.input.assumedUnit).toEqual({ unit: "us", source: "--unit" });
  });

  it("takes the unit from a column-name suffix", async () => {
    const document = json((await runCli(["--json"], { stdin: "latency_s\n1.5\n" })).stdout);
    expect(document.raw.max).toBe(1500);
  });

  it("-p replaces the percentile list, keyed as written", async () => {
    const document = json((await runCli([fixture("core/lognormal-1000.txt"), "-p", "50,95,99.9,99.999", "--json"])).stdout);
    expect(Object.keys(document.raw.percentiles)).toEqual(["50", "95", "99.9", "99.999"]);
  });

  it("prints no more digits than the histogram holds", async () => {
    const three = await runCli(["--out-unit", "ms"], { stdin: "1.23456\n" });
    expect(three.stdout).toMatch(/│ +1\.23 │/);
    const five = await runCli(["--sig-digits", "5", "--out-unit", "ms"], { stdin: "1.23456\n" });
    expect(five.stdout).toMatch(/│ +1\.2346 │/);
  });

  it("picks a readable unit unless --out-unit says otherwise", async () => {
    expect((await runCli([], { stdin: "2s\n3s\n" })).stdout).toMatch(/latencies in s/);
    expect((await runCli([], { stdin: "20us\n" })).stdout).toMatch(/latencies in us/);
    expect((await runCli(["--out-unit", "ns"], { stdin: "20us\n" })).stdout).toMatch(/latencies in ns/);
  });
});

describe("latstat report: outputs", () => {
  const input = fixture("core/lognormal-1000.txt");

  it("json is the documented schema 1 document", async () => {
    const document = json((await runCli([input, "--json"])).stdout);
    expect(document.schema).toBe(1);
    expect(document.unit).toBe("ms");
    expect(Object.keys(document.input)).toEqual(["files", "format", "assumedUnit", "approximate", "lines", "entries", "recorded", "skipped", "skippedByReason", "rejected", "rejectedByReason", "failed"]);
    expect(Object.keys(document.raw)).toEqual(["count", "min", "max", "mean", "stddev", "percentiles", "percentileDetails"]);
    expect(document.raw.count).toBe(1000);
    expect(document.input.recorded + document.input.skipped + document.input.rejected).toBe(document.input.lines);
  });

  it("-o json equals --json, and csv and markdown carry the same numbers", async () => {
    const a = await runCli([input, "-o", "json"]);
    const b = await runCli([input, "--json"]);
    expect(a.stdout).toBe(b.stdout);
    const csv = (await runCli([input, "-o", "csv"])).stdout.trim().split("\n");
    expect(csv[0]).toBe("input,count,min_ms,mean_ms,stddev_ms,p50_ms,p90_ms,p99_ms,p99.9_ms,p99.99_ms,max_ms,insufficient");
    const p50 = json(b.stdout).raw.percentiles["50"];
    expect(csv[1]!.split(",")[5]).toBe(String(p50));
    const markdown = (await runCli([input, "-o", "markdown"])).stdout;
    expect(markdown).toMatch(/^\| input \| count \| min \|/m);
    expect(markdown).toMatch(/^\| --- \| ---: \|/m);
  });

  it("uses no colour in pipes, with NO_COLOR, or with --no-color", async () => {
    for (const args of [[input], [input, "--no-color"]]) {
      // eslint-disable-next-line no-control-regex
      expect((await runCli(args, { env: { NO_COLOR: "" } })).stdout).not.toMatch(/\u001b\[/);
    }
  });
});

describe("latstat report: bad input", () => {
  it("a quoted pattern that names no file: the hint says the shell expands patterns", async () => {
    const result = await runCli([path.join(dir, "nothing-*.log")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`latstat: ${path.join(dir, "nothing-*.log")}: no such file (a pattern is expanded by the shell: leave it unquoted)\n`);
  });

  it("refuses lines ended by a carriage return alone (old Mac line endings), with the command that converts them", async () => {
    for (const flags of [[], ["-f", "csv"]]) {
      const result = await runCli([tempFile("mac.csv", "latency_ms\r10\r20\r30\r"), ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`latstat: ${path.join(dir, "mac.csv")}: its lines end in a carriage return alone (old Mac line endings) (convert them first: tr '\\r' '\\n' < FILE | latstat ...)\n`);
    }
    // A JSON document whose line breaks are CR alone: white space to JSON, read as it is.
    const report = readFileSync(fixture("formats/ghz/report.json"), "utf8");
    const crOnly = await runCli([tempFile("ghz-cr.json", report.replace(/\n/g, "\r")), "--json"]);
    expect(crOnly.code, crOnly.stderr).toBe(0);
    expect(json(crOnly.stdout).input.format).toBe("ghz");
    // CRLF is read as ever.
    expect(json((await runCli([tempFile("dos.csv", "latency_ms\r\n10\r\n20\r\n"), "--json"])).stdout).raw.count).toBe(2);
  });

  it("reads the others when some of the inputs are empty or blank (a log just rotated), and says so", async () => {
    const current = tempFile("rotated.log", "");
    const blank = tempFile("rotated.log.0", "\n \r\n");
    const older = tempFile("rotated.log.1", "1\n2\n3\n");
    const oldest = tempFile("rotated.log.2.gz", gzipSync("4\n5\n"));
    const emptyGzip = tempFile("rotated.log.3.gz", gzipSync(""));
    const result = await runCli([current, blank, older, oldest, emptyGzip, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    // Every input given is a file of the report, in the order given; the empty ones added no line.
    expect(json(result.stdout).input).toMatchObject({ files: [current, blank, older, oldest, emptyGzip], lines: 5, recorded: 5 });
    expect(result.stderr).toContain(`latstat: ${current}: the file is empty (or blank): nothing read from it\n`);
    expect(result.stderr).toContain(`latstat: ${blank}: the file is empty (or blank): nothing read from it\n`);
    expect(result.stderr).toContain(`latstat: ${emptyGzip}: the file is empty (or blank): nothing read from it\n`);
    // An empty pipe beside a file: left out too.
    const pipe = await runCli(["-", older, "--json"], { stdin: "" });
    expect(pipe.code, pipe.stderr).toBe(0);
    expect(json(pipe.stdout).input).toMatchObject({ lines: 3, recorded: 3 });
    expect(json(pipe.stdout).input.files).toEqual(["(stdin)", older]);
    expect(pipe.stderr).toContain("latstat: (stdin): the input is empty: nothing read from it\n");
    // With --per-file, each a row of no request: 1, 2, 3 and 4, 5 by hand.
    const perFile = json((await runCli([current, older, blank, oldest, "--json", "--per-file"])).stdout);
    expect(perFile.files.map((f: { name: string; count: number; min: number | null }) => [f.name, f.count, f.min])).toEqual([[current, 0, null], [older, 3, 1], [blank, 0, null], [oldest, 2, 4]]);
    // timeline and check say the same of what they read.
    const timeline = await runCli(["timeline", current, older, blank, "-o", "json"]);
    expect(timeline.code, timeline.stderr).toBe(0);
    expect(json(timeline.stdout).input).toMatchObject({ files: [current, older, blank], recorded: 3 });
    const check = await runCli(["check", older, blank, "--budget", "max < 1s", "--json"]);
    expect(check.code, check.stderr).toBe(0);
    expect(json(check.stdout).input).toMatchObject({ files: [older, blank], recorded: 3 });
    // Only empty inputs: nothing was read, an error as before.
    const none = await runCli([current, blank]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`latstat: ${current}: no values (the input is empty) (check the file or the command feeding it)\n`);
  });

  it("refuses a file given twice, under any name (a path of its own, a link, a hard link), and stdin given twice", async () => {
    const file = tempFile("twice.txt", "1\n2\n3\n");
    spawnSync("ln", ["-sf", file, path.join(dir, "twice-link.txt")]);
    spawnSync("ln", ["-f", file, path.join(dir, "twice-hard.txt")]);
    for (const [command, second] of [["report", path.join(dir, ".", "twice.txt")], ["check", path.join(dir, "twice-link.txt")], ["timeline", path.join(dir, "twice-hard.txt")], ["report", "-"]] as const) {
      const first = second === "-" ? "-" : file;
      const result = await runCli([command, first, second, ...(command === "check" ? ["--budget", "p99 < 1s"] : [])], { stdin: "1\n" });
      expect(result.code, command).toBe(2);
      expect(result.stdout).toBe("");
      const name = second === "-" ? "(stdin)" : second;
      expect(result.stderr).toBe(`latstat: ${name}: given twice, so its requests would be counted twice (name each input once)\n`);
    }
    // stdin and the file it reads.
    const both = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" - /dev/stdin < "${file}"`], { encoding: "utf8" });
    expect(both.status).toBe(2);
    expect(both.stderr).toBe("latstat: /dev/stdin: given twice, so its requests would be counted twice (name each input once)\n");
    // compare reads each side on its own: a log compared with itself is no repetition.
    expect((await runCli(["compare", file, file])).code).toBe(0);
  });

  it("rejects bad lines with reasons, prints the first five, and accounts for every line", async () => {
    const lines = ["1", "x1", "x2", "-1", "NaN", "1e99", "x3", "", "# c", "2"];
    const result = await runCli(["--json"], { stdin: lines.join("\n") + "\n" });
    expect(result.code).toBe(0);
    const document = json(result.stdout);
    expect(document.input).toMatchObject({ lines: 10, recorded: 2, skipped: 2, rejected: 6 });
    expect(document.input.rejectedByReason).toEqual({ "not a number": 3, negative: 1, "not finite": 1, "too large": 1 });
    const messages = result.stderr.trim().split("\n");
    expect(messages.slice(0, 5)).toEqual([
      "latstat: (stdin):2: not a number",
      "latstat: (stdin):3: not a number",
      "latstat: (stdin):4: negative",
      "latstat: (stdin):5: not finite",
      "latstat: (stdin):6: too large",
    ]);
    // Counted by reason on stderr too: not every output counts them (CSV, timeline).
    expect(messages[5]).toBe("latstat: … 1 more rejected line; all 6 by reason: not a number 3, negative 1, not finite 1, too large 1");
  });

  it("--strict makes the first bad line an error", async () => {
    const result = await runCli(["--strict"], { stdin: "1\nfoo\n2\n" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("latstat: (stdin):2: not a number (--strict stops at the first line that cannot be read)\n");
    expect(result.stdout).toBe("");
  });

  it("no values: the rejected lines, then one error line, exit 2", async () => {
    const result = await runCli(["-f", "plain"], { stdin: "x\ny\n" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      "latstat: (stdin):1: not a number",
      "latstat: (stdin):2: not a number",
      "latstat: no values: 2 lines read, none recorded (check --format, --column/--field and --unit; --debug explains)",
    ]);
  });

  it.each([
    ["empty stdin", [], "", /^latstat: \(stdin\): no values \(the input is empty\)/],
    ["missing file", ["/nonexistent/x.log"], "", /^latstat: \/nonexistent\/x\.log: no such file \(check the path\)$/],
    ["directory", ["fixtures"], "", /^latstat: fixtures: is a directory/],
    ["unknown format", ["-f", "xml"], "", /^latstat: option '-f, --format <name>' argument 'xml' is invalid/],
    ["bad sig digits", ["--sig-digits", "9"], "1\n", /^latstat: option '--sig-digits <n>' argument '9' is invalid\. must be an integer from 1 to 5/],
    ["bad unit", ["--unit", "weeks"], "1\n", /--unit <unit>' argument 'weeks' is invalid/],
    ["bad percentile", ["-p", "50,101"], "1\n", /"101" is not a percentile from 0 to 100/],
    ["hex percentile (Number() reads 50)", ["-p", "0x32"], "1\n", /"0x32" is not a percentile from 0 to 100/],
    ["exponent percentile", ["-p", "1e1"], "1\n", /"1e1" is not a percentile from 0 to 100/],
    ["unknown flag", ["--frobnicate"], "1\n", /^latstat: unknown option '--frobnicate' \(see latstat report --help\)$/],
    ["undetectable", [], "hello world\nfoo bar\n", /cannot tell the input format \(jsonl: .*\) \(name it with -f FORMAT/],
  ])("%s: one line, exit 2, no stack trace", async (_name, args, stdin, message) => {
    const result = await runCli(args, { stdin });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the offset of a truncated gzip and reports nothing as complete", async () => {
    const whole = gzipSync("12\n".repeat(50_000));
    const file = tempFile("cut.log.gz", whole.subarray(0, whole.length - 30));
    const result = await runCli([file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/cut\.log\.gz: truncated gzip data at compressed byte \d+/);
  });

  it("shows a stack trace only with --debug", async () => {
    const result = await runCli(["/nonexistent/x.log", "--debug"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it("ends quietly when stdout is closed early (| head -1)", () => {
    const big = tempFile("big.txt", "5\n".repeat(200_000));
    const result = spawnSync("bash", ["-c", `node ${BIN} ${big} --per-file -p 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20 -o csv | head -c 1; echo " status=\${PIPESTATUS[0]}"`], {
      encoding: "utf8",
    });
    expect(result.stdout).toMatch(/status=0/);
    expect(result.stderr).toBe("");
  });
});

describe("latstat: help, version, formats", () => {
  it("--help lists the exit codes", async () => {
    const program = await runCli(["--help"]);
    expect(program.code).toBe(0);
    expect(program.stdout).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+a check failed.*\n\s+2\s+usage or input error.*\n\s+130\s+interrupted by Ctrl-C/);
    // A report judges nothing: it ends 0, 2 or 130, never 1.
    expect((await runCli(["report", "--help"])).stdout).toMatch(/Exit codes:\n\s+0\s+the report was printed\n\s+2\s+usage or input error.*\n\s+130\s+interrupted by Ctrl-C/);
    // Commands that read inputs can be interrupted; listing formats cannot.
    for (const command of ["check", "compare", "plot", "timeline", "convert", "merge"]) expect((await runCli([command, "--help"])).stdout).toMatch(/\n\s+130\s+interrupted by Ctrl-C/);
    expect((await runCli(["formats", "--help"])).stdout).not.toMatch(/130/);
  });

  it("--version prints the package version", async () => {
    const version = JSON.parse(readFileSync(path.join(fixture(".."), "package.json"), "utf8")).version;
    expect((await runCli(["--version"])).stdout.trim()).toBe(version);
  });

  it("formats lists every format with an example", async () => {
    const result = await runCli(["formats"]);
    for (const name of ["plain", "csv", "tsv", "jsonl"]) expect(result.stdout).toMatch(new RegExp(`^${name}\\n  reads: `, "m"));
  });
});

mkdirSync(dir, { recursive: true });

describe("percentiles never beyond the exact max", () => {
  // vegeta's results: the largest latency of a successful request, read off the CSV (code 2xx/3xx, column 3, ns).
  const vegeta = fixture("formats", "vegeta", "results.csv");
  const maxNs = Math.max(
    ...readFileSync(vegeta, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(","))
      .filter((cells) => Number(cells[1]) >= 200 && Number(cells[1]) < 400)
      .map((cells) => Number(cells[2])),
  );

  it("shows p99.9 as the max in JSON, CSV and markdown, while -o hgrm keeps the histogram's buckets", async () => {
    expect(maxNs).toBe(22_843_069);
    const json = JSON.parse((await runCli([vegeta, "--json", "--out-unit", "ns"])).stdout);
    expect([json.raw.percentiles["99.9"], json.raw.max]).toEqual([maxNs, maxNs]);
    const csv = (await runCli([vegeta, "-o", "csv", "--out-unit", "ns"])).stdout.trim().split("\n");
    const row = Object.fromEntries(csv[0]!.split(",").map((name, i) => [name, csv[1]!.split(",")[i]]));
    expect([row["p99.9_ns"], row["max_ns"]]).toEqual([String(maxNs), String(maxNs)]);
    const markdown = (await runCli([vegeta, "-o", "markdown"])).stdout;
    expect(markdown).toMatch(/\| 22\.8\\\* \| 22\.8\\\* \| 22\.8 \|/);
    // The .hgrm is the histogram's own: its max is the top of the max's bucket, as HdrHistogram prints it.
    expect((await runCli([vegeta, "-o", "hgrm"])).stdout).toMatch(/#\[Max {5}= {7}22\.856,/);
  });
});

describe("--unit against the format or the column name", () => {
  it("warns that a format's own unit was kept, and reads the same numbers", async () => {
    const hey = fixture("formats", "hey", "c8-search.csv");
    const plain = await runCli([hey, "--json"]);
    const flagged = await runCli([hey, "--json", "--unit", "ms"]);
    expect(flagged.stderr).toContain(`latstat: ${hey}: warning: --unit ms ignored: hey writes latencies in s, read as s\n`);
    expect(JSON.parse(flagged.stdout).raw).toEqual(JSON.parse(plain.stdout).raw);
  });

  it("warns that --unit won over the column's or field's name, and says nothing when they agree", async () => {
    const csv = tempFile("unit-name.csv", "ts,latency_ms\n1,2\n2,4\n");
    const s = await runCli([csv, "--unit", "s", "--json", "--out-unit", "s"]);
    expect(s.stderr).toContain(`warning: --unit s contradicts the column name "latency_ms" (ms): read as s, as --unit says`);
    expect(JSON.parse(s.stdout).raw.max).toBe(4);
    expect((await runCli([csv, "--unit", "ms"])).stderr).not.toMatch(/warning: --unit/);
    const jsonl = tempFile("unit-name.jsonl", '{"duration_us": 1500}\n');
    expect((await runCli([jsonl, "--unit", "ms"])).stderr).toContain(`warning: --unit ms contradicts the field name "duration_us" (us): read as ms, as --unit says`);
  });
});

describe("inputs with units chosen differently", () => {
  it("names each input and its unit", async () => {
    const demo = fixture("demo.log");
    const k6 = fixture("formats", "k6", "small.json");
    const hey = fixture("formats", "hey", "c8-search.csv");
    expect((await runCli([demo, k6])).stdout.split("\n")[0]).toBe(`2 inputs, format csv+k6, latencies in ms (${demo} from column name, ${k6} by the format)`);
    expect((await runCli([demo, hey])).stdout.split("\n")[0]).toBe(`2 inputs, format csv+hey, units differ between inputs: ${demo} ms (from column name), ${hey} s (by the format)`);
  });
});

describe("one of a thing is singular", () => {
  it("says 1 line, 1 value, 1 sample", async () => {
    const one = await runCli(["-"], { stdin: "5\n" });
    expect(one.stdout).toContain("\n1 line: 1 recorded, 0 skipped, 0 rejected\n");
    const nothing = await runCli(["-", "-f", "plain"], { stdin: "# only a comment\n" });
    expect(nothing.stderr).toMatch(/no values: 1 line read, none recorded/);
    const check = await runCli(["check", "-", "--budget", "max < 1s"], { stdin: "5\n" });
    expect(check.stdout).toContain("judged on raw figures from 1 sample\n");
    const compare = await runCli(["compare", tempFile("one-a.log", "5\n"), tempFile("one-b.log", "6\n")]);
    expect(compare.stdout).toMatch(/one-a\.log: plain, 1 value\n/);
  });
});
