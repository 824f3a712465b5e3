/**
 * `hlog`: HdrHistogram interval logs (jHiccup, cassandra-stress, YCSB, HdrHistogram's HistogramLogWriter), log
 * format versions 1.0–1.3, every compressed encoding Java reads (`HISTF…`, `HISTI…`, `HISTg…`, `HISTi…`):
 *
 *   #[Histogram log format version 1.3]                              comments and headers: skipped
 *   #[StartTime: 1441812279.474 (seconds since epoch), …]
 *   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
 *   [Tag=NAME,]start,length,max,HISTF…                               one histogram of nanoseconds per line
 *
 * The line grammar and timestamp rules are in src/hlog/log-line.ts and log-reader.ts. Each interval line the
 * selection keeps (HistogramLogProcessor's: untagged lines unless `--tag`/`--all-tags`, starting within
 * `--start`/`--end` seconds of StartTime — by default from 0, so not before StartTime; the first line past the end
 * stops the reading, as in Java) goes to the sink as a whole histogram. Every other interval line is skipped under
 * the reason it was left out — "before the log's start time" (unless `--include-early`), "outside --start/--end"
 * or "other tag" — and a notice at the end says how many intervals (and, but for other tags, samples) each left
 * out. A double histogram (`DHIST…`) is an error. A log that an interrupted latstat wrote says so in a `# PARTIAL: …`
 * line: it is read all the same, with a warning, and the input is marked partial.
 */
