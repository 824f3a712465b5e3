import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prometheusFormat } from "../../src/formats/prometheus.js";
import type { RecordSink } from "../../src/formats/types.js";
import type { BucketRead } from "../../src/core/classic-histogram.js";
import { runCli } from "../helpers/run-cli.js";
import { ff, latstatJson, tempFile } from "../helpers/formats.js";

type Json = Record<string, any>;

/** The scrapes' histogram read by the test itself: per series (its labels without le), bounds in s and counts. */
function histogramsOf(text: string, metric: string): Map<string, { labels: Record<string, string>; le: number[]; counts: number[]; sum: number }> {
  const series = new Map<string, { labels: Record<string, string>; le: number[]; counts: number[]; sum: number }>();
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${metric}_(bucket|sum)\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (m === null) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    const le = labels.le;
    delete labels.le;
    const key = JSON.stringify(labels);
    if (!series.has(key)) series.set(key, { labels, le: [], counts: [], sum: 0 });
    const s = series.get(key)!;
    if (m[1] === "sum") s.sum = Number(m[3]);
    else {
      s.le.push(le === "+Inf" ? Infinity : Number(le));
      s.counts.push(Number(m[3]));
    }
  }
  return series;
}

/** Prometheus's histogram_quantile (promql/quantile.go bucketQuantile), written here from its documented rules. */
function histogramQuantile(q: number, le: number[], counts: number[]): number {
  const total = counts.at(-1)!;
  const rank = q * total;
  const b = counts.findIndex((c) => c >= rank);
  if (b === counts.length - 1) return le[counts.length - 2]!;
  const start = b === 0 ? 0 : le[b - 1]!;
  const below = b === 0 ? 0 : counts[b - 1]!;
  return start + (le[b]! - start) * ((rank - below) / (counts[b]! - below));
}

const P = (name: string) => ff(`prometheus/${name}`);
const text = (name: string) => readFileSync(P(name), "utf8");
const truth = JSON.parse(text("after.prom.expected.json")) as Json;

/** `after − before` of the series of the two fixture scrapes, added: le in s and cumulative counts. */
function deltaOf(select: (labels: Record<string, string>) => boolean = () => true): { le: number[]; counts: number[]; sum: number } {
  const before = histogramsOf(text("before.prom"), "http_request_duration_seconds");
  const after = histogramsOf(text("after.prom"), "http_request_duration_seconds");
  let le: number[] = [];
  let counts: number[] = [];
  let sum = 0;
  for (const [key, s] of after) {
    if (!select(s.labels)) continue;
    const was = before.get(key);
    le = s.le;
    counts = s.counts.map((c, i) => (counts[i] ?? 0) + c - (was?.counts[i] ?? 0));
    sum += s.sum - (was?.sum ?? 0);
  }
  return { le, counts, sum };
}

