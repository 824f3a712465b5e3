import { describe, expect, it } from "vitest";
import { FailureTimes } from "../../src/core/failure-times.js";

describe("FailureTimes", () => {
  it("keeps the start times of failed requests, recorded or left out, and counts those without one", () => {
    const times = new FailureTimes();
    times.sample({ latencyNs: 1, startNs: 10, status: 200 });
    times.sample({ latencyNs: 1, startNs: 20, status: 502 });
    times.failure({ latencyNs: 1, startNs: 30, status: 503 });
    times.failure({ latencyNs: 1, status: 504 });
    expect([...times.startsNs]).toEqual([20, 30]);
    expect([...times.leftOut]).toEqual([0, 1]);
    expect(times.untimed).toBe(1);
    expect(times.overflowed).toBe(false);
  });

  it("keeps past its first arrays, in order", () => {
    const times = new FailureTimes();
    for (let i = 0; i < 5000; i++) times.failure({ latencyNs: 1, startNs: i, status: 500 });
    expect(times.startsNs.length).toBe(5000);
    expect(times.startsNs.every((start, i) => start === i)).toBe(true);
  });

  it("lets every start time go past its limit, and says so: memory does not grow with a failing log", () => {
    const times = new FailureTimes(4);
    for (let i = 0; i < 4; i++) times.failure({ latencyNs: 1, startNs: i, status: 500 });
    expect(times.overflowed).toBe(false);
    for (let i = 4; i < 1000; i++) times.failure({ latencyNs: 1, startNs: i, status: 500 });
    expect(times.overflowed).toBe(true);
    expect(times.startsNs.length).toBe(0);
    expect(times.leftOut.length).toBe(0);
  });
});
