import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLayout, formatForLogFormat } from "../../src/formats/access-log.js";
import { type LogToken } from "../../src/formats/log-layout.js";
import { TextCache } from "../../src/formats/text-cache.js";
import { apacheFormat } from "../../src/formats/apache.js";
import { envoyFormat } from "../../src/formats/envoy.js";
import { nginxFormat } from "../../src/formats/nginx.js";
import type { DecodeOptions, Format } from "../../src/formats/types.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { decodeAll } from "../helpers/formats.js";

const latency: LogToken = { field: { directive: "$request_time", role: { role: "latency", name: "request_time", unit: "s", nsPerUnit: 1e9 } } };
const other = (name: string): LogToken => ({ field: { directive: name, role: { role: "other" } } });

/** Milliseconds to decode one line (the best of a few tries, to keep scheduling noise out). */
function timeLine(format: Format, line: string, logFormat?: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    decodeAll(format, [line], logFormat === undefined ? {} : { logFormat });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe("access-log layouts", () => {
  it("compile to one anchored regex whose fields stop at the next literal", () => {
    const layout = compileLayout("$a [$b] $request_time", [other("$a"), { literal: " [" }, other("$b"), { literal: "] " }, latency], false, undefined, ["request_time"]);
    expect(layout.regex.source).toBe("^([^ \\n]*) \\[([^\\]\\n]*)\\] (.*)$");
    expect(layout.latency).toBe(2);
    expect(() => compileLayout("$a$request_time", [other("$a"), latency], false, undefined, [])).toThrow(/\$a and \$request_time have nothing between them/);
  });

  it("read hostile lines in linear time (no catastrophic backtracking)", () => {
    // Lines built to make a backtracking matcher try every split: long runs of the separators the fields stop at.
    const cases: [Format, string, string | undefined][] = [
      [nginxFormat, `127.0.0.1 - - [${"0".repeat(50)}] "${'\\"'.repeat(50_000)} ${" ".repeat(50_000)}" 200 1 "-" "x" x`, undefined],
      [nginxFormat, `x${" ".repeat(50_000)}${'"'.repeat(50_000)}x`, '$a $b $c $d $e $f $g $h "$request" $request_time'],
      [apacheFormat, `1 - - [x] "${"\\".repeat(100_001)} ${'" '.repeat(20_000)}`, undefined],
      [envoyFormat, `[${"[".repeat(100_000)}] "GET`, undefined],
    ];
    for (const [format, line, logFormat] of cases) {
      const short = line.slice(0, line.length / 10);
      const long = timeLine(format, line, logFormat);
      // Linear: ten times the input costs about ten times the time, not a hundred or 2^n times. Generous bounds
      // keep this robust on a loaded machine; a backtracking blow-up would take seconds to hours.
      expect(long).toBeLessThan(Math.max(50, 40 * timeLine(format, short, logFormat)));
    }
  });

  it("read hostile lines in linear time on the fast path too", () => {
    const good = '127.0.0.1 - - [02/Nov/2026:09:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "hey" 0.004';
    const hostile = [
      good.replace('"GET ', `"GET ${" ".repeat(100_000)}`),
      good.replace('"hey"', `"${"a".repeat(100_000)}\\"`),
      good.replace("0.004", `${"0".repeat(100_000)}.5`),
      good.replace("[02/Nov/2026:09:00:00 +0000]", `[${"0".repeat(100_000)}]`),
      `${good}${" ".repeat(100_000)}`,
    ];
    /** Milliseconds to read a good line (which picks the layout) and `line` from bytes, the best of a few tries. */
    const fastTime = (line: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        decodeBytes(nginxFormat, Buffer.from(`${good}\n${line}\n`), {}, true);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    for (const line of hostile) expect(fastTime(line)).toBeLessThan(Math.max(50, 40 * fastTime(line.slice(0, line.length / 10))));
  });

  it("tell the server from the syntax of --log-format", () => {
    expect(formatForLogFormat('$remote_addr "$request" $request_time')).toBe("nginx");
    expect(formatForLogFormat('%h %t "%r" %>s %D')).toBe("apache");
    expect(formatForLogFormat("[%START_TIME%] %RESPONSE_CODE% %DURATION%")).toBe("envoy");
    expect(formatForLogFormat("%REQ(:METHOD)% %DURATION%")).toBe("envoy");
  });
});

describe("access-log block fast path", () => {
  const seconds = fc.oneof(
    { weight: 4, arbitrary: fc.nat(100_000).map((n) => (n / 1000).toFixed(3)) },
    fc.constantFrom("-", "", "0", "1.5", ".5", "5.", "1e3", "-1", "0.0040", "99999999999999999999", "123456789012345.6", "1234567890.12345", "9999999.999", "0.004 ", " 0.004", "0x10", "1.2.3", "0.004\r", "\u2028", "٣"),
  );
  /** nginx's lists of upstream times: one per upstream tried. */
  const list = fc.oneof(seconds, fc.tuple(fc.array(seconds, { minLength: 2, maxLength: 3 }), fc.constantFrom(", ", " : ", ",", ":", " ,  ")).map(([parts, sep]) => parts.join(sep)));
  const integer = fc.oneof({ weight: 4, arbitrary: fc.nat(200_000).map(String) }, fc.constantFrom("-", "", "0", "1.5", "99999999999999999999", "1000000000000001", "12 ", "+5"));
  const clf = fc.oneof(
    fc.record({ day: fc.integer({ min: 1, max: 31 }), hour: fc.integer({ min: 0, max: 23 }), zone: fc.constantFrom("+0000", "-0700", "+0530") }).map(({ day, hour, zone }) => `${day}/Nov/2026:${String(hour).padStart(2, "0")}:00:59 ${zone}`),
    fc.constantFrom("02/Nov/2026:09:00:00 +0000", "31/Nov/2026:09:00:00 +0000", "02/nov/2026:23:59:60 +0000", "02/Nov/2026:09:00:00", "-", "", "02/Nov/0099:09:00:00 +0000", "02/Xyz/2026:09:00:00 +0000", "02/Nov/2026:09:00:00  +0000", "02/Nov/2026:09:00:00 +0000 "),
  );
  const iso = fc.constantFrom("2026-11-02T09:00:00.123Z", "2026-11-02T09:00:00+01:00", "2026-11-02T09:00:00.123456789Z", "2026-02-30T00:00:00Z", "2026-11-02", "-", "", "2026-11-02t09:00:00Z", "2026-11-02T09:00:00.1234567891Z");
  const epoch = fc.constantFrom("1795781403.222", "1795781403", "1795781403222", "-", "", "1.795e9", "1795781403.");
  const method = fc.constantFrom("GET", "POST", "-", "", "G\\\"T", "GÉT");
  const target = fc.constantFrom("/api/users", "/api/orders?page=2", "/", "?q", "-", "", "/café", "/a%20b", '/\\"x\\"', "/\\x22x", "/a\tb", "/\u2028");
  const request = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(method, target, fc.constantFrom("HTTP/1.1", "HTTP/2.0", "")).map(([m, t, p]) => [m, t, p].filter((x, i) => i < 2 || x !== "").join(" ")) },
    fc.constantFrom("-", "", "GET", "GET  /double HTTP/1.1", " /x HTTP/1.1", "GET /a?b?c HTTP/1.1"),
  );
  const status = fc.constantFrom("200", "404", "503", "0", "-", "", "1000", "20x", "099");
  const quoted = fc.constantFrom("-", "", "hey/0.0.1", "k6/0.54.0 (https://k6.io/)", 'Mozilla/5.0 \\"quoted\\"', "a\\\\", "\\", "café", "x\ry", "\u2029", '"', "1.2.3.4, 5.6.7.8");
  const word = fc.constantFrom("127.0.0.1", "10.0.0.7", "-", "", "::1", "alice", "NR", "UF,URX");
  const connection = fc.constantFrom("1", "17", "-", "", "x y");

  /** A layout, the options that name it, and a line of its shape. */
  const cases: [string, Format, DecodeOptions, fc.Arbitrary<string>][] = [
    [
      "nginx combined + $request_time (detected)",
      nginxFormat,
      {},
      fc.tuple(word, word, clf, request, status, integer, quoted, quoted, seconds).map(([a, u, t, r, s, b, ref, ua, rt]) => `${a} - ${u} [${t}] "${r}" ${s} ${b} "${ref}" "${ua}" ${rt}`),
    ],
    [
      "nginx main + $request_time $upstream_response_time (detected)",
      nginxFormat,
      {},
      fc.tuple(word, clf, request, status, quoted, quoted, list).map(([a, t, r, s, ua, xff, urt]) => `${a} - - [${t}] "${r}" ${s} 612 "-" "${ua}" "${xff}" 0.004 ${urt}`),
    ],
    [
      "nginx with --metric upstream_response_time",
      nginxFormat,
      { logFormat: '$time_iso8601 $connection "$request" $status rt=$request_time urt="$upstream_response_time"', metric: "upstream_response_time" },
      fc.tuple(iso, connection, request, status, seconds, list).map(([t, c, r, s, rt, urt]) => `${t} ${c} "${r}" ${s} rt=${rt} urt="${urt}"`),
    ],
    [
      "nginx $msec $request_method $uri",
      nginxFormat,
      { logFormat: "$msec $status $request_method $uri $request_time $connection" },
      fc.tuple(epoch, status, method, target, seconds, connection).map((parts) => parts.join(" ")),
    ],
    [
      "apache combined + %D (detected)",
      apacheFormat,
      {},
      fc.tuple(word, clf, request, status, quoted, quoted, integer).map(([h, t, r, s, ref, ua, d]) => `${h} - - [${t}] "${r}" ${s} 14 "${ref}" "${ua}" ${d}`),
    ],
    [
      "apache common + %D (detected)",
      apacheFormat,
      {},
      fc.tuple(word, clf, request, status, integer).map(([h, t, r, s, d]) => `${h} - - [${t}] "${r}" ${s} 14 ${d}`),
    ],
    [
      "apache %{end:msec}t %{ms}T %k",
      apacheFormat,
      { logFormat: '%{end:msec}t %>s "%r" %{ms}T %k' },
      fc.tuple(epoch, status, request, integer, connection).map(([t, s, r, ms, k]) => `${t} ${s} "${r}" ${ms} ${k}`),
    ],
    [
      "envoy default",
      envoyFormat,
      {},
      fc
        .tuple(iso, method, target, status, word, integer, integer, quoted, quoted)
        .map(([t, m, p, s, flags, d, u, ua, id]) => `[${t}] "${m} ${p} HTTP/1.1" ${s} ${flags} 0 24 ${d} ${u} "-" "${ua}" "${id}" "127.0.0.1:10000" "127.0.0.1:8080"`),
    ],
    [
      "envoy %START_TIME(%s)% %CONNECTION_ID%",
      envoyFormat,
      { logFormat: "%START_TIME(%s)% %CONNECTION_ID% %REQ(:METHOD)% %REQ(:PATH)% %DURATION%" },
      fc.tuple(epoch, connection, method, target, integer).map((parts) => parts.join(" ")),
    ],
  ];

  /** A line of the layout, or one damaged: a part dropped or repeated, a character inserted, a cut, odd lines. */
  const damaged = (line: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 12, arbitrary: line },
      fc.tuple(line, fc.nat(), fc.constantFrom(" ", '"', "\\", "[", "]", "\0", "\r", "é", "-", "")).map(([l, at, c]) => l.slice(0, at % (l.length + 1)) + c + l.slice(at % (l.length + 1))),
      fc.tuple(line, fc.nat()).map(([l, at]) => l.slice(0, at % (l.length + 1))),
      fc.tuple(line, fc.nat()).map(([l, at]) => {
        const parts = l.split(" ");
        parts.splice(at % parts.length, 1);
        return parts.join(" ");
      }),
      fc.tuple(line, fc.nat()).map(([l, at]) => {
        const parts = l.split(" ");
        parts.splice(at % parts.length, 0, parts[at % parts.length]!);
        return parts.join(" ");
      }),
      fc.constantFrom("", "   ", "# comment", "\t", "\uFEFF", "x\0y"),
    );

  it.each(cases)("gives exactly what the line path gives (%s), wherever the chunks are cut", (_name, format, options, line) => {
    fc.assert(
      fc.property(fc.array(damaged(line), { maxLength: 12 }), fc.constantFrom("\n", "\r\n"), fc.array(fc.nat(1500), { maxLength: 3 }), (lines, eol, cuts) => {
        const bytes = Buffer.from(lines.join(eol) + eol);
        expect(decodeBytes(format, bytes, options, true, cuts)).toEqual(decodeBytes(format, bytes, options, false, cuts));
      }),
      { numRuns: 1500 },
    );
  });

  it("reads plain lines from bytes and leaves escapes to the line path", () => {
    const line = (ua: string) => `127.0.0.1 - - [02/Nov/2026:09:00:00 +0000] "GET /a?b HTTP/1.1" 200 1 "-" "${ua}" 0.004`;
    const bytes = Buffer.from([line("hey"), line("hey"), line('say \\"hi\\"'), line("hey")].join("\n") + "\n");
    const counts = { slowLines: 0 };
    const fast = decodeBytes(nginxFormat, bytes, {}, true, [], counts);
    // The first line picks the layout; the escaped quote is left to the string path.
    expect(counts.slowLines).toBe(2);
    expect(fast).toEqual(decodeBytes(nginxFormat, bytes, {}, false));
    expect(fast[1]).toEqual({ sample: { latencyNs: 4e6, status: 200, startNs: Date.UTC(2026, 10, 2, 9) * 1e6, label: "GET /a" } });
  });
});

describe("the fast path's cache of labels and keys", () => {
  it("keeps its own copy of the bytes, which a reused read buffer overwrites", () => {
    const cache = new TextCache(1);
    const buffer = Buffer.from("GET /a");
    expect(cache.text(buffer, 0, 6)).toBe("GET /a");
    buffer.write("GET /b");
    expect(cache.text(Buffer.from("GET /b"), 0, 6)).toBe("GET /b");
    expect(cache.text(Buffer.from("xGET /bx"), 1, 7)).toBe("GET /b");
    expect(cache.text(Buffer.from("GET /é"), 0, 7)).toBe("GET /é");
  });
});
