/**
 * `jtl`: Apache JMeter results (`jmeter -n -l FILE`), CSV with or without a header, or XML.
 *
 *   csv      = [header] { record }                    fields split by "," (or a tab), quoted per RFC 4180
 *   header   = names in JMeter's fixed order, each present when saved (CSVSaveService):
 *              timeStamp elapsed label responseCode responseMessage threadName dataType success failureMessage
 *              bytes sentBytes grpThreads allThreads URL Filename Latency Encoding SampleCount ErrorCount
 *              Hostname IdleTime Connect {"variable"}
 *   xml      = "<?xml …?>" "<testResults …>" { sample } "</testResults>"
 *   sample   = ("<httpSample" | "<sample") attributes ("/>" | ">" { child | sample } "</…Sample>")
 *              with t (elapsed) lt (Latency) ct (Connect) ts (timeStamp) s (success) lb (label) rc (responseCode)
 *              tn (threadName); one element starts per line, as JMeter writes them
 *
 * Without a header the columns must be one of JMeter's default sets (told apart by their number):
 *   12  2.x:     timeStamp … success bytes grpThreads allThreads Latency
 *   14  3.0:     … success failureMessage bytes grpThreads allThreads Latency IdleTime
 *   16  3.1–4.0: … success failureMessage bytes sentBytes grpThreads allThreads Latency IdleTime Connect
 *   17  5.x:     … success failureMessage bytes sentBytes grpThreads allThreads URL Latency IdleTime Connect
 *
 * The latency is `elapsed` in ms (--metric Latency: time to first byte; --metric Connect). `timeStamp` is the
 * start in epoch ms (JMeter's default, sampleresult.timestamp.start=true); a date-formatted timeStamp
 * (jmeter.save.saveservice.timestamp_format, e.g. yyyy/MM/dd HH:mm:ss.SSS) takes the zone SimpleDateFormat writes
 * after it (Z: +0000, X: Z or +00, XXX: +00:00), and is read as UTC without one. `success=false` marks a failed
 * sample. Sub-samples (nested in XML: redirects, embedded resources) are skipped: their parent already holds their
 * time. A Transaction Controller's sample (responseMessage "Number of samples in transaction : N, number of
 * failing samples : M", as JMeter's TransactionController recognizes its own) is no request but the total of the
 * samples in it: it is skipped and they are read. Without "Generate parent sample" JMeter writes it after them, as
 * a sample of its own; with it, XML nests them in it (each an outer sample, read as one, a nested controller's in
 * turn) and CSV writes them as rows after it, one level only (a nested controller's samples are not in the file).
 * In CSV, JMeter 5 writes a sample's sub-results as rows right after it, labelled `<its label>-<n>` (redirects):
 * such a row within its parent's time is skipped too (read in parts on several threads, the few right after a cut
 * between them and their parent are counted). A quoted field may hold line breaks (JMeter quotes a failureMessage
 * that has them, as a Response Assertion's comparison does): the record goes on to the line that closes it.
 */

/** A quoted field still open after this many lines or characters is a stray quote (see QuotedRecords). */
const RECORD_LIMITS: RecordLimits = { lines: 200, chars: 256 * 1024 };
/** Sub-result rows lie within their parent's time, up to the ms the times are rounded to. */
const ROUNDING_NS = 1e6;
const HYPHEN = 0x2d;
/** How a Transaction Controller's responseMessage begins (TransactionController.NUMBER_OF_SAMPLES_IN_TRANSACTION_PREFIX). */
const TRANSACTION_PREFIX = "Number of samples in transaction : ";
const TRANSACTION_BYTES = Buffer.from(TRANSACTION_PREFIX);
const TRANSACTION_SKIP = "JMeter transaction (a total of its samples)";

