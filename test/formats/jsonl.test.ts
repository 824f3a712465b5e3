import { describe, expect, it } from "vitest";
import { jsonLinesFormat } from "../../src/formats/jsonl.js";
import { decodeLines, decodeSamples } from "../helpers/decode.js";

describe("jsonl", () => {
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
    expect(decodeSamples(jsonLinesFormat, lines, { field: "ms", groupBy: ["req.path", "status"], session: "user" })).toEqual([
      { latencyNs: 1e6, groupValues: ["/a", "200"], session: "amy" },
      { latencyNs: 2e6, groupValues: ["", '{"code":5}'], session: "" },
    ]);
  });
});
