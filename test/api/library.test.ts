/**
 * The library (`import … from "latstat"`): typed documents equal to what the CLI's --json prints for the same input
 * and options, figures checked against exact order statistics computed here, inputs from files, streams and
 * (async) iterables of samples, errors as typed exceptions, notices as data, and nothing printed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AnalysisError, check, compare, InputError, type Notice, noticeText, report, UserError } from "../../src/api/index.js";
import { fixture, runCli } from "../helpers/run-cli.js";

const DEMO = fixture("demo.log");
const BASE = fixture("formats/hey/c8-search.csv");
const STALL = fixture("formats/hey/c8-search-stall.csv");
/** 1..1000 ms: the exact p50 is 500 ms and the p99 990 ms (nearest rank); HDR's are at most 0.1% above. */
const ONE_TO_1000 = Array.from({ length: 1000 }, (_, i) => i + 1);

/** The CLI's --json output, parsed; the run must end with `code`. */
async function cliJson(args: string[], code = 0): Promise<unknown> {
  const run = await runCli(args);
  expect(run.code, run.stderr).toBe(code);
  return JSON.parse(run.stdout);
}

/** Exact nearest-rank percentile of sorted values (HdrHistogram's definition before bucketing). */
function nearestRank(sorted: readonly number[], percentile: number): number {
  return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)]!;
}

/** A file of `text` in a fresh directory. */
function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "latstat-api-")), name);
  writeFileSync(file, text);
  return file;
}

describe("report", () => {
  it("of a file is the CLI's report --json of it", async () => {
    expect(await report([DEMO])).toEqual(await cliJson([DEMO, "--json"]));
  });

  it("with options is the CLI's with the same flags", async () => {
    const options = { percentiles: ["50", "99.5"], groupBy: ["endpoint"], correction: { kind: "expected-interval" as const, intervalNs: 10e6, after: false }, outUnit: "us" as const };
    const flags = ["-p", "50,99.5", "--group-by", "endpoint", "--expected-interval", "10ms", "--out-unit", "us"];
    expect(await report([DEMO], options)).toEqual(await cliJson([DEMO, "--json", ...flags]));
    expect(await report([DEMO, BASE], { perFile: true })).toEqual(await cliJson([DEMO, BASE, "--json", "--per-file"]));
  });

  it("names an empty or blank file among the inputs, as the CLI does, with nothing read from it", async () => {
    const blank = tempFile("rotated.log", " \n\n");
    const read = await report([blank, DEMO]);
    expect(read.input.files).toEqual([blank, DEMO]);
    expect(read.input.lines).toBe((await report([DEMO])).input.lines);
    expect(read).toEqual(await cliJson([blank, DEMO, "--json"]));
    expect((await check([DEMO, blank], ["p99 < 10s"])).input.files).toEqual([DEMO, blank]);
  });

  it("of a stream of a log's bytes, gzipped or not, is the report of the file under the stream's name", async () => {
    const fromFile = await report([DEMO]);
    const named = (document: typeof fromFile, name: string) => ({ ...document, input: { ...document.input, files: [name] } });
    expect(await report([{ name: "demo", stream: createReadStream(DEMO) }])).toEqual(named(fromFile, "demo"));
    expect(await report([{ stream: Readable.from([gzipSync(readFileSync(DEMO))]) }])).toEqual(named(fromFile, "(stream)"));
    // A web ReadableStream of text chunks.
    const text = readFileSync(DEMO, "utf8");
    const web = new ReadableStream<string>({
      start(controller) {
        for (let at = 0; at < text.length; at += 1000) controller.enqueue(text.slice(at, at + 1000));
        controller.close();
      },
    });
    expect(await report([{ name: "web", stream: web }])).toEqual(named(fromFile, "web"));
  });

  it("of samples has the exact count, min and max, and percentiles within HDR precision of the exact ones", async () => {
    // A skewed set with repeated values, in µs: 1..2000 µs and a tail of 50 at 250 ms.
    const samples = [...Array.from({ length: 2000 }, (_, i) => 2000 - i), ...Array.from({ length: 50 }, () => 250_000)];
    const sorted = [...samples].sort((a, b) => a - b);
    const document = await report([{ samples, unit: "us" }], { percentiles: ["50", "90", "99", "99.9"], outUnit: "us" });
    expect(document.raw.count).toBe(samples.length);
    expect(document.raw.min).toBe(1);
    expect(document.raw.max).toBe(250_000);
    expect(document.raw.mean).toBeCloseTo(samples.reduce((a, b) => a + b, 0) / samples.length, 0);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = nearestRank(sorted, p);
      const value = document.raw.percentiles[String(p)]!;
      // 3 significant digits: the highest value of the bucket holding the exact one, at most 1/1000 above it.
      expect(value, `p${p}`).toBeGreaterThanOrEqual(exact);
      expect(value, `p${p}`).toBeLessThanOrEqual(exact * 1.001 + 1e-3);
    }
  });

  it("of an async iterable of samples is the report of the array, and the CLI's of a file of the same lines", async () => {
    const samples = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 997) / 10);
    async function* slowly() {
      for (const sample of samples) {
        if (sample === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        yield sample;
      }
    }
    const fromArray = await report([{ name: "x", samples }]);
    expect(await report([{ name: "x", samples: slowly() }])).toEqual(fromArray);
    const file = tempFile("x", samples.map((s) => `${s}ms\n`).join(""));
    const cli = (await cliJson([file, "--json"])) as typeof fromArray;
    expect(fromArray).toEqual({ ...cli, input: { ...cli.input, files: ["x"] } });
  });

  it("counts a value that is no latency as a rejected line, numbered in the order given", async () => {
    const notices: Notice[] = [];
    const document = await report([{ samples: [1, -2, Number.NaN, 3, Infinity] }], { onNotice: (n) => notices.push(n) });
    expect(document.input).toMatchObject({ lines: 5, recorded: 2, rejected: 3 });
    expect(document.raw.count).toBe(2);
    expect(notices.filter((n) => n.kind === "rejected-line").map((n) => n.kind === "rejected-line" && n.line)).toEqual([2, 3, 5]);
  });
});