/** Whether `text` from `from` on is one or more ASCII digits. */
function isDigits(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
import { UserError } from "../base/errors.js";
import { MAX_LATENCY_NS, toNanoseconds } from "../base/units.js";
import { bytesEqual, contentEndOf, epochOrNaN, integerAt, lineEndOf, QUOTE } from "./bytes.js";
import { TextCache } from "./text-cache.js";
import { QuotedRecords, splitDelimited, type RecordLimits } from "./delimited-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { BlockSink, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { senderNotice } from "./latency-names.js";

const FIRST_EIGHT = ["timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName", "dataType", "success"];
/** JMeter's default column sets, by count, for files without a header. */
const DEFAULT_COLUMNS: Readonly<Record<number, readonly string[]>> = {
  12: [...FIRST_EIGHT, "bytes", "grpThreads", "allThreads", "Latency"],
  14: [...FIRST_EIGHT, "failureMessage", "bytes", "grpThreads", "allThreads", "Latency", "IdleTime"],
  16: [...FIRST_EIGHT, "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "Latency", "IdleTime", "Connect"],
  17: [...FIRST_EIGHT, "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect"],
};

/** --metric values and the CSV column / XML attribute each one reads. */
const METRICS: Readonly<Record<string, { column: string; attribute: string; saveProperty: string }>> = {
  elapsed: { column: "elapsed", attribute: "t", saveProperty: "time" },
  latency: { column: "Latency", attribute: "lt", saveProperty: "latency" },
  connect: { column: "Connect", attribute: "ct", saveProperty: "connect_time" },
};

const INTEGER = /^\d+$/;
/** A date-time as SimpleDateFormat writes it, with a zone (Z, X, XX, XXX; a space before it or not) or none. */
const DATE_TIME = /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?) ?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const SAMPLE_START = /^\s*<(httpSample|sample)\s/;
const SAMPLE_END = /^\s*<\/(httpSample|sample)>\s*$/;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)="([^"]*)"/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Column indexes of a header that the fast path reads (the latency's always there: the header was checked). */
interface ColumnPlaces {
  value: number;
  responseMessage: number | undefined;
  timeStamp: number | undefined;
  success: number | undefined;
  responseCode: number | undefined;
  label: number | undefined;
  threadName: number | undefined;
}

/** What the fast path makes of a Transaction Controller's row. */
const TRANSACTION = Symbol("transaction");

/** Whether `bytes[start, end)` begins with `prefix`. */
function startsWithBytes(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  return end - start >= prefix.length && bytesEqual(bytes, start, start + prefix.length, prefix);
}

const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");

class JtlDecoder implements LineDecoder {
  private mode: "csv" | "xml" | undefined;
  private columns: Map<string, number> | undefined;
  private headerLine = "";
  private delimiter = ",";
  /** XML: how many sample elements are open around the current line. */
  private depth = 0;
  /** XML: how many of the outermost of those are Transaction Controllers, whose samples are requests. */
  private openTransactions = 0;
  private saidTransaction = false;
  private notices: string[] = [];
  /** The fast path's column places, and the header they were found in. */
  private places: { of: Map<string, number>; at: ColumnPlaces } | undefined;
  private warnedDate = false;
  private readonly metric: { column: string; attribute: string; saveProperty: string; name: string };
  /** The fast path's labels and thread names: a test repeats a few of each on every line. */
  private readonly labels = new TextCache();
  private readonly threads = new TextCache();

  /** Whether threadName names each request's sender (not with `--per none`), and whether that was said. */
  private readonly threadIsSender: boolean;
  private saidSender = false;
  /** CSV: a record whose quoted field goes on past its line; its lines are booked when it ends. */
  private readonly quoted = new QuotedRecords(
    RECORD_LIMITS,
    `a quoted field is not closed within ${RECORD_LIMITS.lines} lines or ${RECORD_LIMITS.chars / 1024} KiB, or closes into a record of the wrong length (a stray "?): its first line is rejected as an unclosed quote and reading goes on after it`,
    (notice) => this.notices.push(notice),
  );
  /** CSV: the last request read (its label and time; NaN times for none), which sub-result rows written after it lie within. Fields, not an object: this is set for every row. */
  private parentLabel = "";
  private parentThread = "";
  private parentStartNs = NaN;
  private parentEndNs = NaN;
  /** The fast path's thread name of the row it just read ("" for none). */
  private rowThread = "";

  constructor(metric: string | undefined, threadIsSender: boolean) {
    this.threadIsSender = threadIsSender;
    const name = (metric ?? "elapsed").toLowerCase();
    const m = METRICS[name];
    if (m === undefined) throw new UserError(`--metric ${metric}: JTL files hold elapsed, Latency and Connect`, "choose one of those");
    this.metric = { ...m, name: metric ?? "elapsed" };
  }