describe("prometheus: the requests between two scrapes (--delta)", () => {
  it("count and mean exactly; each percentile's bucket holds the true percentile; estimates as histogram_quantile", async () => {
    const document = await latstatJson([P("before.prom"), P("after.prom"), "--delta", "-p", "50,90,99,99.9"]);
    const { le, counts, sum } = deltaOf();
    const between = truth.between;
    expect(document.input).toMatchObject({ format: "prometheus", entries: "lines", approximate: expect.stringMatching(/histogram_quantile/) });
    expect(document.histogram).toEqual({ metric: "http_request_duration_seconds", series: 6, delta: true });
    expect(document.raw.count).toBe(between.count);
    expect(document.raw.mean).toBeCloseTo(between.sumNs / between.count / 1e6, 3);
    expect(document.raw.mean).toBeCloseTo((sum * 1e3) / between.count, 6);
    expect([document.raw.min, document.raw.max, document.raw.stddev]).toEqual([null, null, null]);
    for (const p of ["50", "90", "99", "99.9"]) {
      const [lower, upper] = document.raw.percentileDetails[p].bucket as [number, number | null];
      const exactMs = between.percentilesNs[p] / 1e6;
      expect(exactMs).toBeGreaterThan(lower);
      expect(exactMs).toBeLessThanOrEqual(upper ?? Infinity);
      expect(document.raw.percentileDetails[p].approximate).toBe(true);
      expect(document.raw.percentiles[p]).toBeCloseTo(histogramQuantile(Number(p) / 100, le, counts) * 1e3, 5);
    }
    expect(document.raw.minBucket[0]).toBeLessThan(between.minNs / 1e6);
    expect(document.raw.maxBucket[1] ?? Infinity).toBeGreaterThanOrEqual(between.maxNs / 1e6);
  });

  it("--group-by handler: each handler's series added, its true percentiles in its buckets", async () => {
    const document = await latstatJson([P("before.prom"), P("after.prom"), "--delta", "--group-by", "handler", "-p", "50,99"]);
    expect(document.groups.map((g: Json) => g.name)).toEqual(["/api/orders", "/api/search", "/api/users"]);
    for (const group of document.groups) {
      const exact = truth.byHandler[group.name];
      expect(group.count).toBe(exact.count);
      for (const p of ["50", "99"]) {
        const [lower, upper] = group.percentileDetails[p].bucket;
        expect(exact.percentilesNs[p] / 1e6).toBeGreaterThan(lower);
        expect(exact.percentilesNs[p] / 1e6).toBeLessThanOrEqual(upper ?? Infinity);
      }
      const { le, counts } = deltaOf((labels) => labels.handler === group.name);
      expect(group.percentiles["99"]).toBeCloseTo(histogramQuantile(0.99, le, counts) * 1e3, 5);
    }
  });

  it("the table shows each percentile's bounds and the estimate, and says APPROXIMATE", async () => {
    const result = await runCli([P("before.prom"), P("after.prom"), "--delta", "-p", "99"]);
    expect(result.code).toBe(0);
    const { le, counts } = deltaOf();
    const b = counts.findIndex((c) => c >= Math.ceil(0.99 * counts.at(-1)!));
    expect(result.stdout).toMatch(new RegExp(`p99 +│ +∈ \\(${le[b - 1]! * 1000}ms, ${le[b]! * 1000}ms\\] ≈ \\d`));
    expect(result.stdout).toMatch(/^APPROXIMATE: from histogram buckets/m);
    expect(result.stdout).toContain("the second scrape minus the first");
  });

  it("refuses a counter reset between the scrapes, and a series that disappears", async () => {
    const reset = await runCli([P("after.prom"), P("before.prom"), "--delta"]);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toMatch(/^latstat: .*before\.prom: http_request_duration_seconds\{code="200", handler="\/api\/orders", method="GET"\}: counter reset between the scrapes \(bucket le=0\.005s went from \d+ to \d+\) \(the process restarted in between; take both scrapes from one run of it\)$/m);
    const fewer = tempFile("fewer.prom", text("after.prom").split("\n").filter((l) => !l.includes('handler="/api/users"')));
    const gone = await runCli([P("before.prom"), fewer, "--delta"]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/handler="\/api\/users".* of .*before\.prom is gone/);
    expect((await runCli([P("after.prom"), "--delta"])).stderr).toMatch(/--delta takes two scrapes, before and after; got 1 inputs/);
  });

  it("check: a budget is met or broken when its whole bucket agrees, otherwise insufficient with the bucket shown", async () => {
    const { le, counts } = deltaOf();
    const b = counts.findIndex((c) => c >= Math.ceil(0.99 * counts.at(-1)!));
    const [lowerMs, upperMs] = [le[b - 1]! * 1000, le[b]! * 1000];
    const budgets = [`p99 < ${upperMs * 2}ms`, `p99 < ${lowerMs}ms`, `p99 < ${(lowerMs + upperMs) / 2}ms`, `p99 <= ${upperMs}ms`, "count >= 1"];
    const result = await runCli(["check", P("before.prom"), P("after.prom"), "--delta", "--json", ...budgets.flatMap((x) => ["--budget", x])]);
    expect(result.code).toBe(1);
    const check = JSON.parse(result.stdout) as Json;
    expect(check.budgets.map((r: Json) => r.status)).toEqual(["pass", "fail", "insufficient", "pass", "pass"]);
    expect(check.budgets[2].bucket).toEqual([lowerMs, upperMs]);
    const table = await runCli(["check", P("before.prom"), P("after.prom"), "--delta", "--budget", budgets[2]!]);
    expect(table.stdout).toMatch(new RegExp(`∈ \\(${lowerMs} ms, ${upperMs} ms\\] ≈ .*the bucket straddles the limit.*INSUFFICIENT`));
    const allowed = await runCli(["check", P("before.prom"), P("after.prom"), "--delta", "--budget", budgets[2]!, "--allow-insufficient"]);
    expect(allowed.code).toBe(0);
  });

  it("check: an SLO share is decided from the buckets around its threshold", async () => {
    const { le, counts } = deltaOf();
    const total = counts.at(-1)!;
    // 25ms is a bucket bound: requests ≤ 10ms were certainly under it, those up to 25ms may have been.
    const i = le.indexOf(0.025);
    const [certain, possible] = [counts[i - 1]!, counts[i]!];
    const check = JSON.parse((await runCli(["check", P("before.prom"), P("after.prom"), "--delta", "--json", "--budget", "50% < 25ms"])).stdout) as Json;
    expect(check.budgets[0]).toMatchObject({ below: certain, belowAtMost: possible, over: total - certain });
  });
});

