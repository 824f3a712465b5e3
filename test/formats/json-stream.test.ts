import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonStream, JsonSyntaxError, MAX_CAPTURE_BYTES, type JsonStreamHandler, type PathKey, type Selection, type ValueKind } from "../../src/formats/json-stream.js";

interface Event {
  path: PathKey[];
  value?: unknown;
  oversized?: true;
  leave?: string;
  cut?: true;
  line: number;
}

/** Reads `text` cut at `cuts` with a handler that chooses by `choose`; returns what it was told, or the error. */
function read(text: string | Buffer, choose: (path: readonly PathKey[], kind: ValueKind) => Selection, cuts: number[] = [], told: { cuts?: true } = {}): { events: Event[]; cut: boolean } | { error: string; line: number } {
  const events: Event[] = [];
  const handler: JsonStreamHandler = {
    select: choose,
    value: (path, value, line) => events.push({ path: [...path], value, line }),
    oversized: (path, line) => events.push({ path: [...path], oversized: true, line }),
    leave: (path, kind) => events.push({ path: [...path], leave: kind, line: 0 }),
    ...(told.cuts ? { cut: (line: number) => events.push({ path: [], cut: true, line }) } : {}),
  };
  const stream = new JsonStream(handler);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  try {
    let previous = 0;
    for (const p of [...points, bytes.length]) {
      stream.push(bytes.subarray(previous, p));
      previous = p;
    }
    stream.end();
    return { events, cut: stream.inValue };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: error.message, line: error.lineNo };
    throw error;
  }
}

const captureTop = () => "capture" as const;