  line(text: string, sink: SampleSink, lineNo = 0): void {
    // A record of the wrong length was closed by a later quote: the lines it ran over are records of their own.
    if (this.quoted.open) return this.quoted.next(text, this.delimiter, lineNo, sink, (fields) => fields.length === this.columns!.size, (fields) => this.record(fields, sink), this.reread(sink));
    if (text.trim() === "") return sink.skip();
    if (this.mode === undefined) this.mode = text.trimStart().startsWith("<") ? "xml" : "csv";
    if (this.mode === "xml") this.xml(text, sink);
    else this.csv(text, sink, lineNo);
  }

  /** How the lines a stray quote took into a record are read again: as lines of their own. */
  private reread(sink: SampleSink): (text: string, lineNo: number) => void {
    return (text, lineNo) => this.line(text, sink, lineNo);
  }

  /** Books a record left open at the end of the input. */
  end(sink: SampleSink): void {
    this.quoted.end(sink, this.reread(sink));
  }

  private xml(text: string, sink: SampleSink): void {
    const start = SAMPLE_START.exec(text);
    if (start === null) {
      if (SAMPLE_END.test(text)) {
        if (this.depth === 0) return sink.reject(`</${SAMPLE_END.exec(text)![1]}> without its start`);
        this.depth--;
        this.openTransactions = Math.min(this.openTransactions, this.depth);
        return sink.skip("JMeter sample detail");
      }
      const trimmed = text.trim();
      if (this.depth > 0) return sink.skip("JMeter sample detail");
      if (/^<\?xml|^<testResults[\s>]|^<\/testResults>|^<!--/.test(trimmed)) return sink.skip();
      return sink.reject("not a JMeter sample");
    }
    const closed = /\/>\s*$/.test(text);
    if (!closed && !/>\s*$/.test(text)) return sink.reject("sample element not ended on its line");
    // A request is a sample with no sample around it but transactions; one within a request is part of it.
    if (this.openTransactions < this.depth) {
      if (!closed) this.depth++;
      return sink.skip("JMeter sub-sample");
    }
    const attributes = new Map<string, string>();
    for (const m of text.matchAll(ATTRIBUTE)) attributes.set(m[1]!, m[2]!);
    const transaction = attributes.get("rm")?.startsWith(TRANSACTION_PREFIX) === true;
    if (!closed) {
      this.depth++;
      if (transaction) this.openTransactions++;
    }
    if (transaction) return this.skipTransaction(sink);
    const value = attributes.get(this.metric.attribute);
    if (value === undefined) {
      if (this.metric.attribute === "t") return sink.reject("missing t (elapsed)");
      throw new UserError(`--metric ${this.metric.name}: the samples have no ${this.metric.attribute}= attribute`, `save it with jmeter.save.saveservice.${this.metric.saveProperty}=true`);
    }
    this.emit(sink, value, attributes.get("ts"), attributes.get("s"), attributes.get("rc"), attributes.get("lb"), attributes.get("tn"), true);
  }

  private csv(text: string, sink: SampleSink, lineNo: number): void {
    if (this.columns === undefined) {
      // The first line is the header, or a record whose column count says which default set it is.
      const named = headerDelimiter(text);
      if (named !== undefined) {
        this.delimiter = named;
        this.headerLine = text;
        this.columns = new Map(splitDelimited(text, this.delimiter).fields.map((name, i) => [name, i]));
        this.requireColumns();
        return sink.skip();
      }
      this.delimiter = recordDelimiter(text);
      const count = splitDelimited(text, this.delimiter).fields.length;
      const names = DEFAULT_COLUMNS[count];
      if (names === undefined) {
        throw new UserError(
          `a JTL file without a header must have one of JMeter's default column sets (12, 14, 16 or 17 columns), not ${count}`,
          "save a header with jmeter.save.saveservice.print_field_names=true",
        );
      }
      this.columns = new Map(names.map((name, i) => [name, i]));
      this.notices.push(`no header: reading the ${count} columns as JMeter's defaults (${names.join(",")})`);
      this.requireColumns();
    } else if (text === this.headerLine) {
      return sink.skip();
    }
    const { fields, open } = splitDelimited(text, this.delimiter);
    if (open) this.quoted.begin(fields, text, lineNo);
    else this.record(fields, sink);
  }

