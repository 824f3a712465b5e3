/** An access log's layout once compiled: what each field means, and the regular expression that splits a line. */
import type { TimeUnit } from "../base/units.js";

/** What a field of the log means to latstat. */
export type FieldRole =
  /** A duration; `name` is what `--metric` calls it; `multi`: nginx lists such as `0.010, 0.002 : 0.004`. */
  | { role: "latency"; name: string; unit: TimeUnit; nsPerUnit: number; multi?: boolean }
  | { role: "status" }
  /**
   * A wall-clock time; `end`: the time the log line was written (the request's end), not its start; `seconds`:
   * whole seconds only (see `startFromTime`).
   */
  | {
      role: "time";
      parse: (text: string) => number | undefined;
      end: boolean;
      seconds?: boolean;
      /** `parse` on the field's bytes, for the fast path: NaN where `parse` must decide. */
      parseBytes?: (bytes: Uint8Array, start: number, end: number) => number;
    }
  /** A request line: `GET /path?query HTTP/1.1`. */
  | { role: "request" }
  | { role: "method" }
  /** A URL path, possibly with its query. */
  | { role: "path" }
  /** The connection or worker the request came on. */
  | { role: "key" }
  | { role: "other" };

export interface LogField {
  /** The field as written in the format, e.g. `$request_time`, `%D`, `%DURATION%`. */
  directive: string;
  role: FieldRole;
  /**
   * A regular-expression fragment (no capture groups) for fields that carry their own delimiters, such as
   * Apache's `%t`, written `[10/Oct/2000:13:55:36 -0700]`; it must match in one way only.
   */
  pattern?: string;
}

export type LogToken = { literal: string } | { field: LogField };

/** A compiled log format. */
export interface LogLayout {
  /** The format, for messages. */
  source: string;
  regex: RegExp;
  /** The layout's literals and fields, adjacent literals merged, empty ones dropped: what `regex` was built from. */
  tokens: LogToken[];
  /** See `compileLayout`. */
  quoteEscapes: boolean;
  /** Capture group i + 1 holds fields[i]. */
  fields: LogField[];
  /** Index in `fields` of the latency, status, time, request, method, path and key fields (-1 when absent). */
  latency: number;
  status: number;
  time: number;
  request: number;
  method: number;
  path: number;
  key: number;
}

/** A time field's role, as `startFromTime` needs it. */
export type TimeRole = Extract<FieldRole, { role: "time" }>;

/**
 * A request's start from its time field: the time itself when it is the start; the time less the latency when it is
 * the end (nginx's `$msec`); and for an end written in whole seconds (`$time_local`, `$time_iso8601`), the second
 * the request most likely started in — the end's second less the latency in whole seconds (a 2.7 s request logged
 * at :13 started at :10; one of 20 ms at :13 too). Subtracting the exact latency from a time that is itself up to
 * a second late would put nearly every fast request in the second before, and make a second's steps look like
 * milliseconds.
 */
export function startFromTime(role: Pick<TimeRole, "end" | "seconds">, timeNs: number, latencyNs: number): number {
  if (!role.end) return timeNs;
  if (!role.seconds) return timeNs - latencyNs;
  return timeNs - Math.round(latencyNs / 1e9) * 1e9;
}
