/**
 * Which spans of a trace export are requests (`--span-kind`), for all the inputs of one report at once.
 *
 * A trace holds one request many times: as the SERVER span of the service it entered, the CLIENT span of each
 * call that service made, the SERVER span of each service called, and internal spans within each. So by default,
 * when the inputs have SERVER spans, only the **entry** ones are recorded: the SERVER spans with no SERVER span
 * above them among the spans of the inputs — root spans, those a traced client called (a browser, a load
 * generator: its CLIENT span is their parent), and those of a service called from outside what was exported (a
 * backend-only export keeps all of its). The SERVER spans below another are skipped as `downstream server span`
 * and counted in a notice at the end; the spans of other kinds as `span kind KIND`. `--span-kind entry` chooses
 * that whatever the inputs hold, `server` every SERVER span, `all` every span.
 *
 * Undecided: until a first SERVER span the spans of other kinds are held back, at most HOLD_LIMIT of them (then
 * every kind is recorded, and a SERVER span after that is an error that asks for `--span-kind`); at the end of
 * the inputs without one, they are recorded, and that is said.
 *
 * Entry spans: each span read is remembered by key (span-keys.ts) with its parent's key and whether it is a SERVER
 * span, and a SERVER span's ancestors are looked up among them. Found a SERVER span above it, it is skipped; found
 * a root, recorded; else it waits for the first ancestor not read yet, as a trace's spans come in any order, in
 * several documents or files (a Collector writes a child's batch before its parent's, which ends later). It waits
 * for PARENT_WAIT more spans at most, so that memory stays bounded: then, or at the end of the inputs, it is
 * recorded as an entry span, and an ancestor that comes after that is counted and said in a warning. Spans are
 * remembered for at least SEEN_SPANS spans. So a SERVER span's ancestors are found when each is at most
 * SEEN_SPANS spans before it or PARENT_WAIT spans after it.
 */
import { UserError } from "../base/errors.js";
import type { Sample } from "../core/sample.js";
import { RecentSpans, spanKey } from "./span-keys.js";
import type { SpanIds, SpanKind, SpanKindChoice } from "./span-kinds.js";
import type { RecordSink, SpanChooser } from "./types.js";

/** Spans of other kinds held back while waiting for a first SERVER span. */
export const HOLD_LIMIT = 65_536;
/** Spans read after a SERVER span before it is taken for an entry span when an ancestor has not come. */
const PARENT_WAIT = 1 << 16;
/** Spans remembered: at least the last this many. */
const SEEN_SPANS = 1 << 18;
/** Longest chain of ancestors followed: deeper is a loop in damaged ids (a span its own ancestor). */
const MAX_DEPTH = 1000;

const DOWNSTREAM = "downstream server span";

/** A span not booked yet, with the sink of its input and the line it starts on. */
interface Held {
  sink: RecordSink;
  lineNo: number;
  kind: SpanKind;
  sample: Sample;
}

/** A SERVER span waiting for an ancestor, `awaited`; `read` is the count of spans read when it came. */
interface Waiting extends Held {
  awaited: number;
  read: number;
  booked: boolean;
}

const keyOf = (trace: string, id: string | undefined) => (id === undefined || id === "" ? undefined : spanKey(trace, id));

export class SpanSelection implements SpanChooser {
  /** How spans are chosen: not yet (no SERVER span so far), entry SERVER spans, every span, or by `choice`. */
  private mode: "undecided" | "entry" | "all" | "kind";
  private held: Held[] = [];
  /** Each span read lately: its parent's key (0 for none) times two, plus one for a SERVER span. */
  private readonly spans: RecentSpans;
  /** The ancestors awaited by SERVER spans that were taken for entry spans. */
  private readonly givenUp: RecentSpans;
  private readonly parentWait: number;
  /** The SERVER spans waiting, by the ancestor they await, and in the order they came. */
  private readonly waitingFor = new Map<number, Waiting[]>();
  private waiting: Waiting[] = [];
  private waitingFrom = 0;
  private read = 0;
  private downstream = 0;
  private lateAncestors = 0;
  private notices: string[] = [];

  /** `limits` are PARENT_WAIT and SEEN_SPANS but for tests. */
  constructor(
    private readonly choice: SpanKindChoice | undefined,
    limits = { parentWait: PARENT_WAIT, seenSpans: SEEN_SPANS },
  ) {
    this.mode = choice === undefined ? "undecided" : choice === "entry" ? "entry" : choice === "all" ? "all" : "kind";
    this.parentWait = limits.parentWait;
    this.spans = new RecentSpans(limits.seenSpans);
    // Enough to catch the ancestor of a span given up as late again as it was awaited.
    this.givenUp = new RecentSpans(limits.parentWait);
  }

