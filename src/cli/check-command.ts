/** `latstat check FILE... --budget EXPR`: judge latency budgets, for CI (exit 0 met, 1 not met, 2 usage error). */
import { hostname } from "node:os";
import { Option } from "commander";
import type { Budget, GroupSelector } from "../analyses/budget-grammar.js";
import { evaluateBucketBudgets } from "../analyses/bucket-budgets.js";
import { buildBucketReport, seriesOf, type BucketInput } from "../analyses/bucket-report.js";
import { BASES, type Basis } from "../analyses/budgets.js";
import { filteredFailureNotices, judgeReport, needsFailedLatencies, zeroNoticesOf, type CheckView } from "../analyses/check.js";
import type { CoMode } from "../analyses/correction.js";
import { readRecorded } from "../analyses/read-recorded.js";
import { UserError } from "../base/errors.js";
import type { TimeUnit } from "../base/units.js";
import { addSeries } from "../core/classic-histogram.js";
import { renderBudgetJson } from "../render/budget-json.js";
import { renderBudgetTable } from "../render/budget-table.js";
import { renderJunit } from "../render/junit.js";
import { markPartial } from "../render/partial.js";
import { partialInputsNote } from "../render/describe-input.js";
import { refuseForBuckets } from "./bucket-inputs.js";
import { CONFIG_FILE, K6_DURATION, collectBudgets } from "./budget-sources.js";
import { addCoOptions, coMode, type CoFlags } from "./co-options.js";
import { writeCheckPictures } from "./command-pictures.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { appendStepSummary, githubAnnotations } from "./github-actions.js";
import { addInputOptions, collect, inputOptions, parseTimeUnit, type InputFlags, type InputOptions } from "./input-options.js";
import { addGroupByOption } from "./misery-options.js";
import { addPictureOptions, checkPictureTargets, type PictureFlags, type Pictures } from "./picture-options.js";
import { readStoppedByInterrupt, sayInterrupted } from "./interrupt.js";
import { readingHooks, say } from "./reading.js";
import { colorAllowed, finishOnBrokenPipe, writeDiagnostics, writeResult } from "./terminal.js";
import { writeFileAtomic } from "./write-file-atomic.js";

interface CheckFlags extends InputFlags, CoFlags, PictureFlags {
  groupBy?: string[];
  delta?: boolean;
  budget?: string[];
  budgets?: string[];
  config: boolean;
  on?: Basis;
  allowInsufficient?: boolean;
  json?: boolean;
  junit?: string;
  outUnit?: TimeUnit;
  color: boolean;
}

/** What `latstat check` reads, judges and writes. */
interface CheckOptions {
  files: string[];
  input: InputOptions;
  correction: CoMode;
  budgets: Budget[];
  groupBy: string[];
  /** `--on`: judge on raw or corrected figures; undefined: corrected when there are any. */
  on: Basis | undefined;
  allowInsufficient: boolean;
  delta: boolean;
  json: boolean;
  /** Also write JUnit XML here. */
  junit: string | undefined;
  /** Budget files are inputs too: no output is written over one. */
  inputPaths: string[];
  outUnit: TimeUnit | undefined;
  color: boolean;
  pictures: Pictures;
  /** The flags given that need requests, refused when the inputs are Prometheus histograms. */
  needsRequests: string[];
}
const GRAMMAR_HELP = `
Budgets (--budget is repeatable; one argument may hold several, separated by commas):
  STAT OP VALUE   STAT   p50, p99.9, p(99.9) as in k6, mean (avg), med, min, max, stddev, count
                  OP     <  <=  >  >=
                  VALUE  a duration: 250ms, 1.5s, 800us, 340ns, 2min; a bare number is ms, as in k6;
                         count takes a whole number
  PCT% < DUR      at least PCT% of requests took less than DUR, e.g. 99.9% < 300ms (counted from
                  the histogram; a request in the same HDR bucket as DUR counts as not less)
  KEY=VALUE: …    the budget judged on the requests whose KEY is VALUE (implies --group-by KEY):
                  --budget "endpoint=/login: p99 < 300ms" (quote values holding , or :). A VALUE
                  no request has is an error naming the closest ones; a group whose requests were
                  all left out (failed) is INSUFFICIENT, and count budgets judge it as 0

  A budget on percentile p needs n >= 10 / (1 - p/100) samples (p50: 20, p99: 1,000, p99.9: 10,000;
  an SLO PCT% as many as pPCT). With fewer it is INSUFFICIENT, which fails the check unless
  --allow-insufficient is given.

  Budgets also come from --budgets FILE (a JSON list ["p99 < 300ms", "99.9% < 1s"] or
  { "budgets": [...] }) and from { "budgets": [...] } in ${CONFIG_FILE} in the working
  directory (unless --no-config); all sources combine.

Output: a table and a verdict line; --json for machines (latencies in ms unless --out-unit);
  --junit FILE for test reporters. With GITHUB_ACTIONS=true each failed budget is also a ::error
  annotation; with GITHUB_STEP_SUMMARY set a markdown table is appended to the job summary.`;

