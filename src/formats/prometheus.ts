/**
 * `prometheus`: histograms in the Prometheus text exposition format (prometheus.io/docs/instrumenting/
 * exposition_formats, "Text-based format"), as a scrape of /metrics holds them; OpenMetrics 1.0 text is read too.
 *
 *   line    = "# HELP " name text | "# TYPE " name type | "# UNIT " name unit | "# EOF" | "#" comment | sample | blank
 *   sample  = name [ "{" [ labels ] "}" ] value [ timestamp ] [ " # " exemplar ]
 *           | "{" quoted-name [ "," labels ] "}" value [ timestamp ]            (UTF-8 metric names)
 *   labels  = label { "," label } [ "," ]          label = (name | quoted) "=" quoted      escapes \\ \" \n
 *   value   = a Go float: 1.5, 1e3, +Inf, -Inf, NaN
 *
 * A histogram NAME (`# TYPE NAME histogram`) is a family of series, one per set of labels other than `le`, each
 * with cumulative bucket counts `NAME_bucket{le="…"}` up to le="+Inf", `NAME_sum` and `NAME_count`
 * (OpenMetrics `NAME_created` is skipped). The histogram read is `--metric NAME`, or the only one the input holds
 * (said on stderr); `--label NAME=VALUE` (repeatable, VALUE a glob as --label's elsewhere) keeps the series with
 * those labels. Bucket bounds are in --unit, else the unit of `# UNIT`, else the one the metric's name ends in
 * (`_seconds`, `_milliseconds`…), else milliseconds for Envoy's histograms (`envoy_…`: Envoy records its timings in
 * ms and names most without a unit, e.g. `envoy_cluster_upstream_rq_time`), else seconds, Prometheus's base unit.
 *
 * Lines: sample lines of other types are skipped as they come (`not a histogram (counter)`…); the lines of
 * histograms are held until the end, when the metric is known: those of the series read are recorded (their
 * counts are handed over whole by `buckets()`), those of other histograms or series --label leaves out skipped,
 * those of a series that is no valid histogram (no +Inf bucket, counts that go down, `_count` unlike the +Inf
 * bucket) rejected. HELP, TYPE, UNIT, EOF, comments and blank lines are skipped; a line that is no sample is
 * rejected.
 */
import type { BucketRead, BucketSeries } from "../core/classic-histogram.js";
import { quoted, UserError } from "../base/errors.js";
import { globMatch } from "../base/glob.js";
import { NS_PER_UNIT, unitFromName, type TimeUnit } from "../base/units.js";
import type { DecodeOptions, LineDecoder, LineFormat, RecordSink, SampleSink, SniffResult, UnitChoice } from "./types.js";

const SUFFIXES = ["_bucket", "_sum", "_count", "_created"] as const;
/** The suffixes of the samples of any family (OpenMetrics counters, gauge histograms, infos too). */
const FAMILY_SUFFIXES = [...SUFFIXES, "_total", "_gcount", "_gsum", "_info"];
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;
const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const UNIT_WORDS: Readonly<Record<string, TimeUnit>> = { seconds: "s", milliseconds: "ms", microseconds: "us", nanoseconds: "ns" };

interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  /** Undefined when not a number as Prometheus writes one: a histogram's line is then rejected within its series. */
  value: number | undefined;
}

/** A Go float as Prometheus writes it; undefined when it is not one. */
function goFloat(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  if (!SPECIAL.test(text)) return undefined;
  const lower = text.toLowerCase();
  return lower.includes("nan") ? NaN : lower.startsWith("-") ? -Infinity : Infinity;
}

/** The prefix of Envoy's metrics (`/stats/prometheus`), whose histograms of times are in milliseconds. */
const ENVOY_PREFIX = "envoy_";

