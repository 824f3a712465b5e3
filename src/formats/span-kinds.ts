/** The kinds of span a trace export holds, and what `--span-kind` may choose of them. */

export const SPAN_KINDS = ["server", "client", "internal", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];
/** `--span-kind`. */
export type SpanKindChoice = SpanKind | "all";
export const SPAN_KIND_CHOICES: readonly SpanKindChoice[] = ["all", ...SPAN_KINDS];