/**
 * k6's thresholds on `http_req_duration` are on the whole request; judged on the timing `--metric` names instead
 * (k6's `http_req_waiting`, JTL's `Latency`) they would pass or fail on another number under the same name.
 */
function refuseThresholdsOnAnotherMetric(budgets: Budget[], metric: string | undefined): void {
  if (metric === undefined || metric === K6_DURATION) return;
  const threshold = budgets.find((budget) => budget.requests !== undefined);
  if (threshold === undefined) return;
  throw new UserError(`--metric ${metric}: the k6 threshold "${threshold.expr}" is on ${K6_DURATION}, the request's whole duration`, `drop --metric to judge the thresholds, or give the budget as --budget to judge ${metric}`);
}

/** The check flags, validated, with the budgets of every source collected and parsed. */
async function checkOptions(files: string[], flags: CheckFlags): Promise<CheckOptions> {
  // Budget files are inputs too.
  const inputPaths = [...(files.length === 0 ? ["-"] : files), ...(flags.budgets ?? [])];
  const budgets = await collectBudgets({ budget: flags.budget ?? [], budgets: flags.budgets ?? [], config: flags.config });
  // A budget on a group implies --group-by of its key.
  const groupBy = [...new Set([...(flags.groupBy ?? []), ...budgets.flatMap((b) => (b.group === undefined ? [] : [b.group.key]))])];
  refuseThresholdsOnAnotherMetric(budgets, flags.metric);
  const correction = coMode(flags);
  const pictures = { html: flags.html, svg: flags.svg };
  await checkPictureTargets(pictures, inputPaths, flags.junit === undefined ? [] : [["--junit", flags.junit]]);
  const given: [string, unknown][] = [
    ["--expected-interval", flags.expectedInterval],
    ["--rate", flags.rate],
    ["--apply", flags.apply],
    ["--on corrected", flags.on === "corrected" ? true : undefined],
    ["--html", flags.html],
    ["--svg", flags.svg],
  ];
  return {
    files,
    input: inputOptions(files, { ...flags, groupBy }),
    correction,
    budgets,
    groupBy,
    on: flags.on,
    allowInsufficient: flags.allowInsufficient === true,
    delta: flags.delta === true,
    json: flags.json === true,
    junit: flags.junit,
    inputPaths,
    outUnit: flags.outUnit,
    color: flags.color,
    pictures,
    needsRequests: given.filter(([, value]) => value !== undefined && value !== false).map(([flag]) => flag),
  };
}

/** Budgets judged on Prometheus histograms: each statistic's bucket against the limit (see bucket-budgets.ts). */
function judgeBuckets(inputs: BucketInput[], files: readonly string[], options: CheckOptions): CheckView {
  refuseForBuckets(options.needsRequests);
  const report = buildBucketReport(inputs, files, { percentiles: [], groupBy: options.groupBy, delta: options.delta });
  const { metric, series } = seriesOf(inputs, options.delta);
  const valueOf = (labels: Record<string, string>, key: string) => (Object.hasOwn(labels, key) && labels[key] !== "" ? labels[key]! : "(none)");
  const groups = {
    names: options.groupBy,
    values: (key: string) => series.map((s) => valueOf(s.labels, key)),
    histogram: ({ key, value }: GroupSelector) => {
      // Some series has the value: the budgets were checked against `values` first.
      return addSeries(series.filter((s) => valueOf(s.labels, key) === value), metric);
    },
  };
  return { report, verdict: evaluateBucketBudgets(options.budgets, report.histogram, { allowInsufficient: options.allowInsufficient }, groups) };
}

