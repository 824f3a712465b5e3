/**
 * Which group a sample belongs to under `--group-by`: one value per group-by name, from the column or field the
 * decoder captured (`Sample.groupValues`), or else (no value there, not even ""), for the request fields every
 * format may give, from the sample itself:
 *
 *   label     the request's name as the format gives it (`GET /api/users`, a JMeter label, a k6 URL)
 *   endpoint  the label without its HTTP method and, for a URL, without scheme, host and query: `/api/users`
 *   method    `Sample.method`, else the HTTP method the label starts with
 *   host      `Sample.host`, else the host of a URL in the label
 *   status    the response status code
 *
 * (a decoder leaves such a name undefined in `groupValues` when the format has no field of that name).
 * A missing or empty value is NONE_VALUE, which is a group of its own.
 */
import type { Sample } from "./sample.js";

/**
 * The longest group value kept, in UTF-16 code units: a longer one is cut to this length and ends in `…`, so that a
 * megabyte-long value costs no more than a short one in memory and output (the CLI says how many were cut).
 */
export const MAX_GROUP_VALUE_LENGTH = 256;

/** The group value of a sample that has none for a group-by name. */
export const NONE_VALUE = "(none)";

/** Group-by names taken from the sample's own fields when the decoder did not capture a column of that name. */
export const REQUEST_FIELDS: readonly string[] = ["label", "endpoint", "method", "host", "status"];

const HTTP_METHOD = /^(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH)\s+(\S.*)$/;
const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A request label split into method, host and path (each undefined when the label does not carry it). */
interface RequestParts {
  method?: string;
  host?: string;
  endpoint: string;
}

function requestParts(label: string): RequestParts {
  const match = HTTP_METHOD.exec(label);
  const method = match?.[1];
  const target = (match?.[2] ?? label).trim();
  if (URL_START.test(target)) {
    try {
      const url = new URL(target);
      return { method, host: url.host, endpoint: url.pathname };
    } catch {
      // Not a URL after all: the whole target names the endpoint.
    }
  }
  return { method, endpoint: match ? target.replace(/\?.*$/, "") : target };
}

function requestField(sample: Sample, name: string): string | undefined {
  switch (name) {
    case "label":
      return sample.label;
    case "status":
      return sample.status === undefined ? undefined : String(sample.status);
    case "endpoint":
      return sample.label === undefined ? undefined : requestParts(sample.label).endpoint;
    case "method":
      return sample.method ?? (sample.label === undefined ? undefined : requestParts(sample.label).method);
    case "host":
      return sample.host ?? (sample.label === undefined ? undefined : requestParts(sample.label).host);
    default:
      return undefined;
  }
}

/** The value of group-by name `names[index]` for `sample`; NONE_VALUE when it has none. */
export function groupValue(sample: Sample, names: readonly string[], index: number): string {
  const value = sample.groupValues?.[index] ?? requestField(sample, names[index]!);
  return value === undefined || value === "" ? NONE_VALUE : value;
}

/** A value longer than MAX_GROUP_VALUE_LENGTH cut to its first code units (a surrogate pair kept whole) and `…`. */
export function cutGroupValue(value: string): string {
  let end = MAX_GROUP_VALUE_LENGTH - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}

/**
 * A copy of `value` that holds no reference to the line it was sliced from: V8 keeps a slice's whole parent
 * string alive, and a group's key lives as long as the run.
 */
export function detached(value: string): string {
  return Buffer.from(value, "utf8").toString("utf8");
}
