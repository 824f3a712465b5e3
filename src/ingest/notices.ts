/** What reading has to tell the user, as data: render/notices.ts words it, the CLI says it as it comes. */
export type ReadNotice =
  /** A decoder's choice or doubt about one input (which column it took…), in the decoder's words. */
  | { kind: "input"; input: string; message: string }
  /** A choice made for several inputs together (the spans of trace exports), in the decoder's words. */
  | { kind: "inputs"; inputs: string[]; message: string }
  /** How many of those were not said again, having been said for an earlier input in the same words. */
  | { kind: "input-repeats"; inputs: number; notices: number }
  /** One of the first rejected lines (REJECTIONS_SHOWN of all inputs together). */
  | { kind: "rejected-line"; file: string; line: number; reason: string }
  /** How many lines were rejected beyond those shown. */
  /** Rejected lines past those shown: how many, and every rejected line's reason with its count. */
  | { kind: "more-rejected"; count: number; byReason: [string, number][] };
