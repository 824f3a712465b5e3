/**
 * latstat as a library: `import { report, check, compare } from "latstat"`. Each reads its inputs through the
 * pipeline the CLI reads with (`readRecorded`) and returns the document the CLI's `--json` prints, as data with the
 * same field names. Nothing is printed and the process is left alone: notices go to `onNotice`, and what cannot be
 * done is thrown — UserError (InputError for a file and line) for the input or the options, AnalysisError with a
 * tagged `problem` for what the figures cannot give. See docs/library.md.
 */
export { report, type ReportOptions } from "./report.js";
export { check, type CheckOptions } from "./check.js";
export { compare, type CompareOptions } from "./compare.js";
export type { ReadSettings } from "./settings.js";
export type { Source, StreamSource, SamplesSource } from "./sources.js";
export type { ReportDocument } from "../render/json.js";
export type { CheckDocument } from "../render/budget-json.js";
export type { CompareDocument } from "../render/compare-json.js";
export { UserError, InputError } from "../base/errors.js";
export { AnalysisError, type Problem } from "../analyses/problems.js";
export type { Notice } from "../analyses/notices.js";
export type { CoMode as Correction } from "../analyses/correction.js";
export type { TimeUnit } from "../base/units.js";
export { noticeText } from "../render/notices.js";