  /** A whole CSV record. */
  private record(fields: readonly string[], sink: SampleSink): void {
    const columns = this.columns!;
    if (fields.length !== columns.size) return sink.reject(`expected ${columns.size} fields, found ${fields.length}`);
    const get = (name: string) => {
      const i = columns.get(name);
      return i === undefined ? undefined : fields[i];
    };
    if (get("responseMessage")?.startsWith(TRANSACTION_PREFIX) === true) return this.skipTransaction(sink);
    this.emit(sink, get(this.metric.column)!, get("timeStamp"), get("success"), get("responseCode"), get("label"), get("threadName"), false);
  }

  /**
   * Whether a CSV sample (of thread `thread`) is a sub-result of the request before it (a row JMeter 5 writes after
   * its parent, labelled `<parent's label>-<n>`, of its thread, within its time); a request that is not becomes the
   * parent of the rows after it.
   */
  private isSubResult(sample: Sample, thread: string): boolean {
    const label = sample.label ?? "";
    const start = sample.startNs ?? NaN;
    const parentLabel = this.parentLabel;
    // Cheapest first, and no string or object made: this runs for every row (a NaN time fails the comparisons). A
    // sub-result has its parent's thread; a parent without a label has none.
    if (
      start >= this.parentStartNs - ROUNDING_NS &&
      start + sample.latencyNs <= this.parentEndNs + ROUNDING_NS &&
      parentLabel !== "" &&
      label.charCodeAt(parentLabel.length) === HYPHEN &&
      thread === this.parentThread &&
      label.startsWith(parentLabel) &&
      isDigits(label, parentLabel.length + 1)
    ) {
      return true;
    }
    this.parentLabel = label;
    this.parentThread = thread;
    this.parentStartNs = start;
    this.parentEndNs = start + sample.latencyNs;
    return false;
  }

  /**
   * Fast path for CSV records without quotes: the fields are found by their delimiters in the bytes; an integer
   * latency and epoch-ms timeStamp are read from them. Every other line (XML, quotes, dates, anything odd) goes to
   * `line`. A repeated header never passes: its latency cell is a column name, not an integer.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    let lineNo = firstLineNo;
    let starts = new Int32Array(0);
    let ends = new Int32Array(0);
    for (let lineStart = start; lineStart < end; lineNo++) {
      const newline = lineEndOf(bytes, lineStart, end);
      const contentEnd = contentEndOf(bytes, lineStart, newline);
      const columns = this.columns;
      let sample: Sample | typeof TRANSACTION | undefined;
      // A line of a record left open (a quoted field with line breaks) goes on through `line`.
      if (this.mode === "csv" && columns !== undefined && contentEnd > lineStart && !this.quoted.open) {
        if (starts.length !== columns.size) [starts, ends] = [new Int32Array(columns.size), new Int32Array(columns.size)];
        if (splitPlain(bytes, lineStart, contentEnd, this.delimiter.charCodeAt(0), starts, ends)) sample = this.fastSample(bytes, starts, ends, columns);
      }
      if (sample === TRANSACTION) this.skipTransaction(sink);
      else if (sample === undefined) sink.slowLine(bytes, lineStart, contentEnd, lineNo);
      else if (this.isSubResult(sample, this.rowThread)) sink.skip("JMeter sub-sample");
      else sink.sample(sample);
      lineStart = newline + 1;
    }
    return lineNo - firstLineNo;
  }

  /**
   * The sample `csv` makes of a record split into `starts`/`ends`, when it is a plain one; TRANSACTION for a
   * Transaction Controller's row (unquoted with a delimiter other than `,`); else undefined.
   */
  private fastSample(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, columns: Map<string, number>): Sample | typeof TRANSACTION | undefined {
    const integer = (i: number) => integerAt(bytes, starts[i]!, ends[i]!);
    const at = this.placesOf(columns);
    const message = at.responseMessage;
    if (message !== undefined && startsWithBytes(bytes, starts[message]!, ends[message]!, TRANSACTION_BYTES)) return TRANSACTION;
    const value = integer(at.value);
    const latencyNs = Math.round(value * 1e6);
    if (!(latencyNs <= MAX_LATENCY_NS)) return undefined;
    const sample: Sample = { latencyNs };
    const timeStamp = at.timeStamp;
    if (timeStamp !== undefined && ends[timeStamp]! > starts[timeStamp]!) {
      sample.startNs = epochOrNaN(integer(timeStamp) * 1e6);
      if (Number.isNaN(sample.startNs)) return undefined;
    }
    const success = at.success;
    if (success !== undefined) {
      const ok = bytesEqual(bytes, starts[success]!, ends[success]!, TRUE) ? true : bytesEqual(bytes, starts[success]!, ends[success]!, FALSE) ? false : undefined;
      if (ok === undefined) return undefined;
      sample.ok = ok;
    }
    const code = at.responseCode;
    if (code !== undefined && ends[code]! - starts[code]! === 3 && !Number.isNaN(integer(code))) sample.status = integer(code);
    const label = at.label;
    if (label !== undefined && ends[label]! > starts[label]!) sample.label = this.labels.text(bytes, starts[label]!, ends[label]!);
    const thread = at.threadName;
    this.rowThread = thread !== undefined && ends[thread]! > starts[thread]! ? this.threads.text(bytes, starts[thread]!, ends[thread]!) : "";
    if (this.rowThread !== "") this.setSender(sample, this.rowThread);
    return sample;
  }