describe("prometheus: one scrape", () => {
  it("the exposition format's example shapes: escapes, UTF-8 names, timestamps, +Inf; only the histogram is read", async () => {
    const document = await latstatJson([P("exposition.txt"), "-p", "50"]);
    expect(document.input).toMatchObject({ lines: 40, recorded: 9, rejected: 0 });
    expect(document.input.skippedByReason).toMatchObject({ "not a histogram (counter)": 2, "not a histogram (untyped)": 4, "not a histogram (summary)": 5 });
    expect(document.raw.count).toBe(6124);
    expect(document.raw.mean).toBeCloseTo((421.7 / 6124) * 1000, 5);
    expect(document.raw.percentileDetails["50"].bucket).toEqual([25, 50]);
    expect(document.raw.percentiles["50"]).toBeCloseTo(histogramQuantile(0.5, [0.025, 0.05, 0.1, 0.25, 0.5, 1, Infinity], [1240, 3312, 5101, 5990, 6103, 6120, 6124]) * 1000, 6);
    expect(document.raw.maxBucket).toEqual([1000, null]);
  });

  it("OpenMetrics: # UNIT, exemplars, _created and # EOF; series summed, or grouped by a label", async () => {
    const all = await latstatJson([P("openmetrics.txt"), "-p", "50"]);
    expect(all.input.assumedUnit).toEqual({ unit: "ms", source: "metric name" });
    expect(all.raw.count).toBe(900);
    expect(all.raw.mean).toBeCloseTo((14021.5 + 17998) / 900, 5);
    expect(all.raw.percentileDetails["50"].bucket).toEqual([10, 50]);
    const eu = await latstatJson([P("openmetrics.txt"), "--label", "region=e*"]);
    expect(eu.raw.count).toBe(500);
    expect(eu.input.skippedByReason["--label"]).toBe(6);
    const byRegion = await latstatJson([P("openmetrics.txt"), "--group-by", "region"]);
    expect(byRegion.groups.map((g: Json) => [g.name, g.count])).toEqual([["eu", 500], ["us", 400]]);
  });

  it("--metric chooses among several histograms; none or an unknown one is a clear error", async () => {
    const both = tempFile("both.prom", text("exposition.txt") + text("openmetrics.txt").replace("# EOF\n", ""));
    const several = await runCli([both]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/2 histograms in the input: api_request_duration_seconds, checkout_latency_milliseconds \(choose one with --metric NAME\)/);
    expect((await latstatJson([both, "--metric", "checkout_latency_milliseconds_bucket"])).raw.count).toBe(900);
    expect((await runCli([both, "--metric", "nope"])).stderr).toMatch(/--metric nope: no such histogram in the input/);
    expect((await runCli([P("openmetrics.txt"), "--label", "region"])).stderr).toMatch(/--label region: Prometheus series are chosen by their labels, as NAME=VALUE/);
  });

  it("rejects the lines of a series that is no histogram, and lines that are no samples, with their numbers", () => {
    const lines = [
      "# TYPE h_seconds histogram",
      'h_seconds_bucket{s="a",le="0.1"} 5',
      'h_seconds_bucket{s="a",le="0.2"} 4',
      'h_seconds_bucket{s="a",le="+Inf"} 9',
      'h_seconds_bucket{s="b",le="0.1"} 5',
      'h_seconds_count{s="b"} 5',
      'h_seconds_bucket{s="c",le="0.1"} 1',
      'h_seconds_bucket{s="c",le="+Inf"} 2',
      'h_seconds_count{s="c"} 3',
      'h_seconds_bucket{s="d",le="0.1"} 1.5',
      "h_seconds_bucket{s=d} 1",
      'h_seconds_bucket{s="e",le="+Inf"} 2',
      'h_seconds_bucket{s="e",le="+Inf"} 2',
      // Past 2^53 a double rounds it (to 9007199254740992): the series' other line is no whole histogram either.
      'h_seconds_bucket{s="f",le="0.1"} 1',
      'h_seconds_bucket{s="f",le="+Inf"} 9007199254740993',
      // A count that is no number, or a bucket bound: the same (their series' other lines are rejected with them).
      'h_seconds_bucket{s="g",le="0.1"} 5x',
      'h_seconds_bucket{s="g",le="+Inf"} 7',
      'h_seconds_bucket{s="h",le="zero"} 1',
      'h_seconds_bucket{s="h",le="+Inf"} 2',
      // Words that are no sample: their value is what is wrong, not the word after it (taken for a timestamp).
      "garbage line here",
      "garbage 12 here",
    ];
    const outcomes: [number, string][] = [];
    let line = 0;
    const decoder = prometheusFormat.readsDocuments ? undefined : prometheusFormat.createDecoder({ metric: "h_seconds" });
    const sink = {
      at: (n: number) => (line = n),
      skip: (reason?: string) => outcomes.push([line, `skip ${reason ?? ""}`]),
      reject: (reason: string) => outcomes.push([line, `reject ${reason}`]),
      bucketLine: () => outcomes.push([line, "bucket"]),
    } as unknown as RecordSink;
    lines.forEach((text, i) => {
      line = i + 1;
      decoder!.line(text, sink, i + 1);
    });
    decoder!.end!(sink);
    expect(outcomes.sort((a, b) => a[0] - b[0])).toEqual([
      [1, "skip "],
      [2, "reject bucket counts decrease"],
      [3, "reject bucket counts decrease"],
      [4, "reject bucket counts decrease"],
      [5, 'reject histogram without a +Inf bucket'],
      [6, 'reject histogram without a +Inf bucket'],
      [7, 'reject _count differs from the +Inf bucket'],
      [8, 'reject _count differs from the +Inf bucket'],
      [9, 'reject _count differs from the +Inf bucket'],
      [10, "reject bad count"],
      [11, "reject bad label value"],
      [12, "bucket"],
      [13, "reject sample given twice"],
      [14, "reject histogram with a line rejected"],
      [15, "reject count too large"],
      [16, "reject bad count"],
      [17, "reject histogram with a line rejected"],
      [18, "reject bad le"],
      [19, "reject histogram with a line rejected"],
      [20, "reject bad value"],
      [21, "reject bad timestamp"],
    ]);
    expect((decoder!.buckets!() as BucketRead).series.map((x) => x.labels)).toEqual([{ s: "e" }]);
  });

  it("Envoy's histograms, named without a unit, are in ms (Envoy's /stats/prometheus); others without one in s", async () => {
    // As Envoy's Prometheus formatter writes upstream_rq_time (its default buckets, in ms): 7 requests.
    const bounds = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
    const cumulative = [0, 0, 0, 0, 1, 2, 4, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7];
    const scrape = (name: string) =>
      [`# TYPE ${name} histogram`, ...bounds.map((le, i) => `${name}_bucket{le="${le}"} ${cumulative[i]}`), `${name}_bucket{le="+Inf"} 7`, `${name}_sum{} 5530`, `${name}_count{} 7`, ""].join("\n");
    const envoy = await latstatJson([tempFile("envoy.prom", scrape("envoy_cluster_upstream_rq_time"))]);
    // The mean is exact: 5530 ms / 7 = 790 ms; the p50 (4th of 7) lies in (50, 100] ms.
    expect(envoy.raw.mean).toBeCloseTo(790, 6);
    expect(envoy.raw.percentileDetails["50"].bucket).toEqual([50, 100]);
    const other = await latstatJson([tempFile("other.prom", scrape("app_request_latency"))]);
    expect(other.raw.mean).toBeCloseTo(790_000, 3);
  });

  it("commands that need requests refuse bucket counts; report refuses the flags that need requests", async () => {
    for (const args of [["timeline", P("after.prom")], ["compare", P("before.prom"), P("after.prom")], ["plot", P("after.prom")]]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/a Prometheus histogram holds bucket counts, not requests: this command cannot use them \(latstat report and latstat check read them\)/);
    }
    const flags = await runCli([P("after.prom"), "--threshold", "100ms", "--ci"]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(/^latstat: --ci, --threshold: need the requests themselves; a Prometheus histogram holds bucket counts/m);
    expect((await runCli([P("after.prom"), "--since", "2026-01-01"])).stderr).toMatch(/--status, --since and --until pick requests, which bucket counts do not hold/);
    expect((await runCli([P("after.prom"), ff("hey/flaky.csv")])).stderr).toMatch(/flaky\.csv: requests cannot be added to bucket counts/);
    expect((await runCli([ff("hey/flaky.csv"), "--delta"])).stderr).toMatch(/--delta subtracts one Prometheus scrape from another/);
  });

  it("-o csv: bounds and estimates per percentile, +Inf for the open bucket", async () => {
    const result = await runCli([P("exposition.txt"), "-o", "csv", "-p", "50,99.99"]);
    const [header, row] = result.stdout.trim().split("\n");
    expect(header).toBe("input,count,mean_ms,min_lower_ms,min_upper_ms,p50_lower_ms,p50_upper_ms,p50_estimate_ms,p99.99_lower_ms,p99.99_upper_ms,p99.99_estimate_ms,max_lower_ms,max_upper_ms");
    expect(row!.split(",").slice(1)).toEqual(["6124", "68.860222", "0", "25", "25", "50", expect.stringMatching(/^4\d\.\d+$/), "1000", "+Inf", "1000", "1000", "+Inf"]);
    const markdown = (await runCli([P("exposition.txt"), "-o", "markdown", "-p", "99"])).stdout;
    // The bracket escaped, as markdown reads `]` after `[`: it shows as "(250ms, 500ms]".
    expect(markdown).toMatch(/^\| p99 \| ∈ \(250ms, 500ms\\\] ≈ 411ms \|$/m);
    expect(markdown).toMatch(/^APPROXIMATE: from histogram buckets/m);
  });

  it("OpenMetrics corner cases of its spec's examples: a bucket at 0, bounds up to 1e+23, exemplars without labels", async () => {
    const text = [
      "# TYPE job_seconds histogram",
      'job_seconds_bucket{le="0.0"} 2',
      'job_seconds_bucket{le="1e-05"} 2',
      'job_seconds_bucket{le="0.1"} 9 # {} 0.061',
      'job_seconds_bucket{le="10.0"} 12 # {trace_id="aZ3"} 7.5 1793610000.25',
      'job_seconds_bucket{le="1e+23"} 13',
      'job_seconds_bucket{le="+Inf"} 13',
      "job_seconds_count 13",
      "job_seconds_sum 28.5",
      "job_seconds_created  1793600000.5",
      "# EOF",
    ];
    const document = await latstatJson(["-f", "prometheus", tempFile("om.txt", text), "-p", "10,50,90,100"]);
    expect(document.raw.count).toBe(13);
    expect(document.raw.minBucket).toEqual([0, 0]);
    expect(document.raw.percentileDetails["10"].bucket).toEqual([0, 0]);
    expect(document.raw.percentileDetails["50"].bucket).toEqual([0.01, 100]);
    expect(document.raw.percentileDetails["90"].bucket).toEqual([100, 10000]);
    const [lower, upper] = document.raw.percentileDetails["100"].bucket;
    expect([lower, upper / 1e26]).toEqual([10000, expect.closeTo(1, 9)]);
    expect(document.input).toMatchObject({ recorded: 8, rejected: 0 });
  });
});
