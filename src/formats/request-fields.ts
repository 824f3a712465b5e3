/**
 * What the proxy, load-balancer and CDN formats share besides their grammar: a request target split into path and
 * host, the request's label, and the values of the `--group-by` names the format has fields of its own for.
 */
import { REQUEST_FIELDS } from "../core/group-key.js";
import { UserError } from "../base/errors.js";

/** A request target as logged, a path (`/a?b=1`) or an absolute URL (`http://example.com:80/a?b=1`), split. */
export interface RequestTarget {
  /** The path without the query. */
  path: string;
  /** `host[:port]` as written in an absolute URL. */
  host?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function splitTarget(target: string): RequestTarget {
  let path = target;
  let host: string | undefined;
  const scheme = SCHEME.exec(target);
  if (scheme !== null) {
    const slash = target.indexOf("/", scheme[0].length);
    host = target.slice(scheme[0].length, slash < 0 ? undefined : slash);
    path = slash < 0 ? "/" : target.slice(slash);
  }
  const query = path.indexOf("?");
  if (query >= 0) path = path.slice(0, query);
  return host === undefined ? { path } : { path, host };
}

/** The label of a request: method and path (`GET /api/users`), or whichever of them is known. */
export function requestLabel(method: string | undefined, path: string | undefined): string | undefined {
  if (method && path) return `${method} ${path}`;
  return path || method || undefined;
}

/**
 * Checks that every `--group-by` name is one of the format's own fields (`own`) or one every sample has (label,
 * endpoint, method, host, status); `what` names the format in the error.
 */
export function checkGroupBy(groupBy: readonly string[] | undefined, own: readonly string[], what: string): void {
  for (const name of groupBy ?? []) {
    if (own.includes(name) || REQUEST_FIELDS.includes(name)) continue;
    throw new UserError(`--group-by ${name}: ${what} have no such field`, `they have: ${[...new Set([...own, ...REQUEST_FIELDS])].join(", ")}`);
  }
}

/**
 * The group values of a request: `own(name)` for the format's own fields ("" when the request has none),
 * undefined for the names taken from the sample itself (see Sample.groupValues).
 */
export function groupValuesOf(groupBy: readonly string[], own: (name: string) => string | undefined): (string | undefined)[] {
  return groupBy.map(own);
}
