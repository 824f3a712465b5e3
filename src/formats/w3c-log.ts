/**
 * What the W3C extended log format's writers share (w3c.ts: IIS and others; cloudfront.ts): directives that name
 * the fields, entries whose fields are read by those names.
 *
 *   log       = { directive | entry | blank }
 *   directive = "#" name ":" value         #Version, #Fields, #Software, #Date, #Start-Date, #End-Date, #Remark
 *   entry     = field { separator field }   in the order of the last #Fields; "-" = no value
 *
 * A #Fields directive may come again (IIS writes the directives anew when it reopens a log): entries follow the
 * last one, and so does detection (`entryFit`). Read: time-taken (latency), date and time (the end of the request,
 * UTC: start = date + time − time-taken; without a date field, the date of the last #Date, written `yyyy-mm-dd` or
 * as the W3C draft's example writes it, `12-Jan-1996`), sc-status, cs-method, cs-uri-stem (label), c-ip and c-port
 * (key, when both are logged: a connection). Every field named in #Fields can be a `--group-by` name. The entries of
 * a #Fields block without time have no start time (`--since`/`--until` skip them; see sample-filter.ts).
 */
import { toNanoseconds, type TimeUnit, NS_PER_UNIT } from "../base/units.js";
import { UserError } from "../base/errors.js";
import { checkGroupBy, groupValuesOf, requestLabel } from "./request-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import { parseClfNs } from "./time-fields.js";
import type { DecodeOptions, LineDecoder, SampleSink, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";

const DIRECTIVE = /^#([A-Za-z-]+):\s*(.*)$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

/** The fields named by a #Fields directive. */
function fieldsDirective(line: string): string[] | undefined {
  const m = DIRECTIVE.exec(line.trim());
  return m !== null && m[1]!.toLowerCase() === "fields" ? m[2]!.trim().split(/\s+/) : undefined;
}

/**
 * How the entries among `lines` fit the #Fields before them: a log may name new fields part-way, as IIS does when it
 * reopens one. `fields`: the first #Fields; `fit`: the entries with as many values (`count`) as their #Fields names.
 */
export function entryFit(lines: readonly string[], count: (entry: string) => number): { fields: string[] | undefined; entries: number; fit: number } {
  let first: string[] | undefined;
  let current: string[] | undefined;
  let entries = 0;
  let fit = 0;
  for (const line of lines) {
    const named = fieldsDirective(line);
    if (named !== undefined) {
      first ??= named;
      current = named;
    } else if (line.trim() !== "" && !line.startsWith("#")) {
      entries++;
      if (current !== undefined && count(line) === current.length) fit++;
    }
  }
  return { fields: first, entries, fit };
}

const DAY_MONTH_YEAR = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/;

/** #Date's date as `yyyy-mm-dd`, from `yyyy-mm-dd` or `dd-Mon-yyyy` (the W3C draft's `12-Jan-1996`); undefined when neither. */
function directiveDay(text: string | undefined): string | undefined {
  if (text === undefined || DATE.test(text)) return text;
  const m = DAY_MONTH_YEAR.exec(text);
  const ns = m === null ? undefined : parseClfNs(`${m[1]}/${m[2]}/${m[3]}:00:00:00`);
  return ns === undefined ? undefined : new Date(ns / 1e6).toISOString().slice(0, 10);
}

/** How one writer of the format differs: its name, separator and the unit of time-taken. */
export interface W3cDialect {
  /** Names the logs in messages, e.g. "W3C logs". */
  what: string;
  separator: RegExp | string;
  /** The unit of time-taken, given the #Software directive seen so far and the first value. */
  unit(software: string | undefined, firstValue: string): { unit: TimeUnit; notice?: string };
  /** The Host header's field, for Sample.host. */
  hostField: string;
}

export class W3cDecoder implements LineDecoder {
  private fields: string[] | undefined;
  private index = new Map<string, number>();
  private software: string | undefined;
  /** The last #Date's date (`yyyy-mm-dd`); null when it was none. */
  private directiveDate: string | null | undefined;
  private unit: TimeUnit | undefined;
  private notices: string[] = [];
  private readonly groupBy: readonly string[];

  constructor(
    private readonly dialect: W3cDialect,
    private readonly options: DecodeOptions,
  ) {
    this.groupBy = options.groupBy ?? [];
    if (options.metric !== undefined && options.metric !== "time-taken") {
      throw new UserError(`--metric ${options.metric}: ${dialect.what} have one timing, time-taken`, "drop --metric");
    }
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "") return sink.skip();
    if (text.startsWith("#")) return this.directive(text, sink);
    if (this.fields === undefined) return sink.reject("entry before any #Fields directive");
    const values = text.split(this.dialect.separator);
    if (values.length !== this.fields.length) return sink.reject(`${values.length} fields where #Fields names ${this.fields.length}`);
    const get = (name: string) => {
      const i = this.index.get(name);
      const value = i === undefined ? undefined : values[i];
      return value === "-" ? undefined : value;
    };
    const taken = get("time-taken");
    if (taken === undefined) return sink.skip("no time-taken (-)");
    if (!NUMBER.test(taken)) return sink.reject("bad time-taken");
    this.unit ??= this.chooseUnit(taken);
    const parsed = toNanoseconds(Number(taken), NS_PER_UNIT[this.unit]);
    if (!parsed.ok) return sink.reject(parsed.reason);
    const sample: Sample = { latencyNs: parsed.ns };
    const status = get("sc-status");
    if (status !== undefined) {
      if (!/^\d{1,3}$/.test(status)) return sink.reject("bad sc-status");
      sample.status = Number(status);
    }
    const date = get("date") ?? this.directiveDate;
    const time = get("time");
    if (date === null && time !== undefined) return sink.reject("bad #Date");
    if (date != null && time !== undefined) {
      const endNs = DATE.test(date) && TIME.test(time) ? parseIsoNs(`${date}T${time}Z`) : undefined;
      if (endNs === undefined) return sink.reject("bad date or time");
      sample.startNs = endNs - parsed.ns;
    }
    const method = get("cs-method");
    const path = get("cs-uri-stem");
    if (method !== undefined) sample.method = method;
    const label = requestLabel(method, path);
    if (label !== undefined) sample.label = label;
    const host = get(this.dialect.hostField);
    if (host !== undefined) sample.host = host;
    const ip = get("c-ip");
    const port = get("c-port");
    if (ip !== undefined && port !== undefined) sample.key = `${ip}:${port}`;
    if (this.groupBy.length > 0) sample.groupValues = groupValuesOf(this.groupBy, (name) => (this.index.has(name) ? (get(name) ?? "") : undefined));
    sink.sample(sample);
  }

  private directive(text: string, sink: SampleSink): void {
    const m = DIRECTIVE.exec(text.trim());
    const name = m?.[1]!.toLowerCase();
    if (name === "fields") {
      const fields = fieldsDirective(text)!;
      checkGroupBy(this.groupBy, fields, `these ${this.dialect.what}`);
      if (!fields.includes("time-taken")) throw new UserError(`${this.dialect.what}: #Fields has no time-taken`, "log the time taken (IIS: the Time Taken field) to read latencies");
      this.fields = fields;
      this.index = new Map(fields.map((f, i) => [f, i]));
    } else if (name === "software") {
      this.software = m![2];
    } else if (name === "date") {
      this.directiveDate = directiveDay(m![2]!.trim().split(/\s+/)[0]) ?? null;
    }
    sink.skip();
  }

  private chooseUnit(firstValue: string): TimeUnit {
    if (this.options.unit !== undefined) return this.options.unit;
    const { unit, notice } = this.dialect.unit(this.software, firstValue);
    if (notice !== undefined) this.notices.push(notice);
    return unit;
  }

  unitChoice(): UnitChoice | undefined {
    if (this.unit === undefined) return undefined;
    return { unit: this.unit, source: this.options.unit !== undefined ? "--unit" : "format" };
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}