  /** Where the fast path's columns lie in the header `columns`, found once per header (a Map lookup per row was 8% of the reading). */
  private placesOf(columns: Map<string, number>): ColumnPlaces {
    if (this.places?.of !== columns) {
      const at = (name: string) => columns.get(name);
      this.places = {
        of: columns,
        at: { value: at(this.metric.column)!, responseMessage: at("responseMessage"), timeStamp: at("timeStamp"), success: at("success"), responseCode: at("responseCode"), label: at("label"), threadName: at("threadName") },
      };
    }
    return this.places.at;
  }

  /** See LineDecoder.midRecord: an XML sample element left open (sub-samples follow), or a CSV record. */
  midRecord(): boolean {
    return this.depth > 0 || this.quoted.open;
  }

  private requireColumns(): void {
    if (!this.columns!.has(this.metric.column)) {
      throw new UserError(`--metric ${this.metric.name}: the file has no ${this.metric.column} column`, `save it with jmeter.save.saveservice.${this.metric.saveProperty}=true`);
    }
  }

  private emit(sink: SampleSink, value: string, timeStamp: string | undefined, success: string | undefined, code: string | undefined, label: string | undefined, thread: string | undefined, xml: boolean): void {
    if (!INTEGER.test(value)) return sink.reject(value === "" ? "missing value" : "not a number");
    const ns = toNanoseconds(Number(value), 1e6);
    if (!ns.ok) return sink.reject(ns.reason);
    const sample: Sample = { latencyNs: ns.ns };
    if (timeStamp !== undefined && timeStamp !== "") {
      const start = this.timeStamp(timeStamp);
      if (start === undefined) return sink.reject("bad timeStamp");
      sample.startNs = start;
    }
    if (success !== undefined) {
      if (success !== "true" && success !== "false") return sink.reject("bad success");
      sample.ok = success === "true";
    }
    if (code !== undefined && /^\d{3}$/.test(code)) sample.status = Number(code);
    const decode = (t: string) => (xml ? unescapeXml(t) : t);
    if (label !== undefined && label !== "") sample.label = decode(label);
    if (thread !== undefined && thread !== "") this.setSender(sample, decode(thread));
    if (!xml && this.isSubResult(sample, thread === undefined ? "" : decode(thread))) return sink.skip("JMeter sub-sample");
    sink.sample(sample);
  }

  /** Skips a Transaction Controller's sample, and says once why. */
  private skipTransaction(sink: { skip(reason: string): void }): void {
    if (!this.saidTransaction) {
      this.saidTransaction = true;
      this.notices.push(
        `JMeter Transaction Controller samples are skipped (how many: "JMeter transaction" among the skipped lines): each is a total of samples that are read as requests of their own (a CSV that JMeter before 5.0 wrote in parent-sample mode lacks them: save XML)`,
      );
    }
    sink.skip(TRANSACTION_SKIP);
  }

  /** The thread is the request's sender (see `threadIsSender`). */
  private setSender(sample: Sample, thread: string): void {
    if (!this.threadIsSender) return;
    sample.key = thread;
    if (this.saidSender) return;
    this.saidSender = true;
    this.notices.push(senderNotice("JMeter's threadName"));
  }

