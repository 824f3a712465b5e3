import { describe, expect, it } from "vitest";
import { FailureCounter, isFailed } from "../../src/core/failure.js";

describe("isFailed", () => {
  it("believes the tool, else reads the status: outside 200–399 failed", () => {
    expect([{ ok: false, status: 200 }, { ok: true, status: 500 }, { status: 0 }, { status: 199 }, { status: 200 }, { status: 399 }, { status: 400 }, {}].map((s) => isFailed({ latencyNs: 1, ...s }))).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
  });
});

describe("FailureCounter", () => {
  it("counts failed samples; bare latencies never failed", () => {
    const counter = new FailureCounter();
    counter.value();
    counter.values();
    counter.sample({ latencyNs: 1 });
    expect(counter.told).toBe(0);
    counter.sample({ latencyNs: 1, status: 502 });
    counter.sample({ latencyNs: 1, status: 200 });
    expect(counter.failed).toBe(1);
    expect(counter.told).toBe(2);
  });
});
