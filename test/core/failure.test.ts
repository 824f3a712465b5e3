import { describe, expect, it } from "vitest";
import { FailureCounter, isFailed } from "../../src/core/failure.js";

describe("isFailed", () => {
  it("a status outside 200–399 failed, but 101: a protocol switch (WebSocket) that succeeded; the tool's word first", () => {
    const statuses = [0, 100, 101, 102, 199, 200, 304, 399, 400, 404, 499, 500, 599];
    expect(statuses.filter((status) => isFailed({ latencyNs: 1, status }))).toEqual([0, 100, 102, 199, 400, 404, 499, 500, 599]);
    expect(isFailed({ latencyNs: 1, status: 101, ok: false })).toBe(true);
    expect(isFailed({ latencyNs: 1 })).toBe(false);
  });
});

describe("FailureCounter", () => {
  it("counts failed samples, recorded or left out, and whether any sample told", () => {
    const counter = new FailureCounter();
    counter.value();
    counter.values();
    counter.sample({ latencyNs: 1 });
    expect(counter.told).toBe(0);
    counter.sample({ latencyNs: 1, status: 502 });
    counter.sample({ latencyNs: 1, status: 200 });
    counter.failure();
    expect([counter.failed, counter.leftOut, counter.told]).toEqual([2, 1, 3]);
  });

  it("adds the counts of twins that counted parts elsewhere, as if it had counted them itself", () => {
    const samples = [{ latencyNs: 1, status: 502 }, { latencyNs: 1, status: 200 }, { latencyNs: 1 }, { latencyNs: 1, ok: false }];
    const direct = new FailureCounter();
    samples.forEach((s) => direct.sample(s));
    direct.failure();
    const counter = new FailureCounter();
    counter.sample(samples[0]!);
    const twin = new FailureCounter();
    expect(twin.recipe()).toEqual({ kind: "failures" });
    samples.slice(1).forEach((s) => twin.sample(s));
    twin.failure();
    counter.absorb(structuredClone(twin.state()));
    // By hand: 502 and ok=false failed, plus the one left out; three samples told, plus the one left out.
    expect([counter.failed, counter.leftOut, counter.told]).toEqual([3, 1, 4]);
    expect(counter.state()).toEqual(direct.state());
  });
});
