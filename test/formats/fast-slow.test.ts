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

/**
 * HAProxy's and ALB's fast paths (haproxy-bytes.ts, alb-bytes.ts) against their string paths on generated logs:
 * ordinary lines, which the fast path must read itself, and lines at every edge of the grammars (failed requests,
 * -1 timers, logasap, quoting, syslog prefixes, captured headers, bytes outside ASCII), which it may read or hand
 * to the string path but must book the same way.
 */
describe("HAProxy's and ALB's fast paths", () => {
  /** A seeded choice among `items` (the same lines on every run). */
  const picker = (seed: number) => {
    let state = seed;
    return <T>(items: readonly T[]): T => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return items[(state >>> 8) % items.length]!;
    };
  };

  const haproxyLine = (pick: ReturnType<typeof picker>, i: number) => {
    const timers = [pick(["0", "1", "-1"]), pick(["0", "0", "-1"]), pick(["0", "1", "-1", "12"]), pick(["8", "120", "-1", "0"]), pick(["9", "135", "4000", "+12", "-1"])];
    const status = pick(["200", "200", "302", "404", "503", "504", "-1"]);
    const state = pick(["----", "----", "LR--", "sH--", "CD--", "cR--"]);
    const request = pick(['"GET /api/users?id=7 HTTP/1.1"', '"POST /api/orders HTTP/1.1"', '"<BADREQ>"', '"GET http://example.com:8080/x HTTP/1.1"', '""', '"GET"']);
    const headers = pick(["", "", " {curl/8.5.0|example.com}", " {a} {b c}"]);
    // option httpslog's TLS fields; a syslog server's RFC 5424 header (log … format rfc5424).
    const tls = pick(["", "", " 0/0000000000000000/0/0/1 api.example.com/TLSv1.3/TLS_AES_256_GCM_SHA384", " 0/0/0/0/0 -/-/-"]);
    const header = pick(["", "", "", "<134>1 2026-11-02T09:00:00.001234+00:00 lb haproxy 22527 - - "]);
    const ms = String(i % 1000).padStart(3, "0");
    return `${header}10.0.0.${i % 250}:${40000 + i} [02/Nov/2026:09:${String(i % 60).padStart(2, "0")}:00.${ms}] ${pick(["web", "web~", "api"])} ${pick(["app", "static"])}/${pick(["app1", "app2", "<NOSRV>"])} ${timers.join("/")} ${status} ${pick(["138", "+4096"])} - - ${state} 4/4/3/3/${pick(["0", "+1"])} 0/0${headers} ${request}${tls}`;
  };
  const HAPROXY_EDGES = [
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 -2/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/9999999999999 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [31/Feb/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:24:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET /caf\u00e9 HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET /\ttab HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 {unclosed "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 {a"b} "GET "quoted" HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" ',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web /app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/a/b 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '[::1]:8443 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    'host:x [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '<134>Dec  2 09:00:00 lb haproxy[22]: 127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '2026-11-02T09:00:00+00:00 lb haproxy[22]: 127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET /]: x HTTP/1.1"',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" 0/0/0/0 a/b/c',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" 0/0/0/0/0 a/b',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"0/0/0/0/0 a/b/c',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / "x" HTTP/1.1" 0/0/0/0/0 a/b/c',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" 0/0/0/0/0 a/b/c extra',
    '<134>1 2026-11-02T09:00:00Z lb haproxy 22 - [meta sequenceId="1"] 127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '<134>1 2026-11-02T09:00:00Z lb haproxy 22 - 127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '<1341>1 2026-11-02T09:00:00Z lb haproxy 22 - - 127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/7 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    '127.0.0.1:42310 [02/Nov/2026:09:00:00.119] tcpin apptcp/app1 1/0/6 135 -- 4/4/3/3/0 0/0',
    '127.0.0.1:42310 [02/Nov/2026:09:00:00.119] tcpin apptcp/app1 1/-1/+6 135 CC 4/4/3/3/0 0/0',
    '127.0.0.1:1 [02/Nov/2026:09:00:00.001] web app/app1 0/0/0/1/1 200 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"\r',
    "",
    "# a comment",
    "   ",
    "127.0.0.1:1 [02/Nov/2026:09:00:00.001] web",
  ];

  const albLine = (pick: ReturnType<typeof picker>, i: number) => {
    const times = [pick(["0.000", "0.001", "-1"]), pick(["0.004", "0.120", "-1", "1.5"]), pick(["0.000", "0.000", "-1"])];
    const url = pick(["https://api.example.com:443/api/users?page=2", "http://api.example.com:80/api/orders", "-"]);
    const tg = pick(["arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/api-tg/73e2d6bc24d8a067", "-"]);
    const ts = `2026-11-02T09:00:${String(i % 60).padStart(2, "0")}.${String(i % 1000000).padStart(6, "0")}Z`;
    const created = pick([ts, "-", "2026-11-02T09:00:00.000000Z"]);
    return `${pick(["https", "h2", "http"])} ${ts} app/lb/50dc6c495c0c9188 192.0.2.${i % 250}:${40000 + i} ${pick(["10.0.1.11:8080", "-"])} ${times.join(" ")} ${pick(["200", "200", "502", "-"])} ${pick(["200", "-"])} 34 366 "${pick(["GET", "POST", "-"])} ${url} HTTP/1.1" "${pick(["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-"])}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${tg} "Root=1-6ae85110-b65f6f150000516fa3da0000" "${pick(["api.example.com", "-"])}" "-" ${pick(["1", "-"])} ${created} "forward" "-" "-" "10.0.1.11:8080" "200" "-" "-" TID_14861d6d`;
  };
  const ALB_BASE = albLine(picker(1), 1);
  const ALB_EDGES = [
    ALB_BASE.replace('"curl/8.5.0"', '"curl \\"quoted\\""').replace('"Mozilla/5.0 (X11; Linux x86_64)"', '"Mo\\"zilla"'),
    ALB_BASE.replace("HTTP/1.1", "HTTP/1.1 caf\u00e9"),
    ALB_BASE.replace(" 34 366 ", "  34 366 "),
    ALB_BASE.replace(/ TID_14861d6d$/, ""),
    ALB_BASE.split(" ").slice(0, 13).join(" ").replace(/"[^"]*$/, '"GET / HTTP/1.1"'),
    ALB_BASE.replace(/"forward".*$/, ""),
    ALB_BASE.replace('"forward"', '"forward"x'),
    ALB_BASE.replace('"forward"', '"forward'),
    ALB_BASE.replace(/^\S+/, "ftp"),
    ALB_BASE.replace(/ 0\.\d{3} /, " 1e3 "),
    ALB_BASE.replace(/ \d{4}-\d\d-\d\dT[\d:.]+Z "forward"/, ' 2026-13-02T09:00:00Z "forward"'),
    ALB_BASE.replace(/ \d{4}-\d\d-\d\dT[\d:.]+Z "forward"/, ' - "forward"').replace(/^(\S+) \S+/, "$1 yesterday"),
    `${ALB_BASE} "a later field" extra`,
    `${ALB_BASE}\r`,
    "",
    "#comment",
  ];

  const cases: [string, string, (pick: ReturnType<typeof picker>, i: number) => string, string[], DecodeOptions[]][] = [
    ["haproxy", "haproxy", haproxyLine, HAPROXY_EDGES, [{}, { metric: "Tr" }, { metric: "TR" }, { metric: "Tt" }, { groupBy: ["frontend", "server", "path"] }, { key: "client" }]],
    ["alb", "alb", albLine, ALB_EDGES, [{}, { metric: "target" }, { metric: "request" }, { groupBy: ["target_group", "elb_status", "path", "domain_name"] }]],
  ];

  it.each(cases)("%s: every generated line and every edge case booked as the string path books it", (_, name, line, edges, optionSets) => {
    const pick = picker(7);
    const lines = Array.from({ length: 3000 }, (_, i) => line(pick, i));
    // The edge cases among ordinary lines, and first (a TCP line first makes a TCP log).
    const text = [...edges, ...lines.flatMap((l, i) => (i % 100 === 0 ? [edges[(i / 100) % edges.length]!, l] : [l]))].join("\n") + "\n";
    const bytes = Buffer.from(text, "utf8");
    const format = findFormat(name)!;
    for (const options of optionSets) {
      for (const chunking of [[], cutsOf(bytes)]) {
        const slow = decodeBytes(format, bytes, options, false, chunking);
        expect(slow.filter((o) => "sample" in o).length).toBeGreaterThan(100);
        expect(decodeBytes(format, bytes, options, true, chunking), JSON.stringify(options)).toEqual(slow);
      }
    }
  });

  it.each(cases)("%s: ordinary lines are all read from bytes", (_, name, line) => {
    const pick = picker(11);
    const bytes = Buffer.from(Array.from({ length: 2000 }, (_, i) => line(pick, i)).join("\n") + "\n");
    const counts = { slowLines: 0 };
    const outcomes = decodeBytes(findFormat(name)!, bytes, {}, true, [], counts);
    expect(outcomes.filter((o) => "sample" in o).length).toBeGreaterThan(500);
    expect(counts.slowLines).toBe(0);
  });
});
