/** The who-suffered flags — groups, misery metrics, SLO view — and their validation into typed options. */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { SloBudget } from "../analyses/budget-grammar.js";
import { GROUP_SORTS, type GroupSort } from "../analyses/groups.js";
import { DEFAULT_SESSION_SIZES } from "../analyses/misery.js";
import type { WhoOptions } from "../analyses/who-suffered.js";
import { UserError } from "../base/errors.js";
import { REQUEST_FIELDS } from "../core/group-key.js";
import { parseWithCaret } from "./budget-sources.js";
import { parsePositiveDuration } from "./co-options.js";
import { collect } from "./input-options.js";
import { wholeNumber } from "./whole-number.js";

/** Raw values commander collects for these flags. */
export interface MiseryFlags {
  groupBy?: string[];
  sort?: GroupSort;
  top?: number;
  threshold?: number;
  interval?: number;
  session?: string;
  sessionSize?: number[];
  slo?: string;
  sloErrors?: "bad" | "exclude";
}

/** Parses a whole number ≥ 1. */
export function parsePositiveInteger(text: string): number {
  const n = wholeNumber(text);
  if (n === undefined || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

function parseSessionSizes(text: string): number[] {
  return [...new Set(text.split(",").map((s) => parsePositiveInteger(s.trim())))];
}

const GROUP_BY_HELP = `group requests by ${REQUEST_FIELDS.join(", ")} or any CSV column / JSON field (spans: name, service, attr.KEY); repeat for combinations`;

/** Adds `--group-by` (the one who-suffered flag `check` takes, for per-group budgets). */
export function addGroupByOption(command: Command): Command {
  return command.optionsGroup("Groups:").option("--group-by <name>", GROUP_BY_HELP, collect);
}

/** Adds every who-suffered flag of `report`. */
export function addMiseryOptions(command: Command): Command {
  return addGroupByOption(command)
    .addOption(new Option("--sort <stat>", "order of the groups, worst first (default p99; name: A to Z)").choices(GROUP_SORTS))
    .option("--top <n>", "show the N worst groups (and N worst sessions and burning windows; default 5 of those)", parsePositiveInteger)
    .optionsGroup("Misery and SLO:")
    .option("--threshold <duration>", "misery metrics: how often requests took this long or longer (e.g. 500ms)", parsePositiveDuration)
    .option("--interval <duration>", "with start times: windows of this length for bad-window shares and SLO burn rates (e.g. 1m)", parsePositiveDuration)
    .option("--session <name>", "column or field naming user sessions: the share of sessions that met a request over --threshold")
    .option("--session-size <list>", `without --session: chance a session of k requests meets one over --threshold (default ${DEFAULT_SESSION_SIZES.join(",")})`, parseSessionSizes)
    .option("--slo <objective>", 'SLO view, e.g. "99% < 500ms": share of good requests, error budget used, burn rate per --interval')
    .addOption(new Option("--slo-errors <how>", "failed requests in the SLO: bad events (default), or exclude them from the SLI").choices(["bad", "exclude"]));
}

/** Turns the flags into options, refusing combinations that mean nothing. */
export function whoOptions(flags: MiseryFlags): WhoOptions {
  const needs = (flag: string, present: unknown, what: string, hint: string) => {
    if (present !== undefined) throw new UserError(`${flag} ${what}`, hint);
  };
  if (flags.groupBy === undefined) needs("--sort", flags.sort, "orders the groups of --group-by", "add --group-by NAME");
  if (flags.threshold === undefined) {
    needs("--session", flags.session, "needs --threshold", "sessions are judged by requests over a threshold, e.g. --threshold 500ms");
    needs("--session-size", flags.sessionSize, "needs --threshold", "the estimate is of meeting a request over --threshold");
    if (flags.slo === undefined) needs("--interval", flags.interval, "needs --threshold or --slo", "windows count requests over the threshold");
  }
  if (flags.slo === undefined) needs("--slo-errors", flags.sloErrors, "needs --slo", 'e.g. --slo "99% < 500ms" --slo-errors exclude');
  if (flags.session !== undefined) needs("--session-size", flags.sessionSize, "estimates what --session measures", "drop one of them");
  return {
    groupBy: flags.groupBy ?? [],
    sort: flags.sort ?? "p99",
    top: flags.top,
    thresholdNs: flags.threshold,
    intervalNs: flags.interval,
    session: flags.session,
    sessionSizes: flags.sessionSize ?? [...DEFAULT_SESSION_SIZES],
    slo: flags.slo === undefined ? undefined : parseSlo(flags.slo),
    ...(flags.sloErrors === undefined ? {} : { sloErrors: flags.sloErrors }),
  };
}

/** An `--slo` objective: one `PCT% < DUR` as in check's grammar, without a group. */
function parseSlo(text: string): SloBudget {
  const budgets = parseWithCaret("--slo", text);
  const slo = budgets[0]!;
  if (budgets.length > 1 || slo.form !== "slo" || slo.group !== undefined) {
    throw new UserError(`--slo "${text}": not one objective of the form PCT% < DUR`, 'e.g. --slo "99% < 500ms"; per-group objectives go to latstat check');
  }
  return slo;
}