/** Reads a sample line (see the grammar), or says why it is not one. */
function parseSample(line: string): ParsedSample | { reason: string } {
  let i = 0;
  let name = "";
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  const identifier = () => {
    const start = i;
    if (i < line.length && NAME_START.test(line[i]!)) i++;
    else return undefined;
    while (i < line.length && NAME_CHAR.test(line[i]!)) i++;
    return line.slice(start, i);
  };
  const quotedString = () => {
    if (line[i] !== '"') return undefined;
    let text = "";
    for (i++; i < line.length; i++) {
      const c = line[i]!;
      if (c === '"') {
        i++;
        return text;
      }
      if (c === "\\") {
        const e = line[++i];
        if (e === "n") text += "\n";
        else if (e === "\\" || e === '"') text += e;
        else return undefined;
      } else text += c;
    }
    return undefined;
  };
  const space = () => {
    while (line[i] === " " || line[i] === "\t") i++;
  };
  if (line[i] !== "{") {
    const id = identifier();
    if (id === undefined) return { reason: "not a sample" };
    name = id;
  }
  if (line[i] === "{") {
    i++;
    space();
    while (line[i] !== "}") {
      const key = line[i] === '"' ? quotedString() : identifier();
      if (key === undefined) return { reason: "bad label" };
      space();
      if (line[i] !== "=") {
        // A quoted name without a value is the metric's name (UTF-8 names go inside the braces).
        if (name !== "" || line[i - 1] !== '"') return { reason: "bad label" };
        name = key;
      } else {
        i++;
        space();
        const value = quotedString();
        if (value === undefined) return { reason: "bad label value" };
        if (Object.hasOwn(labels, key)) return { reason: "label given twice" };
        labels[key] = value;
      }
      space();
      if (line[i] === ",") {
        i++;
        space();
      } else if (line[i] !== "}") return { reason: "bad label" };
    }
    i++;
  }
  if (name === "") return { reason: "not a sample" };
  // Value and timestamp; an OpenMetrics exemplar (` # {…} value`) after them is not read.
  let rest = line.slice(i).trim().split(/\s+/);
  const exemplar = rest.indexOf("#");
  if (exemplar >= 0) rest = rest.slice(0, exemplar);
  if (rest.length === 0 || rest[0] === "" || rest.length > 2) return { reason: "not a sample" };
  const value = goFloat(rest[0]!);
  // A value that is no number says what is wrong with the line (`garbage line here`), not the word after it.
  if (rest.length === 2 && value !== undefined && !/^-?\d+(?:\.\d+)?$/.test(rest[1]!)) return { reason: "bad timestamp" };
  return { name, labels, value };
}

/** A series of a histogram family as it is read: bucket counts by `le`, and the lines it came from. */
interface SeriesLines {
  labels: Record<string, string>;
  buckets: Map<number, number>;
  sum: number | undefined;
  count: number | undefined;
  lineNos: number[];
  /** Lines of it rejected (a bad count…): what is left is no whole histogram. */
  rejected: number;
}

/** A `--label NAME=VALUE` selector. */
interface Matcher {
  name: string;
  glob: string;
}

function parseMatchers(labels: readonly string[]): Matcher[] {
  return labels.map((text) => {
    const at = text.indexOf("=");
    if (at <= 0) throw new UserError(`--label ${text}: Prometheus series are chosen by their labels, as NAME=VALUE`, 'e.g. --label method=GET --label "code=2*"');
    return { name: text.slice(0, at), glob: text.slice(at + 1) };
  });
}

class PrometheusDecoder implements LineDecoder {
  private readonly types = new Map<string, string>();
  private readonly units = new Map<string, TimeUnit>();
  /** Histogram families, in the order they came: their series by label set. */
  private readonly families = new Map<string, Map<string, SeriesLines>>();
  private readonly matchers: Matcher[];
  private notices: string[] = [];
  private read: BucketRead | undefined;
  private unit: UnitChoice | undefined;

  constructor(private readonly options: DecodeOptions) {
    this.matchers = parseMatchers(options.labels ?? []);
  }

  line(text: string, sink: SampleSink, lineNo: number): void {
    const line = text.trim();
    if (line === "") return sink.skip();
    if (line.startsWith("#")) return this.comment(line, sink);
    const sample = parseSample(line);
    if ("reason" in sample) return sink.reject(sample.reason);
    const suffix = SUFFIXES.find((s) => sample.name.endsWith(s));
    const family = suffix === undefined ? sample.name : sample.name.slice(0, -suffix.length);
    if (this.types.get(sample.name) === "histogram") return sink.reject("histogram sample without _bucket, _sum or _count");
    if (this.types.get(family) !== "histogram" || suffix === undefined) {
      return sample.value === undefined ? sink.reject("bad value") : sink.skip(`not a histogram (${this.typeOf(sample.name)})`);
    }
    if (suffix === "_created") return sink.skip("creation time (_created)");
    this.hold(family, suffix, sample, sink, lineNo);
  }

