import { describe, expect, it } from "vitest";
import { caddyFormat } from "../../src/formats/caddy.js";
import { decodeAll, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, nearestRank, rejectsOf, samplesOf } from "../helpers/formats.js";

/** The log read independently: JSON.parse per line, Caddy's documented fields. */
const records = () => fixtureLines("caddy/access.log").map((l) => JSON.parse(l));

describe("caddy access log (made by Caddy 2.6 on loopback)", () => {
  it("duration in s, non-2xx/3xx failed", async () => {
    const rows = records();
    const ok = rows.filter((r) => r.status < 400).map((r) => r.duration * 1000).sort((a, b) => a - b);
    const document = await latstatJson([ff("caddy/access.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("caddy");
    expect(document.raw.count).toBe(ok.length);
    expect(document.input.failed.count).toBe(rows.length - ok.length);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });

  it("start = ts − duration; label without the query; host and key; --group-by a dotted field and path", async () => {
    const lines = fixtureLines("caddy/access.log");
    const decoded = decodeAll(caddyFormat, lines);
    expect(rejectsOf(decoded)).toEqual([]);
    const line = lines.find((l) => l.includes("q=latency"))!;
    const r = JSON.parse(line);
    const latencyNs = Math.round(r.duration * 1e9);
    // The client's address and port are its key only when --per asks (a client may use a pool of connections).
    expect(samplesOf(decodeAll(caddyFormat, [line]))[0]!.key).toBeUndefined();
    expect(samplesOf(decodeAll(caddyFormat, [line], { key: "connection" }))[0]).toEqual({ latencyNs, startNs: Math.round(r.ts * 1e9) - latencyNs, status: r.status, method: "GET", label: "GET /api/search", host: r.request.host, key: `${r.request.remote_ip}:${r.request.remote_port}` });
    const byPath = await latstatJson([ff("caddy/access.log"), "--group-by", "path", "--group-by", "request.proto", "--include-errors"]);
    const group = byPath.groups.find((g: any) => g.values.path === "/static/logo.txt");
    expect(group.count).toBe(records().filter((x) => x.request.uri === "/static/logo.txt").length);
    expect(group.values["request.proto"]).toBe("HTTP/1.1");
  });

  it("Caddy's other log lines are skipped; broken lines are rejected with their numbers", async () => {
    expect(decodeAll(caddyFormat, ['{"level":"info","ts":1,"logger":"tls","msg":"cleaning storage unit"}'])).toEqual([{ skip: "not an access log entry" }]);
    await expectRejected("caddy/access.log", { 7: (l) => l.replace(/"duration":[\d.e-]+/, '"duration":"soon"'), 17: (l) => l.slice(0, 60) });
  });
});
