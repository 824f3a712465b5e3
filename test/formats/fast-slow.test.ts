/** Every format's block fast path against its string path, on every fixture file. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FORMATS, findFormat } from "../../src/formats/registry.js";
import type { DecodeOptions } from "../../src/formats/types.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { fixture } from "../helpers/run-cli.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const fixtures = filesUnder(fixture()).map((file) => path.relative(fixture(), file));

/** Fixtures read again with options that choose other fields: access-log layouts and metrics. */
const WITH_OPTIONS: [string, string, DecodeOptions][] = [
  ["formats/nginx/combined-request-time.log", "nginx", { logFormat: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time' }],
  ["formats/nginx/combined-request-time.log", "nginx", { logFormat: '$remote_addr - $remote_user [$time_local] "$request_method $request_uri $server_protocol" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time' }],
  ...[undefined, "upstream_response_time", "upstream_connect_time"].map((metric): [string, string, DecodeOptions] => [
    "formats/nginx/timing.log",
    "nginx",
    { logFormat: '$time_iso8601 $connection "$request" $status rt=$request_time urt="$upstream_response_time" uct="$upstream_connect_time"', ...(metric ? { metric } : {}) },
  ]),
  ["formats/nginx/timing.log", "nginx", { logFormat: '$time_iso8601 $connection "$request" $status rt=$request_time urt="$upstream_response_time" $upstream_connect_time' }],
  ["formats/apache/combined-D.log", "apache", { logFormat: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D' }],
  ["formats/apache/combined-D.log", "apache", { logFormat: '%h %l %u [%{%d/%b/%Y:%H:%M:%S %z}t] "%m %U %H" %>s %b "%{Referer}i" "%{User-Agent}i" %D' }],
  ["formats/apache/msec-ms.log", "apache", { logFormat: '%{msec}t %>s "%r" %{ms}T %k' }],
  ["formats/apache/msec-ms.log", "apache", { logFormat: '%{end:msec}t %>s "%r" %{ms}T %k' }],
  ["formats/apache/msec-ms.log", "apache", { logFormat: '%{msec}t %>s "%m %U %H" %{ms}T %k' }],
  ["formats/envoy/access.log", "envoy", { metric: "X-ENVOY-UPSTREAM-SERVICE-TIME" }],
  [
    "formats/envoy/access.log",
    "envoy",
    { logFormat: '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %DURATION% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%CONNECTION_ID%" "%UPSTREAM_HOST%"' },
  ],
];

/** Cut points every `step` bytes: small chunks, so lines also cross chunk boundaries. */
function cutsOf(bytes: Buffer): number[] {
  const step = bytes.length < 65536 ? 97 : 4099;
  return Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step);
}

describe("fast path equals string path on every fixture", () => {
  it.each(fixtures)("%s", (name) => {
    const raw = readFileSync(fixture(name));
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    // Whole, and in small chunks so lines also cross chunk boundaries.
    const cuts = cutsOf(bytes);
    // Document formats have no line paths to compare; their tests check that chunking changes nothing.
    for (const format of FORMATS.filter((f) => f.readsDocuments !== true)) {
      for (const chunking of [[], cuts]) {
        const slow = decodeBytes(format, bytes, {}, false, chunking);
        expect(decodeBytes(format, bytes, {}, true, chunking), `format ${format.name}`).toEqual(slow);
      }
    }
  });
});

describe("fast path equals string path with options that choose other fields", () => {
  it.each(WITH_OPTIONS)("%s as %s, %j", (name, formatName, options) => {
    const bytes = readFileSync(fixture(name));
    const format = findFormat(formatName)!;
    for (const chunking of [[], cutsOf(bytes)]) {
      const slow = decodeBytes(format, bytes, options, false, chunking);
      expect(slow.some((o) => "sample" in o)).toBe(true);
      expect(decodeBytes(format, bytes, options, true, chunking)).toEqual(slow);
    }
  });
});

describe("the access logs' fast path", () => {
  it.each([
    ["formats/nginx/combined-request-time.log", "nginx", {}],
    ["formats/apache/combined-D.log", "apache", {}],
    ["formats/envoy/access.log", "envoy", {}],
    ...WITH_OPTIONS,
  ] as [string, string, DecodeOptions][])("reads every line of %s as %s (%j) from bytes but the one that picks the layout", (name, formatName, options) => {
    const bytes = readFileSync(fixture(name));
    const counts = { slowLines: 0 };
    decodeBytes(findFormat(formatName)!, bytes, options, true, [], counts);
    expect(counts.slowLines).toBe(options.logFormat === undefined && formatName !== "envoy" ? 1 : 0);
  });
});
