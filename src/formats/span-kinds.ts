/** The kinds of span a trace export holds, what `--span-kind` may choose of them, and where a span sits in its trace. */

export const SPAN_KINDS = ["server", "client", "internal", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];
/**
 * `--span-kind`: every span, the spans of one kind, or `entry`: the SERVER spans whose parent span is not in the
 * input, where requests enter what was traced (see span-selection.ts).
 */
export type SpanKindChoice = SpanKind | "all" | "entry";
export const SPAN_KIND_CHOICES: readonly SpanKindChoice[] = ["all", "entry", ...SPAN_KINDS];

/** Where a span sits in its trace, as its format writes the ids; an empty or absent id is none. */
export interface SpanIds {
  traceId: string;
  spanId: string | undefined;
  parentId: string | undefined;
  /** The parent's trace, when the format says it (Jaeger's references); else the span's own. */
  parentTraceId?: string;
}
