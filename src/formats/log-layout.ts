/** An access log's layout once compiled: what each field means, and the regular expression that splits a line. */
import type { TimeUnit } from "../base/units.js";

/** What a field of the log means to latstat. */
export type FieldRole =
  /** A duration; `name` is what `--metric` calls it; `multi`: nginx lists such as `0.010, 0.002 : 0.004`. */
  | { role: "latency"; name: string; unit: TimeUnit; nsPerUnit: number; multi?: boolean }
  | { role: "status" }
  /**
   * A wall-clock time; `end`: the time the log line was written (the request's end), not its start; `seconds`:
   * whole seconds only, too coarse to subtract a latency from, so it is kept as it is (start to the second).
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