describe("check", () => {
  const samples = ONE_TO_1000;

  it("judges budgets over an array of samples against the exact figures", async () => {
    const document = await check([{ samples }], ["p99 < 995ms", "p50 < 400ms", "max <= 1s", "count >= 1000, count > 1000", "99% < 995ms"]);
    expect(document.passed).toBe(false);
    expect(document.budgets.map((b) => [b.expr, b.status])).toEqual([
      ["p99 < 995ms", "pass"],
      ["p50 < 400ms", "fail"],
      ["max <= 1s", "pass"],
      ["count >= 1000", "pass"],
      ["count > 1000", "fail"],
      ["99% < 995ms", "pass"],
    ]);
    const [p99, p50, max] = document.budgets;
    expect(p99!.actual).toBeGreaterThanOrEqual(990);
    expect(p99!.actual).toBeLessThanOrEqual(990 * 1.001);
    expect(p50!.actual).toBeGreaterThanOrEqual(500);
    expect(p50!.actual).toBeLessThanOrEqual(500 * 1.001);
    expect(max!.actual).toBe(1000);
    expect(document.tally).toEqual({ pass: 4, fail: 2, insufficient: 0 });
  });

  it("is the CLI's check --json of a file of the same samples", async () => {
    const file = tempFile("samples.txt", samples.map((s) => `${s}\n`).join(""));
    const budgets = ["p99 < 995ms", "p50 < 400ms", "99.9% < 2s"];
    const cli = (await cliJson([...["check", file, "--json", "--no-config"], ...budgets.flatMap((b) => ["--budget", b])], 1)) as Awaited<ReturnType<typeof check>>;
    expect(await check([{ name: file, samples }], budgets)).toEqual(cli);
    expect(await check([file], budgets)).toEqual(cli);
  });

  it("judges KEY=VALUE budgets on groups, as the CLI does", async () => {
    const budgets = ["endpoint=/api/users: p99 < 100ms", "p50 < 20ms"];
    const cli = await cliJson([...["check", DEMO, "--json", "--no-config", "--group-by", "endpoint"], ...budgets.flatMap((b) => ["--budget", b])]);
    expect(await check([DEMO], budgets, { groupBy: ["endpoint"] })).toEqual(cli);
  });
});

