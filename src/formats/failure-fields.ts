/**
 * The column or field of a generic input (CSV, TSV, JSON lines) that tells whether a request failed, read by the
 * rule of the tool formats (core/failure.ts): a status outside 200–399 and not 101, a success flag that is false, an error
 * that is not empty.
 *
 *   status   named like `status`, `status_code`, `http_status`, `code`, `response_code`, `sc-status`: a number of
 *            up to three digits is the status; "" and "-" say nothing
 *   success  named like `success`, `ok`, `succeeded`, `passed`: true/1/yes/ok/pass → ok; false/0/no/ko/fail → failed
 *   error    named like `error`, `errors`, `err`, `failed`, `failure`, `is_error`: empty, null, false, 0, no, none →
 *            ok; any other value (a message, true, an object) → failed
 *
 * `--status-column NAME|INDEX` / `--status-field PATH` name one (its kind from its name; status when the name is
 * none of these), `none` turns the guess off.
 */
import type { Sample } from "../core/sample.js";

export type FailureKind = "status" | "success" | "error";

/** Normalised names (lower case, no separators) of each kind, in order of preference. */
const NAMES: Record<FailureKind, readonly string[]> = {
  status: ["status", "statuscode", "httpstatus", "httpstatuscode", "responsecode", "responsestatus", "scstatus", "httpcode", "code"],
  success: ["success", "succeeded", "ok", "passed", "pass"],
  error: ["error", "errors", "err", "iserror", "failed", "failure", "errormessage"],
};

const KINDS: readonly FailureKind[] = ["status", "success", "error"];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The kind a named column or field is read as: by its name, status when the name says nothing. */
export function failureKindOf(name: string): FailureKind {
  const n = normalise(name);
  return KINDS.find((kind) => NAMES[kind].includes(n)) ?? "status";
}

/** Index in `names` of the best status- or success-looking name not in `exclude`, or -1. */
export function pickFailureName(names: readonly string[], exclude: readonly number[]): number {
  const normalised = names.map(normalise);
  for (const kind of KINDS) {
    for (const candidate of NAMES[kind]) {
      const index = normalised.findIndex((n, i) => n === candidate && !exclude.includes(i));
      if (index >= 0) return index;
    }
  }
  return -1;
}

/** What a value tells: a status, a success flag, nothing (`{}`), or undefined when it is not a value of its kind. */
export type FailureFields = Pick<Sample, "status" | "ok">;

const TRUE = new Set(["true", "1", "yes", "y", "ok", "pass", "passed", "success", "succeeded"]);
const FALSE = new Set(["false", "0", "no", "n", "ko", "fail", "failed", "failure", "error"]);
const NO_ERROR = new Set(["", "false", "0", "no", "none", "null", "nil", "ok"]);

/** Reads a column's text or a JSON field's value as `kind`. */
export function readFailure(kind: FailureKind, value: unknown): FailureFields | undefined {
  if (value === undefined) return {};
  if (value === null) return kind === "error" ? { ok: true } : {};
  if (typeof value === "number") {
    if (kind === "status") return Number.isInteger(value) && value >= 0 && value <= 999 ? { status: value } : undefined;
    if (kind === "success") return value === 1 ? { ok: true } : value === 0 ? { ok: false } : undefined;
    return { ok: value === 0 };
  }
  if (typeof value === "boolean") {
    if (kind === "status") return undefined;
    return { ok: kind === "success" ? value : !value };
  }
  if (typeof value !== "string") return kind === "error" ? { ok: false } : undefined;
  const text = value.trim().toLowerCase();
  if (kind === "error") return { ok: NO_ERROR.has(text) };
  if (text === "" || text === "-") return {};
  if (kind === "status") return /^\d{1,3}$/.test(text) ? { status: Number(text) } : undefined;
  return TRUE.has(text) ? { ok: true } : FALSE.has(text) ? { ok: false } : undefined;
}

/** Reject reasons of a value that is not of its column's kind (an error column takes any value). */
const BAD_VALUE = { status: { reason: "bad status" }, success: { reason: "bad success flag" } } as const;

/** The reject reason of a value `readFailure` could not read as `kind`. */
export function badFailureReason(kind: FailureKind): string {
  return kind === "success" ? BAD_VALUE.success.reason : BAD_VALUE.status.reason;
}

/** What a decoder says when it guesses `what` (a column or field) tells failed requests. */
export function failureNotice(what: string, kind: FailureKind, flag: string): string {
  const rule = kind === "status" ? "a status outside 200-399 and not 101" : kind === "success" ? "a success flag that is false" : "an error that is not empty";
  return `using ${what} to tell failed requests (${rule}): they are counted and left out of the histogram unless --include-errors; choose another with ${flag}, or ${flag} none`;
}

/** What a decoder says when a guessed column or field's first value is not of its kind. */
export function unguessNotice(what: string, kind: FailureKind, flag: string): string {
  return `${what} does not hold ${kind === "status" ? "statuses" : kind === "success" ? "success flags" : "errors"}; failures are not read from it (name one with ${flag})`;
}
