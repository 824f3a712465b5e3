import { describe, expect, it, vi } from "vitest";
import { SampleTape, TapeFull } from "../../src/core/sample-tape.js";
import { StreamedSenders } from "../../src/core/streamed-senders.js";
import { TimedSamples } from "../../src/core/timed-samples.js";

describe("SampleTape", () => {
  it("is replayed into TimedSamples as if its samples had come there one by one, keys and untimed counts kept", () => {
    const tape = new SampleTape(10);
    const direct = new TimedSamples();
    const give = (to: SampleTape | TimedSamples) => {
      to.sample({ latencyNs: 5, startNs: 300, key: "c2", label: "/a", status: 200 });
      to.value();
      to.sample({ latencyNs: 7, startNs: 100 });
      to.sample({ latencyNs: 9 });
      to.values(new Float64Array(4), 3);
      to.sample({ latencyNs: 1, startNs: 200, key: "c1" });
      to.sample({ latencyNs: 2, startNs: 250, key: "c2" });
    };
    give(tape);
    give(direct);
    const replayed = new TimedSamples();
    // As it arrives from a worker thread.
    replayed.absorb(structuredClone(tape.state()));
    expect(replayed.state()).toEqual(direct.state());
    expect(replayed.untimed).toBe(5);
    // Each key's requests in start order, by hand.
    const series = Object.fromEntries(replayed.sorted().map((s) => [s.key, { starts: [...s.startsNs], latencies: [...s.latenciesNs] }]));
    expect(series).toEqual({
      c2: { starts: [250, 300], latencies: [2, 5] },
      "": { starts: [100], latencies: [7] },
      c1: { starts: [200], latencies: [1] },
    });
  });

  it("replayed past the first block, without senders named, cuts detection's blocks where one thread cuts them", () => {
    // One paced sender (a request every 10 ms, 3 ms each) with a 200 ms stall; blocks of 100, a first block of 400
    // (detection needs 64 requests to tell anything).
    const samples = Array.from({ length: 2000 }, (_, i) => ({ startNs: i * 10e6 + (i % 7) * 1e3, latencyNs: i === 900 ? 200e6 : 3e6 + (i % 5) * 1e3 }));
    const detection = () => new TimedSamples(false, 100, 3, 400);
    // The blocks handed to the reconstruction of senders, each by its first start (in 10 ms) and its length.
    const spy = vi.spyOn(StreamedSenders.prototype, "addBlock");
    const cut = (feed: (timed: TimedSamples) => void) => {
      spy.mockClear();
      const timed = detection();
      feed(timed);
      const counts = timed.detectionCounts();
      return { counts, blocks: spy.mock.calls.map(([starts]) => `${starts[0]! / 10e6}+${starts.length}`) };
    };
    const direct = cut((timed) => samples.forEach((sample) => timed.sample(sample)));
    // The first 650 read here, the rest on a worker: as ingest-files.ts adds a later file.
    const replayed = cut((timed) => {
      const tape = new SampleTape(10_000);
      samples.forEach((sample, i) => (i < 650 ? timed : tape).sample(sample));
      timed.absorb(structuredClone(tape.state()));
    });
    spy.mockRestore();
    expect(replayed.blocks).toEqual(direct.blocks);
    expect(replayed.blocks.length).toBeGreaterThan(5);
    expect(replayed.counts).toEqual(direct.counts);
  });

  it("is full past its limit: the file is then read again where it belongs", () => {
    const tape = new SampleTape(2);
    tape.sample({ latencyNs: 1, startNs: 1 });
    tape.sample({ latencyNs: 2, startNs: 2 });
    tape.sample({ latencyNs: 3 });
    expect(() => tape.sample({ latencyNs: 4, startNs: 4 })).toThrow(TapeFull);
  });
});
