/**
 * Hostile input at the level of single units: each test pins down a bug that was found by fuzzing or by looking
 * (quadratic regexes, a stray quote swallowing the file, input text breaking one-line messages…).
 */
import { describe, expect, it } from "vitest";
import { escapeControls, InputError, quoted } from "../../src/base/errors.js";
import { parseStartTime } from "../../src/formats/time-fields.js";
import { parseLogLine } from "../../src/hlog/log-line.js";
import { parseLatency } from "../../src/base/units.js";
import { splitDelimited } from "../../src/formats/delimited-fields.js";
import { csvFormat } from "../../src/formats/delimited.js";
import { detectFormat } from "../../src/formats/detect.js";
import { jsonLinesFormat } from "../../src/formats/jsonl.js";
import { plainFormat } from "../../src/formats/plain.js";
import { FORMATS } from "../../src/formats/registry.js";
import type { DecodeOptions, SampleSink } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";
import { fuzzIngest } from "../helpers/fuzz.js";
import { FanOut } from "../../src/ingest/fan-out.js";
import { LatencyRecorder } from "../../src/core/recorder.js";
import { TimedSamples } from "../../src/core/timed-samples.js";
import { decodeLines } from "../helpers/decode.js";

function bucketsOf(recorder: LatencyRecorder): [number, number][] {
  const buckets: [number, number][] = [];
  recorder.counter.forEachBucket((index, count) => buckets.push([index, count]));
  return buckets;
}

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe("linear time on long runs of one character", () => {
  // Backtracking regexes took 3 s on 30,000 digits and would take hours on a 1 MiB line; linear code takes
  // well under a millisecond per 100,000 characters. The bound is loose for slow, shared CI machines.
  const LONG = 100_000;
  const BOUND_MS = 1_000;

  it.each([
    ["digits then a bad character", "1".repeat(LONG) + "!"],
    ["a number, spaces, a bad character", "1" + " ".repeat(LONG) + "!"],
    ["digits, a dot, digits, a bad character", "1".repeat(LONG / 2) + "." + "1".repeat(LONG / 2) + "!"],
    ["a number then a long unit", "1" + "m".repeat(LONG)],
  ])("parseLatency and plain sniffing: %s", (_name, text) => {
    expect(timed(() => expect(parseLatency(text, "ms").ok).toBe(false))).toBeLessThan(BOUND_MS);
    expect(timed(() => plainFormat.sniff([text]))).toBeLessThan(BOUND_MS);
    expect(timed(() => expect(parseStartTime(text)).toBeUndefined())).toBeLessThan(BOUND_MS);
  });

  it("hlog interval fields: a 10^5-digit number then a bad character (the hlog DECIMAL regex backtracked)", () => {
    for (const line of [`Tag=a,0.1,${"1".repeat(LONG)}\u00011.0,2.7,HISTFAAAA`, `${"1".repeat(LONG)}!,1,1,HISTFAAAA`, `0.1,1,${"2".repeat(LONG)}.${"3".repeat(LONG)}x,HISTFAAAA`]) {
      expect(timed(() => expect(parseLogLine(line).kind).toBe("rejected"))).toBeLessThan(BOUND_MS);
    }
  });

  it("a quoted CSV field over many lines is scanned once per line", () => {
    const within = ["note,latency", '"opens', ...Array.from({ length: 15 }, () => "x".repeat(1000)), 'closes",5'];
    let outcomes: ReturnType<typeof decodeLines> = [];
    expect(timed(() => (outcomes = decodeLines(csvFormat, within)))).toBeLessThan(BOUND_MS);
    expect(outcomes.at(-1)).toEqual({ value: 5e6 });
    expect(outcomes.filter((o) => "skip" in o)).toHaveLength(within.length - 1);
    // Past the limit the first line is rejected and the others read again, each once more at most.
    const beyond = ["note,latency", '"opens', ...Array.from({ length: 900 }, () => "x".repeat(60)), 'closes",5'];
    expect(timed(() => (outcomes = decodeLines(csvFormat, beyond)))).toBeLessThan(BOUND_MS);
    expect(outcomes[1]).toEqual({ reject: "unclosed quote" });
    expect(outcomes).toHaveLength(beyond.length);
  });

  it("splitting continues an open record where it stopped, as if the lines were joined", () => {
    const first = splitDelimited('a,"b', ",");
    expect(first).toEqual({ fields: ["a", "b"], open: true, textAfterQuote: false });
    const second = splitDelimited('c""d', ",", first.fields);
    expect(second).toEqual({ fields: ["a", 'b\nc"d'], open: true, textAfterQuote: false });
    expect(splitDelimited('e",f', ",", second.fields)).toEqual({ fields: ["a", 'b\nc"d\ne', "f"], open: false, textAfterQuote: false });
    expect(splitDelimited('a,"b\nc""d\ne",f', ",")).toEqual({ fields: ["a", 'b\nc"d\ne', "f"], open: false, textAfterQuote: false });
  });
});