  private timeStamp(text: string): number | undefined {
    if (INTEGER.test(text)) return Number(text) * 1e6;
    const m = DATE_TIME.exec(text);
    if (m === null) return undefined;
    const zone = m[5];
    if (zone === undefined && !this.warnedDate) {
      this.warnedDate = true;
      this.notices.push("timeStamp is a date without a zone: read as UTC (JMeter writes local time; ms timestamps avoid this)");
    }
    // X writes whole hours as +hh, which the ISO reader takes with minutes only.
    const offset = zone === undefined ? "Z" : zone.length === 3 ? `${zone}00` : zone;
    return parseIsoNs(`${m[1]}-${m[2]}-${m[3]}T${m[4]!.replace(",", ".")}${offset}`);
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/**
 * Splits `bytes[start, end)` at `delimiter` into exactly `starts.length` fields, when it has that many and no
 * quote or NUL; false otherwise (the string path decides).
 */
function splitPlain(bytes: Uint8Array, start: number, end: number, delimiter: number, starts: Int32Array, ends: Int32Array): boolean {
  let field = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === delimiter) {
      if (field + 1 >= starts.length) return false;
      ends[field++] = i;
      starts[field] = i + 1;
    } else if (c === QUOTE || c === 0) {
      return false;
    }
  }
  ends[field] = end;
  return field === starts.length - 1;
}

/**
 * The delimiters JMeter may be set to write (`jmeter.save.saveservice.default_delimiter`): `,` by default; `\t`,
 * `;` (where `,` is the decimal mark) and `|` are the usual others.
 */
const DELIMITERS = [",", "\t", ";", "|"];

/** The delimiter of a header line, by the one next to its `timeStamp` column; undefined when it is no header. */
function headerDelimiter(text: string): string | undefined {
  const m = /(?:^|([,\t;|]))timeStamp(?:([,\t;|])|$)/.exec(text);
  return m === null ? undefined : (m[2] ?? m[1] ?? ",");
}

/**
 * The delimiter of a headerless record: the first of DELIMITERS that splits it into a default column set, else the
 * one that splits it into the most fields (for the error that says how many).
 */
function recordDelimiter(text: string): string {
  const counts = DELIMITERS.map((d) => splitDelimited(text, d).fields.length);
  const fitting = counts.findIndex((count) => DEFAULT_COLUMNS[count] !== undefined);
  return DELIMITERS[fitting >= 0 ? fitting : counts.indexOf(Math.max(...counts))]!;
}

function sniff(lines: readonly string[]): SniffResult {
  const content = lines.filter((l) => l.trim() !== "");
  const first = content[0];
  if (first === undefined) return { score: 0, why: "no content lines" };
  if (/^\s*<\?xml/.test(first) || /^\s*<testResults[\s>]/.test(first)) {
    return content.some((l) => /^\s*<testResults[\s>]/.test(l)) ? { score: 1, why: "JMeter XML results (<testResults>)" } : { score: 0, why: "XML, but no <testResults>" };
  }
  const header = first.split(/[,\t;|]/);
  if (header[0] === "timeStamp" && header.includes("elapsed")) return { score: 1, why: "JMeter CSV header" };
  // Headerless: epoch-ms timestamp, integer elapsed, …, success true/false at column 8, a default column count.
  const records = content.filter((l) => {
    const { fields } = splitDelimited(l, recordDelimiter(l));
    return DEFAULT_COLUMNS[fields.length] !== undefined && /^\d{13}$/.test(fields[0]!) && INTEGER.test(fields[1]!) && /^(true|false)$/.test(fields[7]!);
  }).length;
  const share = records / content.length;
  return { score: share >= 0.8 ? 0.9 * share : 0, why: `${records} of ${content.length} lines are headerless JMeter CSV records` };
}

export const jtlFormat: Format = {
  name: "jtl",
  description:
    "JMeter JTL, CSV (with or without header) or XML; latency elapsed in ms (or --metric Latency|Connect); timeStamp as start, label, responseCode, success=false as failed; Transaction Controller samples skipped, their samples read",
  example: "1795779576126,203,GET users,200,OK,users 1-1,text,true,,171,118,2,2,http://127.0.0.1:8080/api/users,203,0,168",
  sniff,
  createDecoder: (options) => new JtlDecoder(options.metric, !options.noSenderColumn),
};
