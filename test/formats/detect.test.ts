import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/detect.js";
import { FORMATS } from "../../src/formats/registry.js";

const detect = (lines: string[]) => detectFormat(lines, FORMATS).format?.name;

describe("detectFormat", () => {
  it.each([
    [["12", "3.5ms", "# c", "7"], "plain"],
    [["ts,latency_ms", "1,2", "2,3"], "csv"],
    [["ts\tlatency_ms", "1\t2"], "tsv"],
    [['{"latency":1}', '{"latency":2}'], "jsonl"],
  ])("%j is %s", (lines, name) => {
    expect(detect(lines)).toBe(name);
  });

  it("explains every score", () => {
    const detection = detectFormat(["hello world"], FORMATS);
    expect(detection.format).toBeUndefined();
    expect(detection.scores.map((s) => s.name).sort()).toEqual(FORMATS.map((f) => f.name).sort());
    for (const s of detection.scores) expect(s.why).not.toBe("");
  });
});
