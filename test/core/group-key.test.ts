import { describe, expect, it } from "vitest";
import { groupValue, NONE_VALUE } from "../../src/core/group-key.js";
import type { Sample } from "../../src/core/sample.js";

const NAMES = ["label", "endpoint", "method", "host", "status"];
const values = (sample: Sample) => NAMES.map((_, i) => groupValue(sample, NAMES, i));

describe("groupValue", () => {
  it("splits an access-log label into method and endpoint", () => {
    expect(values({ latencyNs: 1, label: "GET /api/users", status: 200 })).toEqual(["GET /api/users", "/api/users", "GET", NONE_VALUE, "200"]);
  });

  it("takes host and path from a URL label, without the query", () => {
    expect(values({ latencyNs: 1, label: "POST http://127.0.0.1:8080/login?next=/", status: 503 })).toEqual([
      "POST http://127.0.0.1:8080/login?next=/",
      "/login",
      "POST",
      "127.0.0.1:8080",
      "503",
    ]);
    expect(values({ latencyNs: 1, label: "https://example.com/a/b" }).slice(1, 4)).toEqual(["/a/b", NONE_VALUE, "example.com"]);
  });

  it("keeps a label that names no request whole as the endpoint", () => {
    expect(values({ latencyNs: 1, label: "Login page" }).slice(0, 3)).toEqual(["Login page", "Login page", NONE_VALUE]);
  });

  it("prefers the sample's own method and host", () => {
    expect(values({ latencyNs: 1, label: "GET http://a/x", method: "PUT", host: "b" }).slice(2, 4)).toEqual(["PUT", "b"]);
  });

  it("puts a sample without the field, or with an empty value, in the (none) group", () => {
    expect(values({ latencyNs: 1 })).toEqual(NAMES.map(() => NONE_VALUE));
    expect(groupValue({ latencyNs: 1, label: "" }, ["label"], 0)).toBe(NONE_VALUE);
  });

  it("uses the decoder's captured values when there are any, in --group-by order", () => {
    const sample: Sample = { latencyNs: 1, label: "GET /x", groupValues: ["eu", ""] };
    expect(groupValue(sample, ["region", "label"], 0)).toBe("eu");
    expect(groupValue(sample, ["region", "label"], 1)).toBe(NONE_VALUE);
  });
});