/** Reads the inputs, judges the budgets and writes the results; the exit code says whether every budget was met. */
async function runCheck(options: CheckOptions): Promise<ExitCode> {
  const started = Date.now();
  const { input } = options;
  const run = await readStoppedByInterrupt((signal) =>
    readRecorded(options.files, {
      read: input.read,
      hooks: readingHooks({ debug: input.debug, signal, buckets: true }),
      digits: input.digits,
      percentiles: [],
      perFile: false,
      correction: options.correction,
      groupBy: options.groupBy,
      startTimes: options.pictures.html !== undefined,
      allFailedRead: true,
      failedLatencies: needsFailedLatencies(options.budgets),
    }),
  );
  const { partial } = run;
  let check: CheckView;
  if (run.kind === "buckets") {
    check = judgeBuckets(run.inputs, run.files, options);
  } else {
    if (options.delta) throw new UserError("--delta subtracts one Prometheus scrape from another", "give two scrapes of a histogram: latstat check before.prom after.prom --delta --budget …");
    const judged = judgeReport(run.report, options.budgets, { on: options.on, allowInsufficient: options.allowInsufficient, failedLatencies: run.failedLatencies }, run.groups);
    for (const notice of [...zeroNoticesOf(judged, run.groups), ...filteredFailureNotices(judged)]) say(notice);
    if (!partial) await writeCheckPictures(options.pictures, judged, run.inputs, { outUnit: options.outUnit, digits: input.digits, color: false }, run.times);
    check = judged;
  }
  const cellOptions = { outUnit: options.outUnit, digits: input.digits };
  if (partial) {
    // Printed, marked; the files, annotations and job summary a CI reads as whole results are not written.
    sayInterrupted("the verdict covers", [options.junit, options.pictures.html, options.pictures.svg]);
    const text = options.json ? renderBudgetJson(check, options.outUnit ?? "ms") : renderBudgetTable(check, { ...cellOptions, color: colorAllowed(options.color) });
    await writeResult(markPartial(options.json ? "json" : "text", text));
    return EXIT.interrupted;
  }
  const annotations = githubAnnotations(check, cellOptions);
  // An input that holds part of its data (a log an interrupted run wrote) marks the verdict that rests on it.
  const partialInputs = run.kind === "requests" ? run.report.partialInputs : undefined;
  const marked = (format: "json" | "text", text: string) => (partialInputs === undefined ? text : markPartial(format, text, partialInputsNote(partialInputs)));
  if (options.json) {
    await writeResult(marked("json", renderBudgetJson(check, options.outUnit ?? "ms")));
    // Keep stdout valid JSON: the runner reads workflow commands from stderr too.
    writeDiagnostics(annotations);
  } else {
    await writeResult(marked("text", renderBudgetTable(check, { ...cellOptions, color: colorAllowed(options.color) })) + annotations);
  }
  if (options.junit !== undefined) {
    const junit = renderJunit(check, { ...cellOptions, timestamp: new Date(started), hostname: hostname(), seconds: (Date.now() - started) / 1000 });
    await writeFileAtomic(options.junit, junit, options.inputPaths);
  }
  await appendStepSummary(check, cellOptions);
  return check.verdict.passed ? EXIT.ok : EXIT.checkFailed;
}

/** Adds `check` to the program. */
export const addCheckCommand: CommandAdder = (program, exit) => {
  const command = program
    .command("check")
    .description("judge latency budgets such as \"p99 < 300ms\" (for CI): exit 0 when all are met, 1 when not")
    .argument("[files...]", "input files, gzip or not; none or - reads stdin");
  addPictureOptions(addGroupByOption(addCoOptions(addInputOptions(command))))
    .optionsGroup("Budgets:")
    .option("--budget <expr>", 'a budget, e.g. "p99 < 300ms" or "99.9% < 1s"; repeatable', collect)
    .option("--budgets <file>", 'JSON file of budgets: ["p99 < 300ms", …] or { "budgets": [...] }; repeatable', collect)
    .option("--no-config", `ignore ${CONFIG_FILE} in the working directory`)
    .addOption(new Option("--on <figures>", "judge on raw or corrected figures (default: corrected when coordinated-omission correction is active, else raw)").choices(BASES))
    .option("--allow-insufficient", "budgets with too few samples (or, on Prometheus buckets, a bucket straddling the limit) do not fail the check")
    .optionsGroup("Input:")
    .option("--delta", "Prometheus: judge the requests between two scrapes (before after), the second minus the first")
    .optionsGroup("Output:")
    .option("--json", "print the results as JSON")
    .option("--junit <file>", "also write the results as JUnit XML to FILE (atomically)")
    .option("--out-unit <unit>", "unit of printed latencies: ns, us, ms, s (default: readable; ms for json)", parseTimeUnit)
    .option("--no-color", "no ANSI colour even on a terminal")
    .addHelpText("after", GRAMMAR_HELP)
    .action(async (files: string[], flags: CheckFlags) => {
      finishOnBrokenPipe();
      exit(await runCheck(await checkOptions(files, flags)));
    });
};
