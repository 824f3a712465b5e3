/**
 * Records samples per group (`--group-by`): one LatencyRecorder per distinct combination of group values, plus
 * what the coordinated-omission correction needs per group (an at-record back-fill recorder, or each sample's
 * group tagged beside its start time). Memory grows with the number of distinct groups, which is capped.
 *
 * Portable (core/portable.ts) unless it tags start times: a twin reading a later part of the input numbers its
 * groups in the order it meets them, and adding its groups after the ones here, in that order, gives the order of
 * first sight over the whole input.
 */
import { UserError } from "../base/errors.js";
import { cutGroupValue, detached, groupValue, MAX_GROUP_VALUE_LENGTH, NONE_VALUE } from "./group-key.js";
import type { SignificantDigits } from "./histogram.js";
import type { Sample } from "./sample.js";
import { LatencyRecorder } from "./recorder.js";
import { isFailed } from "./failure.js";
import type { TimedSamples } from "./timed-samples.js";
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";

/** Distinct groups allowed: each holds histograms of tens of KB, and a table of more is not read by anyone. */
export const MAX_GROUPS = 1000;

/** One group's recordings. */
export interface Group {
  /** Position in `GroupRecorder.groups`; the tag of its samples in the timed samples. */
  index: number;
  /** One value per group-by name, in order. */
  values: string[];
  raw: LatencyRecorder;
  /** Back-filled at record time, with `--expected-interval` (without --co-after). */
  atRecord?: LatencyRecorder;
  /** Failed requests, recorded or not (core/failure.ts isFailed). */
  failed: number;
  /** Failed requests left out of `raw` (without --include-errors). */
  leftOut: number;
}

/** A group's requests, failed or not: those recorded and the failed ones left out. */
export function requestsOf(group: Group): number {
  return group.raw.count + group.leftOut;
}

/** How a GroupRecorder records. */
interface GroupRecorderOptions {
  /** The group-by names, in order. */
  names: readonly string[];
  digits: SignificantDigits;
  /** Interval of the at-record back-fill; 0 for none. */
  backfillIntervalNs: number;
  /** Start times for the corrections that need them, each sample tagged with its group's index. */
  timed?: TimedSamples;
}

/** What a GroupRecorder holds, to move it between threads: its groups in order, without their indices. */
interface GroupsState {
  groups: { values: string[]; raw: unknown; atRecord: unknown; failed: number; leftOut: number }[];
  valueSeen: boolean[];
  cutValues: number;
}

/** A SampleConsumer that records each sample into its group's recorders. */
export class GroupRecorder implements PortableConsumer {
  readonly groups: Group[] = [];
  /** Per group-by name: whether any sample had a value for it. */
  readonly valueSeen: boolean[];
  /** Group values longer than MAX_GROUP_VALUE_LENGTH, cut (one per sample and group-by name). */
  cutValues = 0;
  private readonly byKey = new Map<string, Group>();

  constructor(readonly options: GroupRecorderOptions) {
    this.valueSeen = options.names.map(() => false);
  }

  value(latencyNs: number): void {
    const group = this.noneGroup();
    group.raw.record(latencyNs);
    group.atRecord?.record(latencyNs);
    this.options.timed?.value();
  }

  values(batch: Float64Array, count: number): void {
    const group = this.noneGroup();
    group.raw.values(batch, count);
    group.atRecord?.values(batch, count);
    this.options.timed?.values(batch, count);
  }

  /** An interval log holds histograms, not requests with fields and times. */
  intervalHistogram(): void {
    throw new UserError("--group-by needs per-request input; an HdrHistogram log holds only histograms", "use it on the load tester's or server's own log");
  }

  sample(sample: Sample): void {
    const group = this.groupOf(sample);
    group.raw.record(sample.latencyNs);
    group.atRecord?.record(sample.latencyNs);
    if (isFailed(sample)) group.failed++;
    this.options.timed?.tagged(sample, group.index);
  }

  failure(sample: Sample): void {
    const group = this.groupOf(sample);
    group.failed++;
    group.leftOut++;
    group.atRecord?.failure(sample);
    this.options.timed?.taggedFailure(sample, group.index);
  }

  /** Undefined when start times are tagged: their tags are indices of this recorder's groups, not a twin's. */
  recipe(): ConsumerRecipe | undefined {
    const { names, digits, backfillIntervalNs, timed } = this.options;
    return timed === undefined ? { kind: "groups", names: [...names], digits, backfillIntervalNs } : undefined;
  }

  state(): GroupsState {
    const groups = this.groups.map(({ values, raw, atRecord, failed, leftOut }) => ({ values, raw: raw.state(), atRecord: atRecord?.state(), failed, leftOut }));
    return { groups, valueSeen: this.valueSeen, cutValues: this.cutValues };
  }

  /** Adds a twin's groups: into the groups here with the same values, the others new after these (capped as ever). */
  absorb(state: unknown): void {
    const other = state as GroupsState;
    for (const { values, raw, atRecord, failed, leftOut } of other.groups) {
      const group = this.group(values);
      group.raw.absorb(raw);
      if (atRecord !== undefined) group.atRecord!.absorb(atRecord);
      group.failed += failed;
      group.leftOut += leftOut;
    }
    other.valueSeen.forEach((seen, i) => (this.valueSeen[i] ||= seen));
    this.cutValues += other.cutValues;
  }

  /** A value within MAX_GROUP_VALUE_LENGTH, counted in `cutValues` when it had to be cut. */
  private cut(value: string): string {
    if (value.length <= MAX_GROUP_VALUE_LENGTH) return value;
    this.cutValues++;
    return cutGroupValue(value);
  }

  private groupOf(sample: Sample): Group {
    const names = this.options.names;
    if (names.length === 1) {
      // One name, the common case: its value is the key (see `group`), looked up without making a list.
      const value = this.cut(groupValue(sample, names, 0));
      if (value !== NONE_VALUE) this.valueSeen[0] = true;
      return this.byKey.get(value) ?? this.group([value]);
    }
    const values = names.map((_, i) => this.cut(groupValue(sample, names, i)));
    for (let i = 0; i < values.length; i++) if (values[i] !== NONE_VALUE) this.valueSeen[i] = true;
    return this.group(values);
  }

  private noneGroup(): Group {
    return this.group(this.options.names.map(() => NONE_VALUE));
  }

  private group(values: string[]): Group {
    // NUL never occurs in a decoded line, so it cannot make two different value lists join the same.
    const key = values.join("\0");
    let group = this.byKey.get(key);
    if (group === undefined) {
      if (this.groups.length === MAX_GROUPS) {
        throw new UserError(
          `more than ${MAX_GROUPS} distinct groups for --group-by ${this.options.names.join(", ")}`,
          "group by something with fewer values; for per-user misery use --session",
        );
      }
      const { digits, backfillIntervalNs } = this.options;
      group = { index: this.groups.length, values: values.map(detached), raw: new LatencyRecorder(digits), failed: 0, leftOut: 0 };
      if (backfillIntervalNs > 0) group.atRecord = new LatencyRecorder(digits, backfillIntervalNs);
      this.groups.push(group);
      this.byKey.set(key, group);
    }
    return group;
  }
}
