/** Coordinated-omission flags, shared by the commands that report figures, and their validation. */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { CoMode } from "../analyses/correction.js";
import { UserError } from "../base/errors.js";
import { parseDuration } from "../base/units.js";

export interface CoFlags {
  expectedInterval?: number;
  coAfter?: boolean;
  rate?: number;
  co: "auto" | "off";
  apply?: boolean;
}

/** Parses a duration > 0 such as `10ms`; a bare number is ms. */
export function parsePositiveDuration(text: string): number {
  const ns = parseDuration(text);
  if (ns === undefined || ns <= 0) throw new InvalidArgumentError("must be a positive duration such as 10ms, 250us or 1s");
  return ns;
}

const RATE_UNITS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9 };

/** Parses `1000/s`, `2.5/ms` or `1000` (per second) into the interval between requests in nanoseconds. */
export function parseRate(text: string): number {
  const match = /^\s*(\d+\.?\d*|\.\d+)\s*(?:\/\s*([a-zµ]+))?\s*$/.exec(text);
  const count = Number(match?.[1]);
  const per = RATE_UNITS[match?.[2] ?? "s"];
  if (match === null || per === undefined || !(count > 0)) throw new InvalidArgumentError("must be a rate such as 1000/s, 50/ms or 1000");
  return per / count;
}

/** The coordinated-omission flags; `apply`: whether the command corrects at inferred intervals (`timeline` does not). */
export function addCoOptions(command: Command, { apply = true } = {}): Command {
  command
    .optionsGroup("Coordinated omission:")
    .option("--expected-interval <duration>", "correct coordinated omission with HdrHistogram's back-fill at this send interval (e.g. 10ms)", parsePositiveDuration)
    .option("--co-after", "with --expected-interval: correct after recording (copyCorrectedForCoordinatedOmission) instead of at record time")
    .option("--rate <rate>", "intended constant send rate (e.g. 1000/s): report response times against that schedule beside service times", parseRate)
    .addOption(new Option("--co <mode>", "coordinated-omission detection from start times").choices(["auto", "off"]).default("auto"));
  return apply ? command.option("--apply", "with --co auto: correct at the inferred send interval") : command;
}

/** Turns the CO flags into one mode, refusing contradictory combinations. */
export function coMode(flags: CoFlags): CoMode {
  const explicit = flags.expectedInterval !== undefined || flags.rate !== undefined;
  if (flags.coAfter && flags.expectedInterval === undefined) throw new UserError("--co-after needs --expected-interval", "e.g. --expected-interval 10ms --co-after");
  if (flags.expectedInterval !== undefined && flags.rate !== undefined) {
    throw new UserError("--expected-interval and --rate are two ways to correct the same thing", "choose one");
  }
  if (flags.apply && (explicit || flags.co === "off")) throw new UserError("--apply goes with --co auto alone", "drop --apply or the other correction flags");
  if (flags.expectedInterval !== undefined) return { kind: "expected-interval", intervalNs: flags.expectedInterval, after: flags.coAfter === true };
  if (flags.rate !== undefined) return { kind: "schedule", intervalNs: flags.rate };
  return flags.co === "off" ? { kind: "off" } : { kind: "auto", apply: flags.apply === true };
}
