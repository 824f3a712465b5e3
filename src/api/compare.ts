/** `compare(base, candidates)`: did the candidates get slower than the base, as `latstat compare --json` holds it. */
import { buildCompare } from "../analyses/compare-report.js";
import { readSides } from "../analyses/compare-sides.js";
import { type Gate, GateSyntaxError, gatePercentiles, parseGate } from "../analyses/gates.js";
import { AnalysisError } from "../analyses/problems.js";
import { DEFAULT_PERCENTILES } from "../analyses/summary.js";
import { UserError } from "../base/errors.js";
import { LineAccounting } from "../ingest/accounting.js";
import { inputName } from "../sources/open.js";
import { compareDocument, type CompareDocument } from "../render/compare-json.js";
import { withPartial } from "../render/partial.js";
import { partialInputsOf } from "../analyses/read-recorded.js";
import { percentileLabels } from "./report.js";
import { reading, type ReadSettings } from "./settings.js";
import { inputArgs, type Source } from "./sources.js";

/** What is compared besides how the inputs are read. */
export interface CompareOptions extends ReadSettings {
  /** Percentiles 0–100 as text (default 50, 90, 99, 99.9, 99.99). */
  percentiles?: string[];
  /** Gates as `--fail-if` takes them: "p99 > +10%", "p99.9 > +5ms", "any slower"; `failed` says whether one was met. */
  failIf?: string[];
  /** Limit gates also count changes that are not significant. */
  strictGate?: boolean;
  /** A significant rise of the failure rate does not meet the gates by itself (only a `failed > …` gate). */
  allowMoreFailures?: boolean;
  /** Each failed request counted at this latency (ns) in the with-failures percentiles, not as slower than any success. */
  failuresAsNs?: number;
}

/**
 * Compares each candidate with the base, percentile by percentile with 95% confidence intervals and a
 * Kolmogorov-Smirnov test: the document of `latstat compare --json`, as data. With a correction, each side is
 * corrected on its own.
 */
export async function compare(base: Source, candidates: readonly Source[], options: CompareOptions = {}): Promise<CompareDocument & { partial?: true }> {
  if (Array.isArray(base)) throw new UserError("the base is one input, not a list", 'e.g. compare("before.csv", ["after.csv"])');
  if (!Array.isArray(candidates) || candidates.length === 0) throw new UserError("no candidate to compare with the base", "give a list of them");
  if (options.failuresAsNs !== undefined && !(options.failuresAsNs > 0 && Number.isFinite(options.failuresAsNs))) {
    throw new UserError(`failuresAsNs ${String(options.failuresAsNs)} is not a positive number of nanoseconds`);
  }
  const gates = (options.failIf ?? []).map(parseGateText);
  const percentiles = percentileLabels(options.percentiles ?? DEFAULT_PERCENTILES);
  const labels = [...percentiles, ...gatePercentiles(gates, percentiles)];
  const { read, hooks, digits, correction, outUnit } = reading([base, ...candidates], options);
  const [baseArg, ...candidateArgs] = inputArgs([base, ...candidates], options.signal);
  const baseSide = await readSides([baseArg!], { read, hooks, digits, correction, percentiles: labels });
  const candSides = await readSides(candidateArgs, { read, hooks, digits, correction, percentiles: labels });
  // Stopped before the base or any candidate was read, nothing is compared: thrown as report and check throw when
  // stopped before any value was read, rather than a document of no candidates that reads as "none given".
  const unread = baseSide.inputs.length === 0 ? baseArg : candSides.inputs.length === 0 ? candidateArgs[0] : undefined;
  if (unread !== undefined) throw new AnalysisError({ kind: "no-values", accounting: new LineAccounting(), input: inputName(unread), interrupted: true });
  const failures = { allowMore: options.allowMoreFailures === true, ...(options.failuresAsNs === undefined ? {} : { failuresAsNs: options.failuresAsNs }) };
  const data = buildCompare(baseSide.inputs[0]!, candSides.inputs, { labels, gates, strictGate: options.strictGate === true, correction: baseSide.correction ?? candSides.correction, failures });
  // Stopped by the signal (the candidates it came before are missing from `candidates`), or resting on a log an
  // interrupted run wrote: marked as the CLI's --json marks it.
  const document = compareDocument(data, outUnit);
  const partial = options.signal?.aborted === true || partialInputsOf([...baseSide.inputs, ...candSides.inputs]).length > 0;
  return partial ? withPartial(document) : document;
}

function parseGateText(text: string): Gate {
  try {
    return parseGate(text);
  } catch (error) {
    if (error instanceof GateSyntaxError) throw new UserError(`gate '${text}': ${error.message}`, "e.g. 'p99 > +10%', 'p99.9 > +5ms' or 'any slower'");
    throw error;
  }
}
