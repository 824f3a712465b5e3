import { describe, expect, it } from "vitest";
import { FailureCounter } from "../../src/core/failure.js";

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
});