describe("a spectrum row of a huge count is recorded in one step", () => {
  it.each([0, 1_000_000])("LatencyRecorder.repeated gives the counts of count × record (back-fill interval %d ns)", (interval) => {
    const one = new LatencyRecorder(3, interval);
    const many = new LatencyRecorder(3, interval);
    for (const [ns, count] of [[5_000_000, 3], [123_456, 1], [5_000_000, 0], [99_999_999, 7]] as const) {
      for (let i = 0; i < count; i++) one.record(ns);
      many.repeated(ns, count);
    }
    expect(many).toMatchObject({ count: one.count, syntheticCount: one.syntheticCount, minNs: one.minNs, maxNs: one.maxNs });
    expect(bucketsOf(many)).toEqual(bucketsOf(one));
  });

  it("2^53 − 1 requests of one value take no time through a fan-out; back-filled, past 2^53 − 1 values, they are refused at once", () => {
    const raw = new LatencyRecorder(3);
    const corrected = new LatencyRecorder(3, 1_000);
    const started = performance.now();
    new FanOut([raw, new TimedSamples()]).repeated(192_020_000, Number.MAX_SAFE_INTEGER);
    expect(() => corrected.repeated(192_020_000, Number.MAX_SAFE_INTEGER)).toThrow(/too many to count exactly/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(raw.count).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("tool formats: found by fuzzing them all", () => {
  it("a start time a decoder computed as Infinity is rejected as a bad start time, for every decoder", async () => {
    const ab = FORMATS.find((f) => f.name === "ab")!;
    const lines = ["starttime\tseconds\tctime\tdtime\tttime\twait", `Fri Nov 27 11:38:10 2026\t${"9".repeat(400)}\t0\t3\t3\t3`, "Fri Nov 27 11:38:10 2026\t1795779490\t0\t3\t3\t3"];
    const outcome = await fuzzIngest(ab, Buffer.from(lines.join("\n") + "\n"), [], {});
    expect(outcome.kind).toBe("read");
    if (outcome.kind !== "read") return;
    expect(outcome.result.accounting).toMatchObject({ recorded: 1, rejected: 1, rejectedByReason: { "bad start time": 1 } });
  });

  it("jtl: a headerless first line with tabs and no comma is a one-line error, not a stack overflow", async () => {
    const jtl = FORMATS.find((f) => f.name === "jtl")!;
    const outcome = await fuzzIngest(jtl, Buffer.from("a\tb\n"), [], {});
    expect(outcome.kind).toBe("refused");
    if (outcome.kind === "refused") expect(outcome.error.message).toMatch(/^fuzz\.log:1: a JTL file without a header must have one of JMeter's default column sets \(12, 14, 16 or 17 columns\), not 2$/);
  });
});

describe("csv: a stray quote", () => {
  it("at the end of the input: its first line is rejected and the lines after it are read", () => {
    const decoder = csvFormat.createDecoder({});
    expect(decodeLines(csvFormat, ["latency", "1", '"2', "3", "4"])).toEqual([{ skip: true }, { value: 1e6 }, { reject: "unclosed quote" }, { value: 3e6 }, { value: 4e6 }]);
    const lines = ["latency", '"2', "3"];
    const sink = collectingSink();
    lines.forEach((line, i) => decoder.line(line, sink, i + 1));
    decoder.end!(sink);
    expect(decoder.takeNotices().at(-1)).toBe('a quoted field is not closed within 20 lines or 16 KiB, or closes into a record that cannot be one (a stray "?): its first line is rejected as an unclosed quote and reading goes on after it');
  });

  it("gives up after 20 lines, rejects the first and reads on from the line after it", () => {
    const lines = ["latency", '"2', ...Array.from({ length: 1000 }, () => "3"), "4", "5"];
    const outcomes = decodeLines(csvFormat, lines);
    expect(outcomes.slice(0, 2)).toEqual([{ skip: true }, { reject: "unclosed quote" }]);
    expect(outcomes.filter((o) => "reject" in o)).toHaveLength(1);
    expect(outcomes.filter((o) => "value" in o)).toHaveLength(1002);
    expect(outcomes.slice(-2)).toEqual([{ value: 4e6 }, { value: 5e6 }]);
  });

  it("a quoted line break within the limit is one record, booked on its last line", () => {
    expect(decodeLines(csvFormat, ["latency,msg", '5,"two', 'lines"', "6,x"])).toEqual([{ skip: true }, { skip: true }, { value: 5e6 }, { value: 6e6 }]);
  });

  it("closed by a later quoted field, with text after the closing quote: the lines it ran over are records of their own", () => {
    // `2,"open` is the stray one; `5,"a"` closes it with `a"` after the quote. Read alone, every line but that is a record.
    const lines = ["latency_ms,message", "1,ok", '2,"open', "3,ok", "4,ok", '5,"a"', "6,ok"];
    expect(decodeLines(csvFormat, lines)).toEqual([{ skip: true }, { value: 1e6 }, { reject: "unclosed quote" }, { value: 3e6 }, { value: 4e6 }, { value: 5e6 }, { value: 6e6 }]);
  });

  it("closed by a later quote into more fields than the header: the same", () => {
    const lines = ["latency_ms,message", '2,"open', "3,x", '4,y",z'];
    expect(decodeLines(csvFormat, lines)).toEqual([{ skip: true }, { reject: "unclosed quote" }, { value: 3e6 }, { reject: "more fields than the header" }]);
  });

  it("a second stray quote after the first is found too", () => {
    const lines = ["latency,msg", '1,"a', ...Array.from({ length: 30 }, () => "2,b"), '3,"c', ...Array.from({ length: 30 }, () => "4,d")];
    const outcomes = decodeLines(csvFormat, lines);
    expect(outcomes.filter((o) => "reject" in o)).toEqual([{ reject: "unclosed quote" }, { reject: "unclosed quote" }]);
    expect(outcomes.filter((o) => "value" in o)).toHaveLength(60);
  });
});

describe("csv: duplicate header names", () => {
  it("uses the first column of that name and says so", () => {
    const decoder = csvFormat.createDecoder({});
    const values: number[] = [];
    const sink = collectingSink(values);
    for (const line of ["latency,status,latency", "5,200,7"]) decoder.line(line, sink);
    expect(values).toEqual([5e6]);
    expect(decoder.takeNotices()).toContain('the header has 2 columns named "latency" (columns 1, 3); using column 1 (choose another by number, e.g. --column 3)');
  });

  it("--column by name picks the first too; by number the one asked for, without a notice", () => {
    expect(decodeLines(csvFormat, ["t,t", "1,2"], { column: "t" })).toEqual([{ skip: true }, { value: 1e6 }]);
    const decoder = csvFormat.createDecoder({ column: "2" });
    const values: number[] = [];
    for (const line of ["t,t", "1,2"]) decoder.line(line, collectingSink(values));
    expect(values).toEqual([2e6]);
    expect(decoder.takeNotices()).toEqual([]);
  });
});

describe("detection", () => {
  it("JSON lines whose first key names a latency are JSON lines, not CSV split at their commas", () => {
    const lines = ['{"latency_ms":1,"path":"/a"}', '{"latency_ms":2,"path":"/b"}', '{"latency_ms":3,"path":"/c"}'];
    expect(detectFormat(lines, FORMATS).format?.name).toBe("jsonl");
    expect(detectFormat(['{"latency":1,"conn":{"toString":1}}'], FORMATS).format?.name).toBe("jsonl");
  });
});

describe("jsonl: keys from the input", () => {
  it("--per with an object value that defines toString keys it by its JSON", () => {
    const keys: (string | undefined)[] = [];
    const decoder = jsonLinesFormat.createDecoder({ key: "conn" });
    const sink = { ...collectingSink(), sample: (s: Sample) => keys.push(s.key) };
    decoder.line('{"latency":1,"conn":{"toString":1,"valueOf":2}}', sink);
    decoder.line('{"latency":1,"conn":7}', sink);
    decoder.line('{"latency":1}', sink);
    expect(keys).toEqual(['{"toString":1,"valueOf":2}', "7", ""]);
  });
});

describe("jsonl: no prototype pollution", () => {
  it("__proto__, constructor and prototype keys, through the real ingest path, leave Object.prototype alone", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const lines = [
      '{"__proto__":{"polluted":1,"latency":5},"latency":1,"conn":"a"}',
      '{"constructor":{"prototype":{"polluted":2}},"latency":2,"conn":{"__proto__":{"polluted":3}}}',
      '{"latency":3,"__proto__":null,"prototype":{"polluted":4}}',
      '{"latency":{"__proto__":{"toString":"x"}}}',
    ];
    const bytes = Buffer.from(lines.join("\n") + "\n");
    for (const decode of [{}, { field: "__proto__.latency" }, { field: "constructor.prototype.polluted" }, { field: "latency", key: "conn" }]) {
      const outcome = await fuzzIngest(jsonLinesFormat, bytes, [7, 50], decode as DecodeOptions);
      expect(outcome.kind).toBe("read");
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).latency).toBeUndefined();
  });
});

describe("numbers at the edges", () => {
  it.each([
    ["1e308", "too large"],
    ["1e309", "not finite"],
    ["NaN", "not finite"],
    ["-Infinity", "not finite"],
    ["-0.0000001", "negative"],
    ["-1", "negative"],
  ])("%s is rejected as %s", (text, reason) => {
    expect(parseLatency(text, "ms")).toEqual({ ok: false, reason });
  });

  it("-0 is a zero latency", () => {
    expect(parseLatency("-0", "ms")).toEqual({ ok: true, ns: 0 });
    expect(Object.is((parseLatency("-0", "ms") as { ns: number }).ns, 0)).toBe(true);
  });

  it("start times beyond ±3,000 years of the epoch are not times (they were Infinity or NaN gaps)", () => {
    expect(parseStartTime("1.7976931348623157e308", "ms")).toBeUndefined();
    expect(parseStartTime("1e300")).toBeUndefined();
    expect(parseStartTime("1762074000000", "ms")).toBe(1762074000000e6);
  });
});

describe("messages that quote the input stay one line", () => {
  it("InputError escapes control characters in the problem and the hint", () => {
    const error = new InputError("x.csv", 1, "no column looks like a latency (a\rb\nc\u001b[31m)", "columns:\u2028d");
    expect(error.message).toBe("x.csv:1: no column looks like a latency (a\\rb\\nc\\e[31m)");
    expect(error.hint).toBe("columns:\\u{2028}d");
  });

  it("quoted() cuts long text", () => {
    expect(quoted("x".repeat(500))).toHaveLength(120);
    expect(quoted("x".repeat(500)).endsWith("…")).toBe(true);
    expect(escapeControls("tab\there")).toBe("tab\\there");
  });

  it("a huge header is cut in the error", () => {
    expect(() => decodeLines(csvFormat, [Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",")])).toThrow(/^no column looks like a latency \(c0, c1, .{50,130}…\)$/);
  });
});

function collectingSink(values: number[] = []): SampleSink {
  return {
    value: (ns) => values.push(ns),
    values: (batch, count) => batch.subarray(0, count).forEach((ns) => values.push(ns)),
    sample: (s) => values.push(s.latencyNs),
    skip: () => {},
    reject: () => {},
  };
}