import { UserError } from "../base/errors.js";
import { HlogReader } from "../hlog/log-reader.js";
import { decodeHistogram, ReusedHistograms } from "../hlog/decode.js";
import type { DecodeOptions, Format, HlogSelection, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";

const HEADER = /^#\[(Histogram log format version |StartTime: |BaseTime: )/;
const LEGEND = /^"StartTimestamp","(Interval_Length|EndTimestamp)"/;
const INTERVAL = /^(Tag=[^,\s]+,)?\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?,D?HIST[A-Za-z0-9+/=]+\s*$/;
const DOUBLE_HISTOGRAM = /,\s*DHIST[^,]*$/;
/** A log that starts within a year of the epoch counts its time from its run's start (see LineDecoder.undated). */
const UNDATED_BEFORE_SEC = 365 * 24 * 3600;

function sniff(lines: readonly string[]): SniffResult {
  if (lines.some((line) => HEADER.test(line))) return { score: 1, why: "an HdrHistogram log header" };
  if (lines.some((line) => LEGEND.test(line))) return { score: 1, why: "the HdrHistogram log legend" };
  const content = lines.filter((line) => line.trim() !== "" && !line.startsWith("#"));
  const intervals = content.filter((line) => INTERVAL.test(line)).length;
  if (intervals > 0 && intervals === content.length) return { score: 1, why: `${intervals} interval histogram lines` };
  return { score: 0, why: "no HdrHistogram log header, legend or interval lines" };
}

/** Why the selection left an interval out: the reason its line is skipped under. */
type LeftOut = "before the log's start time" | "outside --start/--end" | "other tag";

class HlogDecoder implements LineDecoder {
  // The sink's consumers add each interval into totals or copy it (IntervalCollector): none keeps the histogram.
  private readonly reader = new HlogReader({ reuseHistograms: true });
  private readonly selection: HlogSelection;
  private lineNo = 0;
  /** Set at the first interval past `--end`: Java's reader stops there, so every later interval is skipped. */
  private ended = false;
  private selected = 0;
  private unselected = 0;
  /** Why the last interval the selector saw was left out. */
  private why: LeftOut | undefined;
  /** Intervals and their samples left out, by reason (samples are not counted for other tags: not decoded). */
  private readonly leftOut = new Map<LeftOut, { intervals: number; samples: number }>();
  private readonly notices: string[] = [];
  /** A `# PARTIAL: …` line was read. */
  private partial = false;
  /** For the totals of intervals left out: only their count is read. */
  private readonly leftOutHistograms = new ReusedHistograms();

  constructor(options: DecodeOptions) {
    this.selection = options.hlog ?? {};
  }

  line(text: string, sink: SampleSink): void {
    const event = this.reader.accept(text, ++this.lineNo, (tag, offsetSec) => this.selects(tag, offsetSec));
    if (event.kind === "rejected") {
      if (DOUBLE_HISTOGRAM.test(text.trim())) {
        throw new UserError("double histograms (DHIST…) are not supported", "latstat reads integer HdrHistogram logs, as jHiccup and HistogramLogWriter write them");
      }
      return sink.reject(event.reason);
    }
    if (event.kind === "unselected") {
      this.unselected++;
      const why = this.why!;
      const tally = this.leftOut.get(why) ?? { intervals: 0, samples: 0 };
      tally.intervals++;
      if (why !== "other tag") tally.samples += samplesIn(event.histogram, this.leftOutHistograms);
      this.leftOut.set(why, tally);
      return sink.skip(why);
    }
    if (event.kind === "partial-mark" && !this.partial) {
      this.partial = true;
      this.notices.push("warning: marked PARTIAL (written by an interrupted run, from logs with intervals rejected, or made from such a log): it holds only part of the data, and so does every figure made of it");
    }
    if (event.kind !== "interval") return sink.skip();
    const { tag, startSec, lengthSec, histogram } = event.interval;
    this.selected++;
    if (histogram.numberOfSignificantValueDigits < 1) return sink.reject("histograms with 0 significant digits are not supported");
    const logStartSec = this.reader.header.startTimeSec ?? startSec;
    sink.intervalHistogram(histogram, { startSec, lengthSec, logStartSec, ...(tag !== undefined ? { tag } : {}) });
  }

  // HistogramLogProcessor's selection: the time range first (as its reader), then the tag.
  private selects(tag: string | undefined, offsetSec: number): boolean {
    const { startSec, endSec = Number.MAX_VALUE, allTags = false, includeEarly = false } = this.selection;
    this.why = undefined;
    if (this.ended || (startSec !== undefined && offsetSec < startSec)) this.why = "outside --start/--end";
    else if (startSec === undefined && offsetSec < 0 && !includeEarly) this.why = "before the log's start time";
    else if (offsetSec > endSec) {
      this.ended = true;
      this.why = "outside --start/--end";
    } else if (!allTags && tag !== this.selection.tag) this.why = "other tag";
    return this.why === undefined;
  }

  /** Says how many intervals the selection left out, and why nothing was read when it kept none. */
  end(): void {
    if (this.unselected === 0) return;
    const { tag, allTags, startSec, endSec } = this.selection;
    if (this.selected === 0) {
      const which = allTags ? [] : [tag === undefined ? "untagged" : `tagged ${tag}`];
      const range = startSec !== undefined || endSec !== undefined ? ["within --start/--end"] : [];
      this.notices.push(`none of its ${this.unselected} intervals is ${[...which, ...range].join(" and ")} (--list-tags shows the tags)`);
      return;
    }
    const counted = (t: { intervals: number; samples: number }) => `${count(t.intervals)} interval${t.intervals === 1 ? "" : "s"} (${count(t.samples)} samples)`;
    const early = this.leftOut.get("before the log's start time");
    if (early) this.notices.push(`${counted(early)} ${early.intervals === 1 ? "starts" : "start"} before the log's StartTime: left out, as HistogramLogProcessor does (--include-early reads them)`);
    const outside = this.leftOut.get("outside --start/--end");
    if (outside) this.notices.push(`${counted(outside)} outside --start/--end: left out`);
    const other = this.leftOut.get("other tag");
    if (other) {
      const which = tag === undefined ? "tagged" : "other tags'";
      this.notices.push(`${count(other.intervals)} ${which} interval${other.intervals === 1 ? "" : "s"} left out (${tag === undefined ? "--tag NAME reads one tag, " : ""}--all-tags reads every tag; --list-tags lists them)`);
    }
  }

  markedPartial(): boolean {
    return this.partial;
  }

  undated(): boolean {
    const startTimeSec = this.reader.header.startTimeSec;
    return startTimeSec !== undefined && startTimeSec < UNDATED_BEFORE_SEC;
  }

  unitChoice(): UnitChoice {
    return { unit: "ns", source: "format" };
  }

  takeNotices(): string[] {
    return this.notices.splice(0);
  }
}

/** The samples in an interval left out, or 0 when its histogram does not decode (it is not read either way). */
function samplesIn(histogram: string, reuse: ReusedHistograms): number {
  try {
    return decodeHistogram(histogram, reuse).totalCount;
  } catch {
    return 0;
  }
}

const count = (n: number) => n.toLocaleString("en-US");

export const hlogFormat: Format = {
  name: "hlog",
  description: "HdrHistogram interval log (jHiccup, HistogramLogWriter, cassandra-stress, YCSB): one histogram of ns per interval line, any version or encoding",
  example: "Tag=get,0.127,1.007,2.769,HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEu…",
  sniff,
  createDecoder: (options) => new HlogDecoder(options),
};