  /** The TYPE of the family a sample belongs to: its own name's, or its name's without a sample suffix. */
  private typeOf(name: string): string {
    const family = [name, ...FAMILY_SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length))].find((f) => this.types.has(f));
    return family === undefined ? "untyped" : this.types.get(family)!;
  }

  private comment(line: string, sink: SampleSink): void {
    const meta = /^#\s+(TYPE|UNIT)\s+(\S+)\s+(\S+)/.exec(line);
    if (meta !== null) {
      const [, kind, name, word] = meta;
      if (kind === "TYPE") this.types.set(name!, word!.toLowerCase());
      else if (UNIT_WORDS[word!] !== undefined) this.units.set(name!, UNIT_WORDS[word!]!);
    }
    sink.skip();
  }

  /** Keeps a histogram line's count in its series; its booking waits for the end. */
  private hold(family: string, suffix: "_bucket" | "_sum" | "_count", sample: ParsedSample, sink: SampleSink, lineNo: number): void {
    const labels = { ...sample.labels };
    const leText = suffix === "_bucket" && Object.hasOwn(labels, "le") ? labels.le : undefined;
    if (suffix === "_bucket") {
      if (leText === undefined) return sink.reject("bucket without le");
      delete labels.le;
    }
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let series = this.families.get(family);
    if (series === undefined) this.families.set(family, (series = new Map()));
    let lines = series.get(key);
    if (lines === undefined) series.set(key, (lines = { labels, buckets: new Map(), sum: undefined, count: undefined, lineNos: [], rejected: 0 }));
    const le = suffix === "_bucket" ? goFloat(leText!) : undefined;
    const value = sample.value ?? NaN;
    // Past 2^53 − 1 a double may have rounded a count (9007199254740993 reads 9007199254740992); the hgrm reader refuses it too.
    const badCount = !(Number.isInteger(value) && value >= 0);
    const badLe = suffix === "_bucket" && (le === undefined || Number.isNaN(le));
    if (badLe || (suffix === "_sum" ? !Number.isFinite(value) : badCount || value > Number.MAX_SAFE_INTEGER)) {
      // A rejected line leaves the series no whole histogram (see `build`).
      lines.rejected++;
      return sink.reject(badLe ? "bad le" : suffix === "_sum" ? "bad value" : badCount ? "bad count" : "count too large");
    }
    const duplicate = le !== undefined ? lines.buckets.has(le) : suffix === "_sum" ? lines.sum !== undefined : lines.count !== undefined;
    if (duplicate) return sink.reject("sample given twice");
    if (le !== undefined) lines.buckets.set(le, value);
    else if (suffix === "_sum") lines.sum = value;
    else lines.count = value;
    lines.lineNos.push(lineNo);
  }

  end(sink: RecordSink): void {
    const metric = this.chooseMetric();
    for (const [family, series] of this.families) {
      for (const lines of series.values()) {
        const book = (outcome: (s: RecordSink) => void) => {
          for (const lineNo of lines.lineNos) {
            sink.at(lineNo);
            outcome(sink);
          }
        };
        if (family !== metric) {
          book((s) => s.skip("other histogram"));
          continue;
        }
        if (!this.matchers.every((m) => Object.hasOwn(lines.labels, m.name) && globMatch(m.glob, lines.labels[m.name]!))) {
          book((s) => s.skip("--label"));
          continue;
        }
        const built = this.build(lines);
        if ("reason" in built) book((s) => s.reject(built.reason));
        else {
          book((s) => s.bucketLine());
          this.read!.series.push(built);
        }
      }
    }
    if (this.read !== undefined && this.read.series.length === 0 && this.matchers.length > 0) {
      this.notices.push(`no series of ${this.read.metric} has the labels ${this.matchers.map((m) => `${m.name}=${m.glob}`).join(", ")}`);
    }
  }

  /** The metric to read: --metric, or the only histogram; sets the unit. */
  private chooseMetric(): string {
    const histograms = [...this.families.keys()];
    let metric = this.options.metric;
    if (metric !== undefined) {
      const suffix = SUFFIXES.find((s) => metric!.endsWith(s) && this.families.has(metric!.slice(0, -s.length)));
      if (suffix !== undefined) metric = metric.slice(0, -suffix.length);
      if (!this.families.has(metric)) {
        throw new UserError(`--metric ${metric}: no such histogram in the input`, histograms.length === 0 ? "it holds no histogram" : `its histograms: ${quoted(histograms.join(", "))}`);
      }
    } else if (histograms.length === 1) {
      metric = histograms[0]!;
      this.notices.push(`reading histogram ${metric}, the only one in the input (choose with --metric)`);
    } else if (histograms.length === 0) {
      throw new UserError("no histogram in the input", "latstat reads the _bucket lines of a metric of TYPE histogram");
    } else {
      throw new UserError(`${histograms.length} histograms in the input: ${quoted(histograms.join(", "))}`, "choose one with --metric NAME");
    }
    const unit: UnitChoice = this.options.unit
      ? { unit: this.options.unit, source: "--unit" }
      : this.units.has(metric)
        ? { unit: this.units.get(metric)!, source: "metric name" }
        : unitFromName(metric)
          ? { unit: unitFromName(metric)!, source: "metric name" }
          : metric.startsWith(ENVOY_PREFIX)
            ? { unit: "ms", source: "metric name" }
            : { unit: "s", source: "default" };
    this.unit = unit;
    this.read = { metric, series: [] };
    return metric;
  }

  /** A series as a histogram in ns, or why it is not a valid one. */
  private build(lines: SeriesLines): BucketSeries | { reason: string } {
    if (lines.rejected > 0) return { reason: "histogram with a line rejected" };
    const bounds = [...lines.buckets.keys()].sort((a, b) => a - b);
    if (bounds.at(-1) !== Infinity) return { reason: "histogram without a +Inf bucket" };
    const nsPerUnit = NS_PER_UNIT[this.unit!.unit];
    const boundsNs = bounds.map((le) => (le === Infinity ? Infinity : Math.round(le * nsPerUnit)));
    if (boundsNs.some((b, i) => b < 0 || (i > 0 && b <= boundsNs[i - 1]!))) return { reason: "bucket bounds negative or closer than 1 ns" };
    const cumulative = bounds.map((le) => lines.buckets.get(le)!);
    if (cumulative.some((c, i) => i > 0 && c < cumulative[i - 1]!)) return { reason: "bucket counts decrease" };
    if (lines.count !== undefined && lines.count !== cumulative.at(-1)) return { reason: "_count differs from the +Inf bucket" };
    return { labels: lines.labels, histogram: { boundsNs, cumulative, sumNs: lines.sum === undefined ? undefined : lines.sum * nsPerUnit } };
  }

  buckets(): BucketRead | undefined {
    return this.read;
  }

  unitChoice(): UnitChoice | undefined {
    return this.unit;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

const TYPE_LINE = /^#\s+TYPE\s+\S+\s+(\S+)\s*$/;

/** A scrape: nearly every line a sample or a comment, with TYPE lines (a histogram's may come later). */
function sniff(lines: readonly string[]): SniffResult {
  const content = lines.map((l) => l.trim()).filter((l) => l !== "");
  if (content.length === 0) return { score: 0, why: "no content lines" };
  const types = content.flatMap((l) => TYPE_LINE.exec(l)?.[1] ?? []);
  if (types.length === 0) return { score: 0, why: "no # TYPE lines" };
  const samples = content.filter((l) => l.startsWith("#") || !("reason" in parseSample(l))).length;
  const share = samples / content.length;
  const histograms = types.filter((t) => t === "histogram").length;
  return { score: share >= 0.9 ? share * (histograms > 0 ? 1 : 0.95) : 0, why: `${types.length} TYPE lines (${histograms} histogram); ${samples} of ${content.length} lines are samples or comments` };
}

export const prometheusFormat: LineFormat = {
  name: "prometheus",
  description: "Prometheus/OpenMetrics text exposition (a /metrics scrape); a histogram's _bucket counts (--metric, --label NAME=VALUE), bounds in the unit its name ends in, else s; approximate",
  example: 'http_request_duration_seconds_bucket{handler="/api/users",le="0.25"} 1832',
  sniff,
  createDecoder: (options) => new PrometheusDecoder(options),
  readsBuckets: true,
  approximate: "read from histogram buckets: each percentile is known to its bucket, with an estimate inside it",
};