describe("JsonStream", () => {
  it("captures whole top-level values, one after another, whatever the chunks", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom("\n", " ", "\r\n"), (values, cuts, gap) => {
        // Integers of 16 digits or more are captured as text; keep them out of this comparison.
        const text = values.map((v) => JSON.stringify(v)).join(gap);
        fc.pre(!/\d{16}/.test(text));
        const result = read(text, captureTop, cuts);
        expect(result).toHaveProperty("events");
        if (!("events" in result)) return;
        expect(result.events.map((e) => e.value)).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
        expect(result.cut).toBe(false);
      }),
    );
  });

  it("enters the chosen containers and captures their members, with paths, lines and leave events", () => {
    const text = '{"data": [\n {"spans": [1, {"a": "x"}], "processes": {"p1": {}}},\n {"spans": []}\n], "total": 2}';
    const choose = (path: readonly PathKey[]): Selection => {
      if (path.length === 0 || (path.length === 1 && path[0] === "data") || (path.length === 2) || (path.length === 3 && path[2] === "spans")) return "enter";
      if (path.length === 4) return "capture";
      return path[2] === "processes" ? "capture" : "skip";
    };
    for (const cuts of [[], [1, 2, 3, 5, 8, 13, 21, 34, 55, 89], Array.from({ length: text.length }, (_, i) => i)]) {
      expect(read(text, choose, cuts)).toEqual({
        cut: false,
        events: [
          { path: ["data", 0, "spans", 0], value: 1, line: 2 },
          { path: ["data", 0, "spans", 1], value: { a: "x" }, line: 2 },
          { path: ["data", 0, "spans"], leave: "array", line: 0 },
          { path: ["data", 0, "processes"], value: { p1: {} }, line: 2 },
          { path: ["data", 0], leave: "object", line: 0 },
          { path: ["data", 1, "spans"], leave: "array", line: 0 },
          { path: ["data", 1], leave: "object", line: 0 },
          { path: ["data"], leave: "array", line: 0 },
          { path: [], leave: "object", line: 0 },
        ],
      });
    }
  });

  it("decodes escaped keys on the way down", () => {
    const result = read('{"sp\\u0061ns": [{"x": 1}]}', (path) => (path.length < 2 ? "enter" : "capture"));
    expect(result).toEqual({ cut: false, events: [{ path: ["spans", 0], value: { x: 1 }, line: 1 }, { path: ["spans"], leave: "array", line: 0 }, { path: [], leave: "object", line: 0 }] });
  });

  it("keeps every digit of 16-digit and longer integers, as text", () => {
    const text = '{"start":"1544712660000000000","end":1544712661000000123,"us":1485467191639875,"small":123,"neg":-9007199254740993,"f":1544712661000000123.5}';
    const result = read(text, captureTop, [20, 40]);
    expect(result).toEqual({
      cut: false,
      events: [{ path: [], value: { start: "1544712660000000000", end: "1544712661000000123", us: "1485467191639875", small: 123, neg: "-9007199254740993", f: 1544712661000000123.5 }, line: 1 }],
    });
  });

  it("says when the input ends inside a value", () => {
    expect(read('{"a": [1, 2', captureTop)).toMatchObject({ cut: true, events: [] });
    expect(read('[1, 2] {"a"', captureTop)).toMatchObject({ cut: true, events: [{ value: [1, 2] }] });
    expect(read("[1, 2]\n", captureTop)).toMatchObject({ cut: false });
    expect(read("12", captureTop, [1])).toMatchObject({ cut: false, events: [{ value: 12 }] });
  });

  it("skips a byte-order mark at the start only", () => {
    expect(read(Buffer.from("\uFEFF[1]"), captureTop, [1, 2])).toMatchObject({ events: [{ value: [1] }] });
    expect(read(Buffer.from("[1]\uFEFF"), captureTop)).toMatchObject({ error: expect.stringMatching(/^invalid JSON: byte 0xef where a value should be$/) });
  });

  it("refuses what JSON.parse refuses, with the line", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(fc.nat(), { maxLength: 4 }), (text, cuts) => {
        let valid: boolean;
        try {
          JSON.parse(text);
          valid = true;
        } catch {
          valid = false;
        }
        const result = read(text, captureTop, cuts);
        // A text that is only whitespace holds no value: not an error, nothing read.
        if (valid || text.trim() === "") expect(result).toMatchObject({ cut: false });
        // Several top-level values one after another are a sequence, which JSON.parse does not read.
        else expect("error" in result || result.cut || result.events.length > 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(read('{"a": 1,\n "b" 2}', captureTop)).toEqual({ error: "invalid JSON: '2' where a colon after the key should be", line: 2 });
    expect(read('["a\nb"]', (p) => (p.length === 0 ? "enter" : "skip"))).toEqual({ error: "invalid JSON: a line break inside a string", line: 1 });
    expect(read("[1,]", captureTop)).toMatchObject({ error: "invalid JSON: ']' where a value should be" });
    expect(read("[01]", captureTop)).toMatchObject({ error: "invalid JSON: '1' where the end of a number should be" });
    expect(read('{"a":tru}', captureTop)).toMatchObject({ error: "invalid JSON: 't' where a value should be" });
  });

  it("does not keep a captured value larger than the limit", () => {
    const big = `[${JSON.stringify("x".repeat(MAX_CAPTURE_BYTES))}, {"ok": 1}]`;
    const result = read(big, (path) => (path.length === 0 ? "enter" : "capture"), [1000, 5_000_000]);
    expect(result).toEqual({ cut: false, events: [{ path: [0], oversized: true, line: 1 }, { path: [1], value: { ok: 1 }, line: 1 }, { path: [], leave: "array", line: 0 }] });
  });

  it("refuses nesting deeper than 512 levels", () => {
    expect(read("[".repeat(600), captureTop)).toMatchObject({ error: "invalid JSON: nested deeper than 512 levels" });
  });

  describe("documents one per line, one cut short", () => {
    const whole = (i: number) => JSON.stringify({ resourceSpans: [{ spans: [{ name: `s${i}`, n: i, ok: true }, { name: `t${i}`, note: 'said "hi"' }] }] });
    const spansOf = (path: readonly PathKey[]): Selection => (path.length === 4 ? "capture" : path.length === 0 || path[0] === "resourceSpans" ? "enter" : "skip");
    const cut = whole(3);
    // Cut inside the first span: after a comma, in a string, in a number, in a literal; after the first span, in the
    // array (where the next line's "{" would be a valid member); in an escape.
    const ends = [cut.indexOf('"n":'), cut.indexOf('s3"') + 1, cut.indexOf("3,") + 1, cut.indexOf("true") + 2, cut.indexOf("},{") + 2, cut.indexOf('\\"hi') + 1];

    it.each(ends)("a document cut at byte %i is told as cut on its line, and the lines after it read", (end) => {
      const lines = [whole(1), whole(2), cut.slice(0, end), whole(4), whole(5)];
      for (const splits of [[], [lines.slice(0, 3).join("\n").length, 7, 3 * 41]]) {
        const result = read(lines.join("\n") + "\n", spansOf, splits, { cuts: true });
        expect(result).toHaveProperty("events");
        if (!("events" in result)) return;
        const told = result.events.filter((e) => e.value !== undefined || e.cut).map((e) => (e.cut ? `cut ${e.line}` : `${(e.value as { name: string }).name} ${e.line}`));
        const firstDone = end > cut.indexOf("},{");
        expect(told).toEqual(["s1 1", "t1 1", "s2 2", "t2 2", ...(firstDone ? ["s3 3"] : []), "cut 3", "s4 4", "t4 4", "s5 5", "t5 5"]);
        expect(result.cut).toBe(false);
      }
    });

    it("without cut in the handler, or in a pretty-printed document, a line break is what it always was", () => {
      const afterComma = (i: number) => whole(i).slice(0, whole(i).indexOf('"n":'));
      const lines = [whole(1), afterComma(2), whole(4)];
      expect(read(lines.join("\n"), spansOf)).toEqual({ error: "invalid JSON: '{' where a key in quotes should be", line: 3 });
      const pretty = JSON.stringify(JSON.parse(whole(1)), null, 2);
      const result = read(`${pretty}\n${pretty}`, spansOf, [], { cuts: true });
      expect("events" in result && result.events.filter((e) => e.cut)).toEqual([]);
      // The first document decides: cut short, there is no layout yet to tell a cut from a document over lines.
      expect(read([afterComma(1), whole(2)].join("\n"), spansOf, [], { cuts: true })).toEqual({ error: "invalid JSON: '{' where a key in quotes should be", line: 2 });
    });
  });
});
