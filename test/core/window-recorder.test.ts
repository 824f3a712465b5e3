import { describe, expect, it } from "vitest";
import { BucketLayout } from "../../src/core/histogram.js";
import { WindowRecorder } from "../../src/core/window-recorder.js";

describe("WindowRecorder", () => {
  it("puts each request in the window of its start, on the epoch's grid", () => {
    const windows = new WindowRecorder(60e9, new BucketLayout(3));
    windows.sample({ latencyNs: 5, startNs: 120e9 });
    windows.sample({ latencyNs: 7, startNs: 179.999e9, status: 500 });
    windows.sample({ latencyNs: 3, startNs: 180e9 });
    windows.sample({ latencyNs: 3 });
    windows.values(Float64Array.of(1, 2), 2);
    windows.failure({ latencyNs: 9, startNs: 185e9, status: 500 });
    windows.failure({ latencyNs: 9, startNs: 240e9, status: 500 });
    expect(windows.windows().map((w) => [w.index, w.count, w.failed, w.maxNs, [...w.buckets]])).toEqual([
      [2, 2, 1, 7, [[5, 1], [7, 1]]],
      [3, 1, 1, 3, [[3, 1]]],
      [4, 0, 1, -Infinity, []],
    ]);
    expect(windows.untimed).toBe(3);
  });
});
