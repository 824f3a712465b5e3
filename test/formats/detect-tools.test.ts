import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/detect.js";
import { FORMATS } from "../../src/formats/registry.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, decodeDocument, ff, fixtureLines, latstatJson, samplesOf } from "../helpers/formats.js";

/** Every input fixture under fixtures/formats/, by directory (= the format that wrote it). */
const INPUTS = readdirSync(ff("."), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !/\.(expected\.json|summary\.txt|ab-output\.txt)$/.test(e.name))
  .map((e) => {
    const dir = (e.parentPath ?? e.path).split("/").at(-1)!;
    return { name: `${dir}/${e.name}`, format: dir };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** The load-tester and server formats whose fixtures are under fixtures/formats/. */
const TOOL_FORMATS = ["k6", "k6-csv", "vegeta", "hey", "ab", "jtl", "gatling", "nginx", "apache", "envoy", "haproxy", "alb", "cloudfront", "w3c", "caddy", "traefik", "hgrm", "prometheus", "otlp", "jaeger", "zipkin", "ghz"];
const toolFormats = () => FORMATS.filter((f) => TOOL_FORMATS.includes(f.name));

/** Inputs latstat recognises but refuses, and custom access-log layouts that need --log-format. */
const REFUSED: Record<string, RegExp> = {
  "gatling/binary-3.13.log": /binary simulation\.log of Gatling 3\.13\.1/,
  "vegeta/results.gob": /vegeta's binary \(gob\) results are not read/,
};
const LOG_FORMATS: Record<string, string> = {
  "nginx/timing.log": '$time_iso8601 $connection "$request" $status rt=$request_time urt="$upstream_response_time" uct="$upstream_connect_time"',
  "apache/msec-ms.log": '%{msec}t %>s "%r" %{ms}T %k',
};

describe("detection of the tool formats", () => {
  it("covers a fixture of every tool format", () => {
    const formats = new Set(INPUTS.map((i) => i.format));
    expect(toolFormats().map((f) => f.name).sort()).toEqual([...TOOL_FORMATS].sort());
    for (const f of toolFormats()) expect(formats).toContain(f.name);
  });

  for (const { name, format } of INPUTS) {
    it(`${name} is read as ${format}`, async () => {
      if (REFUSED[name]) {
        const result = await runCli([ff(name), "--debug"]);
        expect(result.stderr).toContain(`chose format ${format}`);
        expect(result.stderr).toMatch(REFUSED[name]!);
        expect(result.code).toBe(2);
        return;
      }
      if (LOG_FORMATS[name]) {
        // A custom layout cannot be guessed; --log-format names the server by its syntax, no -f needed.
        expect((await latstatJson([ff(name), "--log-format", LOG_FORMATS[name]!])).input.format).toBe(format);
        return;
      }
      const detection = detectFormat(fixtureLines(name).slice(0, 200), FORMATS);
      expect(detection.format?.name).toBe(format);
      // The format's own signature beats every generic reading.
      const generic = detection.scores.filter((s) => ["plain", "csv", "tsv", "jsonl"].includes(s.name)).map((s) => s.score);
      expect(detection.scores[0]!.score).toBeGreaterThan(Math.max(...generic));
      expect(detection.scores[0]!.score).toBeGreaterThanOrEqual(0.9);
      expect((await latstatJson([ff(name)])).input.format).toBe(format);
    });
  }

  it("every tool format's example line is read by its own decoder", () => {
    // A Prometheus line is booked at the end, with its histogram (see prometheus.test.ts).
    for (const format of toolFormats().filter((f) => f.name !== "prometheus")) {
      const needsHeader: Record<string, string> = {
        "k6-csv": "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata",
        hgrm: "       Value     Percentile TotalCount 1/(1-Percentile)",
        w3c: "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        cloudfront:
          "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end",
      };
      const lines = needsHeader[format.name] ? [needsHeader[format.name]!, format.example] : [format.example];
      const decoded = format.readsDocuments === true ? decodeDocument(format, format.example).records : decodeAll(format, lines);
      expect(decoded.at(-1), format.name).not.toHaveProperty("reject");
      expect(decoded.at(-1), format.name).not.toHaveProperty("skip");
      if (format.name !== "hgrm") expect(samplesOf(decoded), format.name).toHaveLength(1);
    }
  });
});
