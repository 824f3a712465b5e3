import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonLinesFormat } from "../../src/formats/jsonl.js";
import { decodeLines, decodeSamples } from "../helpers/decode.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { runCli } from "../helpers/run-cli.js";

describe("jsonl", () => {
  it("reads nginx's JSON access log (log_format escape=json) in seconds, as nginx writes $request_time", () => {
    const line = (rt: string) => JSON.stringify({ time_local: "05/Dec/2026:18:41:00 +0000", remote_addr: "10.0.0.1", request: "GET / HTTP/1.1", status: "200", request_time: rt });
    expect(decodeLines(jsonLinesFormat, [line("1.500"), line("0.004")])).toEqual([{ value: 1.5e9 }, { value: 4e6 }]);
    // --unit still decides, and a field of that name without nginx's others is no nginx log: the default unit.
    expect(decodeLines(jsonLinesFormat, [line("1.500")], { unit: "ms" })).toEqual([{ value: 1.5e6 }]);
    expect(decodeLines(jsonLinesFormat, [JSON.stringify({ request_time: 12 })])).toEqual([{ value: 12e6 }]);
    // Named with --field too, the upstream times as well.
    const upstream = JSON.stringify({ remote_addr: "10.0.0.1", upstream_response_time: "0.250" });
    expect(decodeLines(jsonLinesFormat, [line("1.500")], { field: "request_time" })).toEqual([{ value: 1.5e9 }]);
    expect(decodeLines(jsonLinesFormat, [upstream], { field: "upstream_response_time" })).toEqual([{ value: 0.25e9 }]);
    // One time per upstream tried, as nginx writes them: summed; "-" (none asked) left out. No upstream at all ("-",
    // or "" as escape=json writes an unset variable): skipped, as the text reader skips it.
    const tried = (times: string) => JSON.stringify({ remote_addr: "10.0.0.1", upstream_response_time: times });
    expect(decodeLines(jsonLinesFormat, [tried("0.100, 0.200"), tried("0.500 : 1.000"), tried("-, 0.050"), tried("-"), tried("")], { field: "upstream_response_time" })).toEqual([
      { value: 0.3e9 },
      { value: 1.5e9 },
      { value: 0.05e9 },
      { skip: true },
      { skip: true },
    ]);
    // A log of upstream times alone: found by name too.
    expect(decodeLines(jsonLinesFormat, [upstream])).toEqual([{ value: 0.25e9 }]);
  });

  it("reads a field named after nginx's timings in seconds, whatever else the record holds, unless the value is a whole number", async () => {
    // log_format json escape=json '{"timestamp":"$time_iso8601",…,"request_time":$request_time}': the other fields
    // named freely. nginx writes $request_time as seconds with three decimals.
    const minimal = JSON.stringify({ timestamp: "2026-12-05T08:00:05+00:00", client: "10.0.0.1", method: "GET", path: "/a", status: 200 }).slice(0, -1) + ',"request_time":0.050}';
    const decoder = jsonLinesFormat.createDecoder({});
    expect(decodeLines(jsonLinesFormat, [minimal])).toEqual([{ value: 50e6 }]);
    decoder.line(minimal, { value: () => {}, values: () => {}, sample: () => {}, skip: () => {}, reject: () => {} }, 1);
    expect(decoder.unitChoice()).toEqual({ unit: "s", source: "field name" });
    expect(decoder.takeNotices()).toContain('field "request_time" is nginx\'s $request_time: read in seconds, as nginx writes it (--unit overrides)');
    const multi = ['{"time":"2026-12-05T08:00:05+00:00","status":200,"request_time":0.050,"upstream_response_time":"0.020"}'];
    expect(decodeLines(jsonLinesFormat, multi)).toEqual([{ value: 50e6 }]);
    expect(decodeLines(jsonLinesFormat, multi, { field: "upstream_response_time" })).toEqual([{ value: 20e6 }]);
    // --unit decides the unit.
    expect(decodeLines(jsonLinesFormat, [minimal], { unit: "ms" })).toEqual([{ value: 0.05e6 }]);
    // nginx writes 0.000, which JSON.parse makes 0: the value is judged as written.
    expect(decodeLines(jsonLinesFormat, ['{"request_time":0.000}', '{"request_time":1.500}'])).toEqual([{ value: 0 }, { value: 1.5e9 }]);
    // A whole number is not nginx's (an application's ms, Apache's %D in µs): the unit stays unknown (ms assumed).
    const apache = jsonLinesFormat.createDecoder({});
    const values: number[] = [];
    apache.line('{"request_time":"3442"}', { value: (ns) => values.push(ns), values: () => {}, sample: (s) => values.push(s.latencyNs), skip: () => {}, reject: () => {} }, 1);
    expect(values).toEqual([3442e6]);
    expect(apache.unitChoice()).toEqual({ unit: "ms", source: "default" });
    expect(apache.takeNotices()).toContain('field "request_time" holds a whole number (3442), and nginx writes $request_time with three decimals: not read as nginx\'s seconds');
    // The report's header says where the unit came from.
    const header = await runCli(["-", "-p", "50"], { stdin: minimal + "\n" });
    expect(header.stdout).toContain("(stdin), format jsonl, unsuffixed numbers read as s (from field name)");
    expect(header.stdout).toMatch(/│ \(stdin\) +│ +1 │ +50\.0 │/);
  });

  it("sums nginx's list of upstream times in a field named after one, whatever else the record holds", () => {
    // nginx writes one time per upstream tried: ", " between retries on other servers, " : " across internal
    // redirects (ngx_http_upstream_module); the text log's reader sums them, leaving out "-" (not asked).
    const lines = [
      '{"time":"2026-12-05T08:00:05+00:00","status":200,"request_time":0.050,"upstream_response_time":"0.004, 0.010"}',
      '{"time":"2026-12-05T08:00:06+00:00","status":200,"request_time":0.050,"upstream_response_time":"0.004 : 0.010"}',
      '{"time":"2026-12-05T08:00:07+00:00","status":200,"request_time":0.050,"upstream_response_time":"0.020"}',
      '{"time":"2026-12-05T08:00:08+00:00","status":200,"request_time":0.050,"upstream_response_time":"-, 0.006"}',
      '{"time":"2026-12-05T08:00:09+00:00","status":200,"request_time":0.050,"upstream_response_time":"0.004, x"}',
    ];
    expect(decodeLines(jsonLinesFormat, lines, { field: "upstream_response_time" })).toEqual([{ value: 14e6 }, { value: 14e6 }, { value: 20e6 }, { value: 6e6 }, { reject: "not a number" }]);
    // With --unit the list is still nginx's.
    expect(decodeLines(jsonLinesFormat, lines.slice(0, 1), { field: "upstream_response_time", unit: "ms" })).toEqual([{ value: 14e3 }]);
  });

  it("starts an nginx request at its log-write time less its latency, as the text log's reader does", async () => {
    // $msec, $time_iso8601 and $time_local are when nginx wrote the line, the request's end (ngx_http_log_module).
    // To the second ($time_iso8601, $time_local), a 2.7 s request written at 10:00:05+02:00 (08:00:05Z) started in
    // second 08:00:02, a 0.1 s one in 08:00:05; $msec is to the ms: 1796450405.400 − 2.5 s = 1796450402.900.
    const iso = (rt: string) => `{"time":"2026-12-05T10:00:05+02:00","status":200,"request_time":${rt}}`;
    const clf = (rt: string) => `{"time_local":"05/Dec/2026:10:00:05 +0200","status":"200","request_time":"${rt}"}`;
    const msec = (t: string, rt: string) => `{"time":"2026-12-05T06:00:05+00:00","msec":${t},"status":200,"request_time":${rt}}`;
    const starts = (lines: string[]) => decodeSamples(jsonLinesFormat, lines).map((s) => s.startNs);
    expect(starts([iso("2.700"), iso("0.100")])).toEqual([Date.UTC(2026, 11, 5, 8, 0, 2) * 1e6, Date.UTC(2026, 11, 5, 8, 0, 5) * 1e6]);
    expect(starts([clf("2.700"), clf("0.100")])).toEqual([Date.UTC(2026, 11, 5, 8, 0, 2) * 1e6, Date.UTC(2026, 11, 5, 8, 0, 5) * 1e6]);
    // $msec is preferred to the whole second (as in the text log), written as a string or as a number.
    const [quoted, number, whole] = starts([msec('"1796450405.400"', "2.500"), msec("1796450405.400", "2.500"), msec("1796450405.000", "0.050")]);
    expect(Math.round(quoted! / 1e6)).toBe(1796450402900);
    expect(Math.round(number! / 1e6)).toBe(1796450402900);
    expect(Math.round(whole! / 1e6)).toBe(1796450404950);
    // The byte path gives the same.
    const bytes = Buffer.from([iso("0.100"), iso("2.700"), clf("2.700"), msec("1796450405.400", "2.500"), msec('"1796450405.000"', "0.050")].join("\n") + "\n");
    for (const options of [{}, { time: "time" }, { time: "msec" }, { time: "time_local" }]) {
      expect(decodeBytes(jsonLinesFormat, bytes, options, true)).toEqual(decodeBytes(jsonLinesFormat, bytes, options, false));
    }
    // Another JSON log's time stays the request's start.
    expect(decodeSamples(jsonLinesFormat, ['{"time":"2026-12-05T08:00:05Z","latency_ms":2700}'])[0]!.startNs).toBe(Date.UTC(2026, 11, 5, 8, 0, 5) * 1e6);
    // --since sees the start: the 2.7 s request started before 08:00:03Z.
    const since = await runCli(["-", "--since", "2026-12-05T08:00:03Z", "--json"], { stdin: [iso("2.700"), iso("0.100")].join("\n") + "\n" });
    expect(JSON.parse(since.stdout).input.skippedByReason).toEqual({ "--since/--until": 1 });
  });

  it("reads a nested --field, numbers and strings with units", () => {
    const lines = ['{"t":{"total":12}}', '{"t":{"total":"3.5s"}}', '{"t":{}}', "not json", "[1]", ""];
    expect(decodeLines(jsonLinesFormat, lines, { field: "t.total" })).toEqual([
      { value: 12e6 },
      { value: 3.5e9 },
      { reject: "missing field" },
      { reject: "invalid JSON" },
      { reject: "not a JSON object" },
      { skip: true },
    ]);
  });

  it("auto-picks a latency-like key and its unit from the name", () => {
    const decoder = jsonLinesFormat.createDecoder({});
    const values: number[] = [];
    decoder.line('{"path":"/a","duration_ns":1500}', { value: (ns) => values.push(ns), values: () => {}, sample: () => {}, skip: () => {}, reject: () => {} });
    expect(values).toEqual([1500]);
    expect(decoder.unitChoice()).toEqual({ unit: "ns", source: "field name" });
  });

  it("treats __proto__ and constructor as plain keys", () => {
    const lines = ['{"__proto__":{"polluted":1},"latency":2}', '{"constructor":{"prototype":{"x":1}},"latency":3}'];
    expect(decodeLines(jsonLinesFormat, lines)).toEqual([{ value: 2e6 }, { value: 3e6 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decodeLines(jsonLinesFormat, ['{"latency":1}'], { field: "__proto__" })).toEqual([{ reject: "missing field" }]);
    expect(decodeLines(jsonLinesFormat, ['{"latency":1}'], { field: "constructor" })).toEqual([{ reject: "missing field" }]);
  });

  it("captures --group-by and --session fields: text as is, numbers as written, objects as JSON, \"\" when absent", () => {
    const lines = ['{"ms":1,"req":{"path":"/a"},"status":200,"user":"amy"}', '{"ms":2,"req":{},"status":{"code":5},"user":null}'];
    expect(decodeSamples(jsonLinesFormat, lines, { field: "ms", groupBy: ["req.path", "status"], session: "user", noStatusColumn: true })).toEqual([
      { latencyNs: 1e6, groupValues: ["/a", "200"], session: "amy" },
      { latencyNs: 2e6, groupValues: ["", '{"code":5}'], session: "" },
    ]);
  });
});

/** JSON values as text: mostly what logs hold, with escapes, odd numbers and nesting mixed in. */
const scalar = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^(0|[1-9]\d{0,16})(\.\d{1,4})?$/) },
  fc.constantFrom("-3", "1e3", "1.5E-2", "-0", "01", "1.", ".5", "true", "false", "null", "nul", "12ms"),
  fc.constantFrom('"12.5ms"', '"2026-11-02T09:00:00Z"', '"1730538000"', '"a\\u0026b"', '"q\\"x"', '"bad\\q"', '"µs"', '"x\ty"', '""'),
);
const key = fc.constantFrom("latency", "latency_ms", "ts", "key", "data", "value", "time", "other", "lat\\u0065ncy", "__proto__");
const space = fc.constantFrom("", "", " ", "\t", "\r");
const member = (value: fc.Arbitrary<string>) => fc.tuple(key, space, value, space).map(([k, a, v, b]) => `"${k}"${a}:${b}${v}`);
const object = (value: fc.Arbitrary<string>) => fc.array(member(value), { maxLength: 5 }).map((members) => `{${members.join(",")}}`);
const nested = object(fc.oneof({ weight: 4, arbitrary: scalar }, object(scalar), fc.array(scalar, { maxLength: 3 }).map((items) => `[${items.join(",")}]`)));
const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(space, nested, space).map((parts) => parts.join("")) },
  fc.tuple(nested, fc.nat(40), fc.constantFrom("", "x", "}", ",", "\0", "\"")).map(([text, at, insert]) => text.slice(0, at) + insert + text.slice(at)),
  fc.constantFrom("", "# comment", "[1]", "not json", '{"latency":1}'),
);

