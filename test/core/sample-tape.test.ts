import { describe, expect, it } from "vitest";
import { replay, SampleTape, TapeFull } from "../../src/core/sample-tape.js";
import type { Sample } from "../../src/core/sample.js";

/** A consumer that keeps what a replay hands it. */
function log() {
  const samples: Sample[] = [];
  return { samples, untimed: 0, sample: (s: Sample) => samples.push(s) };
}

describe("SampleTape", () => {
  it("replays the samples with start times in their order, with their keys, and counts the others", () => {
    const tape = new SampleTape(10);
    tape.sample({ latencyNs: 5, startNs: 300, key: "c2", label: "/a", status: 200 });
    tape.value();
    tape.sample({ latencyNs: 7, startNs: 100 });
    tape.sample({ latencyNs: 9 });
    tape.values(new Float64Array(4), 3);
    tape.sample({ latencyNs: 1, startNs: 200, key: "c1" });
    tape.sample({ latencyNs: 2, startNs: 250, key: "c2" });
    const to = log();
    // As it arrives from a worker thread.
    replay(structuredClone(tape.state()), to);
    // Only what the start-time consumers read travels: latency, start, key (none for "").
    expect(to.samples).toEqual([
      { latencyNs: 5, startNs: 300, key: "c2" },
      { latencyNs: 7, startNs: 100 },
      { latencyNs: 1, startNs: 200, key: "c1" },
      { latencyNs: 2, startNs: 250, key: "c2" },
    ]);
    expect(to.samples[1]).not.toHaveProperty("key");
    expect(to.untimed).toBe(5);
  });

  it("is full past its limit: the file is then read again where it belongs", () => {
    const tape = new SampleTape(2);
    tape.sample({ latencyNs: 1, startNs: 1 });
    tape.sample({ latencyNs: 2, startNs: 2 });
    tape.sample({ latencyNs: 3 });
    expect(() => tape.sample({ latencyNs: 4, startNs: 4 })).toThrow(TapeFull);
  });
});
