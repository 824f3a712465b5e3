import { describe, expect, it } from "vitest";
import { compileLayout, formatForLogFormat, type LogToken } from "../../src/formats/access-log.js";
import { apacheFormat } from "../../src/formats/apache.js";
import { envoyFormat } from "../../src/formats/envoy.js";
import { nginxFormat } from "../../src/formats/nginx.js";
import type { Format } from "../../src/formats/types.js";
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

  it("tell the server from the syntax of --log-format", () => {
    expect(formatForLogFormat('$remote_addr "$request" $request_time')).toBe("nginx");
    expect(formatForLogFormat('%h %t "%r" %>s %D')).toBe("apache");
    expect(formatForLogFormat("[%START_TIME%] %RESPONSE_CODE% %DURATION%")).toBe("envoy");
    expect(formatForLogFormat("%REQ(:METHOD)% %DURATION%")).toBe("envoy");
  });
});