describe("jsonl block fast path", () => {
  it("gives exactly what the line path gives, wherever the chunks are cut", () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 25 }),
        fc.record({
          field: fc.constantFrom(undefined, "latency", "data.value"),
          time: fc.constantFrom(undefined, "ts", "data.time"),
          key: fc.constantFrom(undefined, "key"),
          unit: fc.constantFrom(undefined, "us" as const),
          groupBy: fc.constantFrom(undefined, ["other"], ["data.time", "key"]),
          session: fc.constantFrom(undefined, "value"),
        }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(3000), { maxLength: 4 }),
        (lines, options, eol, cuts) => {
          const bytes = Buffer.from(['{"latency":5}', ...lines].join(eol) + eol);
          expect(decodeBytes(jsonLinesFormat, bytes, options, true, cuts)).toEqual(decodeBytes(jsonLinesFormat, bytes, options, false, cuts));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("reads simple records on the fast path", () => {
    const bytes = Buffer.from('{"latency":5}\n{"ts":"2026-11-02T09:00:00Z","data":{"value":12.5},"key":"a"}\n');
    const outcomes = decodeBytes(jsonLinesFormat, bytes, { field: "data.value", time: "ts", key: "key" }, true);
    expect(outcomes[1]).toEqual({ sample: { latencyNs: 12.5e6, startNs: Date.parse("2026-11-02T09:00:00Z") * 1e6, key: "a" } });
  });
});
