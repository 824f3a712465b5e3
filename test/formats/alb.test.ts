import { describe, expect, it } from "vitest";
import { albFormat } from "../../src/formats/alb.js";
import { parseIsoNs } from "../../src/base/iso-time.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, samplesOf, tempFile } from "../helpers/formats.js";

describe("alb access log (written from AWS's documented entry layout)", () => {
  it("latency = request + target + response processing time; -1 -1 -1 is a failed request with no latency", async () => {
    const expected = expectedOf("alb/access.log");
    for (const file of ["alb/access.log", "alb/access.log.gz"]) {
      const document = await latstatJson([ff(file), "-p", "50,90,99"]);
      expect(document.input.format).toBe("alb");
      expect(document.raw.count).toBe(expected.ok);
      expect(document.input.failed.count).toBe(expected.failed);
      expect(document.raw.max).toBe(expected.maxMs);
      for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
    }
    const included = await latstatJson([ff("alb/access.log"), "--include-errors"]);
    expect(included.raw.count).toBe(expected.ok + expected.failed - (expected.undispatched as number));
    expect(included.input.skippedByReason.failed).toBe(expected.undispatched);
  });

  it("a WebSocket entry (the AWS guide's example, ws … 101 101) is a successful upgrade, not a failed request", async () => {
    // "Example WebSockets entry" of the ALB access-log documentation, as written there.
    const line =
      'ws 2018-07-02T22:23:03.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.0.140:40914 10.0.1.192:8010 0.001 0.003 0.000 101 101 218 587 "GET http://10.0.0.30:80/ HTTP/1.1" "-" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 1 2018-07-02T22:23:03.182000Z "forward" "-" "-" "10.0.1.192:8010" "101" "-" "-"';
    const document = await latstatJson([tempFile("alb-ws.log", [line])]);
    expect(document.input.format).toBe("alb");
    expect(document.input.failed.count).toBe(0);
    // 0.001 + 0.003 + 0.000 s.
    expect(document.raw.count).toBe(1);
    expect(document.raw.max).toBe(4);
  });

  it("--metric target, --group-by target_group and elb_status", async () => {
    const lines = fixtureLines("alb/access.log");
    const targetMs = lines.flatMap((l) => {
      const f = l.split(" ");
      return f[6] !== "-1" && Number(f[8]) < 400 ? [Number(f[6]) * 1000] : [];
    });
    const document = await latstatJson([ff("alb/access.log"), "--metric", "target"]);
    expect(document.raw.count).toBe(targetMs.length);
    expect(document.raw.max).toBeCloseTo(Math.max(...targetMs), 9);
    const groups = await latstatJson([ff("alb/access.log"), "--group-by", "target_group"]);
    expect(Object.fromEntries(groups.groups.map((g: any) => [g.values.target_group, g.count]))).toEqual(expectedOf("alb/access.log").okByTargetGroup);
    const byStatus = await latstatJson([ff("alb/access.log"), "--group-by", "elb_status", "--include-errors"]);
    expect(byStatus.groups.find((g: any) => g.values.elb_status === "404").count).toBe(lines.filter((l) => l.split(" ")[8] === "404").length);
  });

  it("reads start (request_creation_time), label without the query, host and key", () => {
    const line = fixtureLines("alb/access.log").find((l) => l.includes("?page=2") && l.includes(" 200 200 "))!;
    const f = line.split(" ");
    const [sample] = samplesOf(decodeAll(albFormat, [line]));
    const path = /"GET https:\/\/api\.example\.com:443([^? ]+)/.exec(line)![1];
    expect(sample).toMatchObject({ startNs: parseIsoNs(f[21 + 2]!), status: 200, method: "GET", label: `GET ${path}`, host: "api.example.com:443", key: f[3] });
    expect(sample!.latencyNs).toBe(Math.round((Number(f[5]) + Number(f[6]) + Number(f[7])) * 1000) * 1e6);
  });

  it("is detected; rejects broken lines with their numbers; refuses unknown metrics", async () => {
    expect(albFormat.sniff(fixtureLines("alb/access.log")).score).toBeGreaterThanOrEqual(0.9);
    expect(() => albFormat.createDecoder({ metric: "Ta" })).toThrow(/not a timing of ALB logs/);
    await expectRejected("alb/access.log", {
      5: (l) => l.replace(/^https /, "smtp "),
      15: (l) => l.replace(/ (\d+\.\d+) (\d+\.\d+) (\d+\.\d+) /, " $1 fast $3 "),
      25: (l) => l.slice(0, 80),
    });
  });
});
