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
