/**
 * Which percentile spectra each command charts: one per input, raw beside corrected when a correction is on, and
 * with failures counted in when some failed.
 */
import type { CorrectedFigures } from "./correction.js";
import type { RecordedInput, ReportData } from "./report.js";
import { failureSpectrum, WITH_FAILURES_VARIANT } from "./failure-spectrum.js";
import type { WithFailures } from "./with-failures.js";
import { spectrumOf, type Spectrum } from "./spectrum.js";

/** An input's spectrum, and its corrected one beside it when coordinated omission was corrected. */
export function inputSpectra(name: string, input: Pick<RecordedInput, "recorder">, corrected: CorrectedFigures | undefined): Spectrum[] {
  if (corrected === undefined) return [spectrumOf(name, input.recorder)];
  return [spectrumOf(name, input.recorder, corrected.rawLabel), spectrumOf(name, corrected.recorder, corrected.correctedLabel)];
}

/**
 * The spectra of a report: each input when there are several, then everything together ("all"; the file's name
 * when there is one), raw and corrected when a correction is on (the correction applies to everything together),
 * and everything with its failures counted in when some request failed.
 */
export function reportSpectra(report: ReportData, inputs: readonly RecordedInput[]): Spectrum[] {
  const perInput = inputs.length > 1 ? inputs.map((input) => spectrumOf(input.name, input.recorder)) : [];
  const totalName = inputs.length === 1 ? inputs[0]!.name : "all";
  // Failures are counted in beside the raw figures (with a correction, named as the raw spectrum is).
  const variant = report.corrected ? `${report.corrected.rawLabel}, ${WITH_FAILURES_VARIANT}` : WITH_FAILURES_VARIANT;
  const withFailures = report.withFailures && failureSpectrum(totalName, report.recorder, report.withFailures, variant);
  return [...perInput, ...inputSpectra(totalName, report, report.corrected), ...(withFailures ? [withFailures] : [])];
}

/**
 * The spectra of a comparison: the base, then each candidate, with the latencies compare compared (raw or
 * corrected); then, for each side where some request failed, its spectrum with the failures counted in
 * (`withFailures`, index for index with base and candidates).
 */
export function compareSpectra(
  base: RecordedInput,
  candidates: readonly RecordedInput[],
  latencies: "raw" | "corrected" = "raw",
  withFailures: readonly (WithFailures | undefined)[] = [],
): Spectrum[] {
  const suffix = latencies === "corrected" ? ", corrected" : "";
  const sides = [base, ...candidates];
  const role = (i: number) => (i === 0 ? "base" : "candidate");
  const failed = sides.flatMap((side, i) => {
    const w = withFailures[i];
    const spectrum = w && failureSpectrum(side.name, side.recorder, w, `${role(i)}, ${WITH_FAILURES_VARIANT}`);
    return spectrum ? [spectrum] : [];
  });
  return [...sides.map((side, i) => spectrumOf(side.name, side.recorder, `${role(i)}${suffix}`)), ...failed];
}
