import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/detect.js";
import { hlogFormat } from "../../src/formats/hlog.js";
import { FORMATS } from "../../src/formats/registry.js";
import { createHistogram } from "../../src/core/histogram.js";
import { encodeHistogramV2 } from "../../src/hlog/encode.js";
import { decodeLines } from "../helpers/decode.js";

function histogramOf(...values: number[]): string {
  const histogram = createHistogram(3);
  for (const value of values) histogram.recordValue(value);
  return encodeHistogramV2(histogram);
}

const H1 = histogramOf(1_000_000, 2_000_000);
const H2 = histogramOf(5_000_000);
const LOG = [
  "#[Logged with a test]",
  "#[Histogram log format version 1.3]",
  "#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]",
  "#[BaseTime: 1700000000.000 (seconds since epoch)]",
  '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  `0.000,1.000,2.000,${H1}`,
  `Tag=db,0.000,1.000,5.000,${H2}`,
  `1.000,1.000,2.000,${H1}`,
  `2.000,1.000,2.000,${H1}`,
  `1.500,1.000,2.000,${H1}`,
];

describe("hlog format", () => {
  it("is detected by its headers, its legend, or interval lines alone, over every other format", () => {
    expect(detectFormat(LOG, FORMATS).format?.name).toBe("hlog");
    expect(detectFormat(LOG.slice(4), FORMATS).format?.name).toBe("hlog");
    expect(detectFormat(LOG.slice(5), FORMATS).format?.name).toBe("hlog");
    expect(hlogFormat.sniff(["12.5", "13"]).score).toBe(0);
  });

  it("hands each untagged interval to the sink as a whole histogram, and skips headers and other tags", () => {
    const outcomes = decodeLines(hlogFormat, LOG);
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill({ skip: true }));
    expect(outcomes[5]).toEqual({ histogram: { count: 2, startSec: 1700000000, lengthSec: 1, logStartSec: 1700000000 } });
    expect(outcomes[6]).toEqual({ skip: true });
    expect(outcomes.filter((o) => "histogram" in o)).toHaveLength(4);
  });

  it("--tag reads one tag, --all-tags every interval", () => {
    const tagged = decodeLines(hlogFormat, LOG, { hlog: { tag: "db" } });
    expect(tagged.filter((o) => "histogram" in o)).toEqual([{ histogram: { count: 1, startSec: 1700000000, lengthSec: 1, logStartSec: 1700000000, tag: "db" } }]);
    expect(decodeLines(hlogFormat, LOG, { hlog: { allTags: true } }).filter((o) => "histogram" in o)).toHaveLength(5);
  });

  it("--start skips earlier intervals; the first one past --end ends the reading, as in Java", () => {
    const starts = (outcomes: ReturnType<typeof decodeLines>) => outcomes.flatMap((o) => ("histogram" in o ? [o.histogram.startSec - 1700000000] : []));
    expect(starts(decodeLines(hlogFormat, LOG, { hlog: { startSec: 1 } }))).toEqual([1, 2, 1.5]);
    // 2.000 is past the end, so the 1.500 line after it is not read either.
    expect(starts(decodeLines(hlogFormat, LOG, { hlog: { endSec: 1.6 } }))).toEqual([0, 1]);
  });

  it("says why nothing was read when the selection keeps no interval", () => {
    const decoder = hlogFormat.createDecoder({ hlog: { tag: "web", endSec: 9 } });
    const sink = { value() {}, values() {}, sample() {}, intervalHistogram() {}, skip() {}, reject() {} };
    for (const line of LOG) decoder.line(line, sink);
    decoder.end?.(sink);
    expect(decoder.takeNotices()).toEqual(["none of its 5 intervals is tagged web and within --start/--end (--list-tags shows the tags)"]);
  });

  it("rejects a bad line with a short reason and goes on", () => {
    const outcomes = decodeLines(hlogFormat, [...LOG.slice(0, 5), "0.000,1.000,2.000,HISTFAAAAnotbase64!", `1.000,1.000,x,${H1}`, `2.000,1.000,2.000,${H1}`]);
    expect(outcomes[5]).toEqual({ reject: expect.stringMatching(/^bad histogram: invalid base64/) });
    expect(outcomes[6]).toEqual({ reject: 'interval max is not a number: "x"' });
    expect("histogram" in outcomes[7]!).toBe(true);
  });

  it("refuses double histograms with an error that says so", () => {
    expect(() => decodeLines(hlogFormat, [...LOG.slice(0, 5), "0.000,1.000,2.000,DHISTwAAAAMAAAAAAAAAAhxIaXN0b2dyYW0="])).toThrow(
      "double histograms (DHIST…) are not supported",
    );
  });
});