  book(sink: RecordSink, lineNo: number, kind: SpanKind, ids: SpanIds, sample: Sample): void {
    if (this.mode === "kind") {
      sink.at(lineNo);
      return this.choice === kind ? sink.sample(sample) : sink.skip(`span kind ${kind}`);
    }
    if (this.mode === "all") {
      if (kind === "server" && this.choice === undefined) {
        throw new UserError(
          `a SERVER span after ${HOLD_LIMIT} spans of other kinds, which were recorded as the input seemed to have no SERVER spans`,
          "choose with --span-kind entry, --span-kind server or --span-kind all",
        );
      }
      sink.at(lineNo);
      return sink.sample(sample);
    }
    this.read++;
    const parentKey = keyOf(ids.parentTraceId ?? ids.traceId, ids.parentId);
    this.arrived(keyOf(ids.traceId, ids.spanId), parentKey, kind);
    if (this.mode === "undecided") {
      if (kind !== "server") {
        this.held.push({ sink, lineNo, kind, sample });
        if (this.held.length >= HOLD_LIMIT) this.decide("all", `no SERVER span among the first ${HOLD_LIMIT} spans: spans of every kind are recorded (choose with --span-kind)`);
        return;
      }
      this.decide("entry", "only entry SERVER spans are recorded, where requests enter the traced services: those with no SERVER span above them in the input (--span-kind server records every SERVER span, --span-kind all every span)");
    }
    if (kind !== "server") {
      sink.at(lineNo);
      sink.skip(`span kind ${kind}`);
    } else {
      this.place({ sink, lineNo, kind, sample, awaited: 0, read: this.read, booked: false }, parentKey);
    }
    this.giveUpWaiting(this.read - this.parentWait);
  }

  /** After the last input: the spans still held or waiting are booked, and what was chosen is said. */
  end(): void {
    if (this.mode === "undecided" && this.held.length > 0) this.decide("all", "no SERVER spans: spans of every kind are recorded (choose with --span-kind)");
    this.giveUpWaiting(Infinity);
    if (this.downstream > 0) {
      const n = this.downstream.toLocaleString("en-US");
      this.notices.push(`${n} SERVER ${this.downstream === 1 ? "span" : "spans"} below another SERVER span left out (skipped as "${DOWNSTREAM}"): --span-kind server records them, and --group-by service shows each service's`);
    }
    if (this.lateAncestors > 0) {
      const n = this.lateAncestors.toLocaleString("en-US");
      this.notices.push(
        `warning: ${n} SERVER ${this.lateAncestors === 1 ? "span was" : "spans were"} recorded as entry spans before a span above them came, more than ${this.parentWait} spans later: some may be requests counted twice (--span-kind server --group-by service counts each service's)`,
      );
    }
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** A span was read: it is remembered, and the SERVER spans waiting for it look further up. */
  private arrived(key: number | undefined, parentKey: number | undefined, kind: SpanKind): void {
    if (key === undefined) return;
    this.spans.set(key, (parentKey ?? 0) * 2 + (kind === "server" ? 1 : 0));
    if (this.givenUp.get(key) !== undefined) this.lateAncestors++;
    const waiting = this.waitingFor.get(key);
    if (waiting === undefined) return;
    this.waitingFor.delete(key);
    for (const span of waiting) this.place(span, key);
  }

  /** Books the SERVER span whose parent is `parentKey` by what is above it, or has it wait for an ancestor. */
  private place(span: Waiting, parentKey: number | undefined): void {
    const above = this.above(parentKey);
    if (above === "server" || above === "root") {
      span.booked = true;
      span.sink.at(span.lineNo);
      if (above === "root") return span.sink.sample(span.sample);
      this.downstream++;
      return span.sink.skip(DOWNSTREAM);
    }
    if (span.awaited === 0) this.waiting.push(span);
    span.awaited = above;
    const others = this.waitingFor.get(above);
    if (others === undefined) this.waitingFor.set(above, [span]);
    else others.push(span);
  }

  /** Whether a SERVER span is among `key` and its ancestors, none is, or (its key) which one has not been read. */
  private above(key: number | undefined): "server" | "root" | number {
    for (let depth = 0; depth < MAX_DEPTH && key !== undefined; depth++) {
      const link = this.spans.get(key);
      if (link === undefined) return key;
      if (link % 2 === 1) return "server";
      key = link / 2 || undefined;
    }
    return "root";
  }

  /** The SERVER spans that came at or before span number `last` and still wait are entry spans after all. */
  private giveUpWaiting(last: number): void {
    while (this.waitingFrom < this.waiting.length && this.waiting[this.waitingFrom]!.read <= last) {
      const span = this.waiting[this.waitingFrom++]!;
      if (span.booked) continue;
      const others = this.waitingFor.get(span.awaited)!;
      others.splice(others.indexOf(span), 1);
      if (others.length === 0) this.waitingFor.delete(span.awaited);
      this.givenUp.set(span.awaited, 0);
      span.booked = true;
      span.sink.at(span.lineNo);
      span.sink.sample(span.sample);
    }
    // Let the spans booked go, now and then.
    if (this.waitingFrom > 4096 && this.waitingFrom * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingFrom);
      this.waitingFrom = 0;
    }
  }

  private decide(mode: "entry" | "all", notice: string): void {
    this.mode = mode;
    this.notices.push(notice);
    const held = this.held;
    this.held = [];
    for (const span of held) {
      span.sink.at(span.lineNo);
      if (mode === "all") span.sink.sample(span.sample);
      else span.sink.skip(`span kind ${span.kind}`);
    }
  }
}
