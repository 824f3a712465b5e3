/**
 * How nginx writes the variables latstat reads, for both of its logs: the text access log (nginx.ts through
 * access-log.ts) and the JSON one (`log_format … escape=json`, read by jsonl.ts with its fields named after the
 * variables). From nginx's documentation (ngx_http_log_module, ngx_http_upstream_module):
 *
 *   timing      = seconds "." 3 digits                    $request_time, $upstream_*_time: s with ms resolution
 *   upstreams   = timing { (", " | " : ") timing }        one per upstream tried: ", " a retry on another server,
 *                                                          " : " an internal redirect; "-" for one not asked
 *   write time  = $msec | $time_iso8601 | $time_local      when the log line was written, i.e. the request's end
 */

/** nginx's timings; all but $request_time may be a list of upstream times. */
export const NGINX_TIMINGS: ReadonlySet<string> = new Set(["request_time", "upstream_response_time", "upstream_connect_time", "upstream_header_time"]);

/** nginx's log-write times, finest resolution first: $msec to the ms, the other two to the second. */
export const NGINX_TIME_VARIABLES: readonly string[] = ["msec", "time_iso8601", "time_local"];

const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * Sums a list of upstream times (`0.010, 0.002 : 0.004`), leaving out `-` (an upstream not asked): undefined when
 * nothing is left (no upstream at all), null when a part is not a number.
 */
export function sumUpstreamTimes(text: string): number | undefined | null {
  let sum = 0;
  let seen = false;
  for (const part of text.split(/[,:]/)) {
    const t = part.trim();
    if (t === "-") continue;
    if (!DECIMAL.test(t)) return null;
    sum += Number(t);
    seen = true;
  }
  return seen ? sum : undefined;
}

/**
 * Whether a timing's first value, as written, can be nginx's: nginx writes every time with three decimals
 * (`0.000`), so a whole number (`12`, `"3442"`: an application's ms, Apache's `%D` µs) is some other program's.
 */
export function writtenAsNginxTiming(text: string): boolean {
  return !/^\s*\d+\s*$/.test(text);
}

const DOT = 46;
const COMMA = 44;

/**
 * Whether a write time, as written (`bytes[start, end)`, `ns` read from it), is to the second: written without a
 * fraction (a $time_iso8601, a $time_local) and on a whole second. Then the request's start is the second it most
 * likely began in (log-layout.ts startFromTime); a $msec (`1796450405.000`) is to the ms.
 */
export function writtenToTheSecond(bytes: Uint8Array, start: number, end: number, ns: number): boolean {
  if (ns % 1e9 !== 0) return false;
  for (let i = start; i < end; i++) if (bytes[i] === DOT || bytes[i] === COMMA) return false;
  return true;
}