describe("compare", () => {
  it("of two files is the CLI's compare --json", async () => {
    const cli = await cliJson(["compare", BASE, STALL, "--json", "--fail-if", "p99.9 > +5ms", "--strict-gate", "-p", "50,99,99.9"], 1);
    const document = await compare(BASE, [STALL], { failIf: ["p99.9 > +5ms"], strictGate: true, percentiles: ["50", "99", "99.9"] });
    expect(document).toEqual(cli);
    expect(document.failed).toBe(true);
    expect(await compare(BASE, [STALL])).toEqual(await cliJson(["compare", BASE, STALL, "--json"]));
  });
});

describe("errors and notices", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are typed exceptions: the input's problems UserError or InputError, the figures' AnalysisError", async () => {
    await expect(report([fixture("no-such-file.log")])).rejects.toThrow(new UserError(`${fixture("no-such-file.log")}: no such file`, "check the path"));
    await expect(report([])).rejects.toBeInstanceOf(UserError);
    await expect(report(["-"])).rejects.toBeInstanceOf(UserError);
    await expect(report([DEMO], { format: "nonsense" })).rejects.toThrow(/format "nonsense" is not known/);
    await expect(check([{ samples: [1] }], ["p99 < 30xs"])).rejects.toThrow(/^budget "p99 < 30xs": unknown unit "xs" at column 9/);
    await expect(compare(BASE, [STALL], { failIf: ["p99 >"] })).rejects.toBeInstanceOf(UserError);

    const strict = report([{ name: "mine", samples: [1, 2, -3] }], { strict: true }).catch((e: unknown) => e);
    const error = await strict;
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: "mine", line: 3, message: "mine:3: negative" });

    const broken = new Error("connection reset");
    async function* failing() {
      yield "12\n13\n";
      throw broken;
    }
    await expect(report([{ stream: failing() }])).rejects.toBe(broken);
    await expect(report([{ samples: (async function* () { yield 1; throw broken; })() }])).rejects.toBe(broken);

    const empty = await report([{ samples: [] }]).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(AnalysisError);
    expect((empty as AnalysisError).problem.kind).toBe("no-values");
    // Requests that all failed are a verdict, as on the CLI: the failure budget fails.
    const down = await check([{ stream: Readable.from(["latency_ms,status\n", "5,503\n".repeat(20)]) }], ["failed < 1%"], { format: "csv" });
    expect(down).toMatchObject({ passed: false, samples: 0, budgets: [{ status: "fail", actual: 100, failed: 20 }] });
    const onRaw = await check([{ samples: ONE_TO_1000 }], ["p99 < 1s"], { on: "corrected" }).catch((e: unknown) => e);
    expect((onRaw as AnalysisError).problem).toEqual({ kind: "no-corrected-figures" });
  });

  it("an option the CLI would refuse is a UserError, not a result that means nothing or a TypeError", async () => {
    const samples = [{ samples: [1, 2, 3] }];
    const refused = async (run: () => Promise<unknown>) => {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      return (error as UserError).message;
    };
    expect(await refused(() => report(samples, { outUnit: "parsec" as never }))).toBe("outUnit parsec is not a unit");
    for (const intervalNs of [-5, 0, Number.NaN]) {
      expect(await refused(() => report(samples, { correction: { kind: "expected-interval", intervalNs, after: false } }))).toMatch(/^correction intervalNs .* is not a positive number of nanoseconds$/);
    }
    expect(await refused(() => report(samples, { correction: { kind: "bogus" } as never }))).toMatch(/is not one the library knows/);
    expect(await refused(() => report([{ samples: [1], unit: "xx" as never }]))).toBe("samples unit xx is not a unit");
    expect(await refused(() => report(samples, { percentiles: [50, 99] as never }))).toMatch(/^percentile 50 must be given as text/);
    expect(await refused(() => report([DEMO], { since: "2026-11-02T09:01:00Z" as never }))).toBe("since must be a Date, not string");
    expect(await refused(() => report([null as never]))).toBe("input null is none the library reads");
    expect(await refused(() => report(null as never))).toBe("the inputs must be a list");
    expect(await refused(() => report(DEMO as never))).toBe("the inputs must be a list");
    expect(await refused(() => compare(BASE, null as never))).toBe("no candidate to compare with the base");
    expect(await refused(() => compare(BASE, [STALL], { failuresAsNs: Number.NaN }))).toBe("failuresAsNs NaN is not a positive number of nanoseconds");
    expect(await refused(() => check(samples, "p99 < 5ms" as never))).toBe("the budgets must be a list");
    expect(await refused(() => report(samples, { status: 200 as never }))).toMatch(/^status must be text/);
    // Settings of the wrong type or value, as a caller in plain JavaScript may give them: refused as the CLI's parser
    // refuses the flags, naming the setting (not a TypeError from inside, nor ignored).
    expect(await refused(() => report([DEMO], { spanKind: "SERVER" as never }))).toBe('spanKind "SERVER" is not a kind of span');
    expect(await refused(() => report([DEMO], { groupBy: "endpoint" as never }))).toBe('groupBy must be a list of names, such as ["endpoint"]');
    expect(await refused(() => check([DEMO], ["p99 < 1s"], { groupBy: "endpoint" as never }))).toBe('groupBy must be a list of names, such as ["endpoint"]');
    expect(await refused(() => report([DEMO], { labels: "GET*" as never }))).toBe('labels must be a list of names, such as ["GET /api/*"]');
    expect(await refused(() => report([DEMO], { column: 5 as never }))).toBe("column must be text, not number");
    expect(await refused(() => report([DEMO], { includeErrors: "yes" as never }))).toBe("includeErrors must be true or false, not string");
    expect(await refused(() => report([DEMO], { signal: {} as never }))).toBe("signal must be an AbortSignal");
    expect(await refused(() => report([{ samples: 5 as never }]))).toMatch(/^samples must be an iterable of numbers/);
    expect(await refused(() => report([{ stream: "text" as never }]))).toBe("stream must be a readable stream or an async iterable of chunks");
    expect(await refused(() => check([DEMO], ["p99 < 1s"], { on: "cooked" as never }))).toBe('on "cooked" is not a basis');
    expect(await refused(() => compare([BASE] as never, [STALL]))).toBe("the base is one input, not a list");
  });

  it("a signal keeps every sample taken before it, not only whole blocks of them", async () => {
    for (const taken of [499, 4_999]) {
      const stop = new AbortController();
      async function* numbers() {
        for (let i = 1; ; i++) {
          if (i > taken) {
            stop.abort();
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          yield i / 10;
        }
      }
      const document = await report([{ samples: numbers() }], { signal: stop.signal });
      expect(document.partial).toBe(true);
      expect(document.raw.count).toBe(taken);
    }
  });

  it("check and compare stopped by a signal say partial: true, as report does (a passed verdict on part of a run is not a pass)", async () => {
    // 2,000 fast values, then the signal, then a slow tail that is never read: the p99 budget passes on what was read.
    const fastThenStop = (stop: AbortController) =>
      (async function* () {
        for (let i = 0; i < 2_000; i++) yield 1 + (i % 10) / 10;
        stop.abort();
        await new Promise((resolve) => setTimeout(resolve, 5));
        for (;;) yield 900;
      })();
    let stop = new AbortController();
    const checked = await check([{ samples: fastThenStop(stop) }], ["p99 < 100ms"], { signal: stop.signal });
    expect(checked.passed).toBe(true);
    expect(checked.partial).toBe(true);
    expect(Object.keys(checked).slice(0, 3)).toEqual(["schema", "partial", "unit"]);
    stop = new AbortController();
    const compared = await compare({ samples: ONE_TO_1000 }, [{ samples: fastThenStop(stop) }], { signal: stop.signal });
    expect(compared.partial).toBe(true);
    expect(compared.candidates[0]!.count).toBe(2_000);
    // Not stopped: no partial key, as the CLI's JSON.
    expect("partial" in (await check([{ samples: ONE_TO_1000 }], ["p99 < 2s"]))).toBe(false);
    expect("partial" in (await compare({ samples: ONE_TO_1000 }, [{ samples: ONE_TO_1000 }]))).toBe(false);
  });

  it("compare stopped before a candidate (or the base) was read throws, as report and check stopped before any value do, and does not return no candidates", async () => {
    const interrupted = async (run: () => Promise<unknown>) => {
      const error = await run().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AnalysisError);
      return (error as AnalysisError).problem;
    };
    const stopped = AbortSignal.abort();
    expect(await interrupted(() => report([{ samples: ONE_TO_1000 }], { signal: stopped }))).toMatchObject({ kind: "no-values", interrupted: true });
    expect(await interrupted(() => check([{ samples: ONE_TO_1000 }], ["p99 < 1s"], { signal: stopped }))).toMatchObject({ kind: "no-values", interrupted: true });
    // Before the base: it is the input not read.
    expect(await interrupted(() => compare({ name: "base", samples: ONE_TO_1000 }, [{ samples: ONE_TO_1000 }], { signal: stopped }))).toMatchObject({ kind: "no-values", interrupted: true, input: "base" });
    // The base read whole, the signal before the first candidate.
    const stop = new AbortController();
    const baseThenStop = function* () {
      yield* ONE_TO_1000;
      stop.abort();
    };
    const candidates = [{ name: "after", samples: ONE_TO_1000 }, { name: "later", samples: ONE_TO_1000 }];
    expect(await interrupted(() => compare({ samples: baseThenStop() }, candidates, { signal: stop.signal }))).toMatchObject({ kind: "no-values", interrupted: true, input: "after" });
  });

  it("go to onNotice as data, worded by noticeText as the CLI says them; nothing is printed", async () => {
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    const notices: Notice[] = [];
    await report([DEMO], { onNotice: (notice) => notices.push(notice) });
    await report([DEMO]);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    const cli = await runCli([DEMO, "--json"]);
    expect(notices.map((n) => `latstat: ${noticeText(n)}\n`).join("")).toBe(cli.stderr);
    expect(notices.map((n) => n.kind)).toContain("co-detected");
  });

  it("check: a group's budget judged 0 because its latencies are 0 comes as data naming the group apart from the input", async () => {
    const notices: Notice[] = [];
    // 30 requests of 0 ms to /static, 30 of 5 ms to /api.
    const rows = ["endpoint,latency_ms", ...Array.from({ length: 30 }, () => "/static,0"), ...Array.from({ length: 30 }, () => "/api,5")];
    const stream = Readable.from([Buffer.from(rows.join("\n") + "\n")]);
    await check([{ name: "mixed.csv", stream }], ["endpoint=/static: p50 < 1ms"], { onNotice: (notice) => notices.push(notice) });
    expect(notices.filter((n) => n.kind === "zero-latencies")).toEqual([{ kind: "zero-latencies", input: "mixed.csv", group: "endpoint=/static", zeros: 30, count: 30 }]);
  });
});
