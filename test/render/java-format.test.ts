import { describe, expect, it } from "vitest";
import { formatJavaFixed, formatJavaInteger } from "../../src/render/java-format.js";

// Every expected string below was printed by Java 17 String.format(Locale.US, "%<width>.<decimals>f", value).
const JAVA_CASES: Array<[value: number, decimals: number, width: number, java: string]> = [
  [11.7275, 3, 0, "11.728"], // binary value is 11.72749999…: toFixed(3) gives "11.727"
  [0.0045, 3, 0, "0.005"], // toFixed(3) gives "0.004"
  [2.0525, 3, 0, "2.053"],
  [9.45, 1, 0, "9.5"],
  [37.285, 2, 0, "37.29"],
  [748.505, 2, 0, "748.51"],
  [1.005, 2, 0, "1.01"],
  [1.0005, 3, 0, "1.001"],
  [0.05, 1, 0, "0.1"],
  [0.125, 2, 0, "0.13"], // exact tie: half up
  [2.5, 0, 0, "3"],
  [0.5, 0, 0, "1"],
  [0.15, 0, 0, "0"],
  [0.0005, 3, 0, "0.001"], // the first digit is the rounding digit
  [0.0004, 3, 0, "0.000"],
  [0.00004, 3, 0, "0.000"], // below the rounding position altogether
  [4.9e-324, 3, 0, "0.000"],
  [9.9995, 3, 0, "10.000"], // carry into a new digit
  [999.9996, 3, 12, "    1000.000"],
  [32294.634039781, 12, 0, "32294.634039781000"], // zeros past the shortest digits, not binary noise
  [19041.726485, 5, 0, "19041.72649"],
  [0.999990234375, 12, 2, "0.999990234375"],
  [1 / (1 - 0.99990234375), 2, 14, "      10240.00"], // 10239.999999997672
  [999999999999999, 3, 0, "999999999999999.000"],
  [1234567, 3, 12, " 1234567.000"], // wider than the width: no truncation
  [2.052, 3, 0, "2.052"], // WASM hdr-histogram-js prints 2.520
  [20, 3, 0, "20.000"], // WASM hdr-histogram-js prints 19.100
  [0, 3, 12, "       0.000"],
  [-0, 3, 0, "-0.000"],
  [-0.0004, 3, 0, "-0.000"],
  [-1.5, 1, 0, "-1.5"],
  [NaN, 3, 12, "         NaN"],
  [Infinity, 3, 12, "    Infinity"],
];

describe("formatJavaFixed", () => {
  it.each(JAVA_CASES)("formats %s with %i decimals, width %i, as Java: %j", (value, decimals, width, java) => {
    expect(formatJavaFixed(value, decimals, width)).toBe(java);
  });

  it("differs from toFixed where Java rounds the shortest digits", () => {
    expect((11.7275).toFixed(3)).toBe("11.727");
    expect(formatJavaFixed(11.7275, 3)).toBe("11.728");
  });
});

describe("formatJavaInteger", () => {
  it("pads on the left like %10d", () => {
    expect(formatJavaInteger(10000, 10)).toBe("     10000");
    expect(formatJavaInteger(12345678901, 10)).toBe("12345678901");
  });
});
