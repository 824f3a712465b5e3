/**
 * Records the samples with start times that a TimedSamples would receive, in their order, so that another thread
 * can hand them to its TimedSamples one by one: for a whole file read elsewhere (ingest/ingest-files.ts), where
 * adding a twin's counts would cut detection's blocks at the file's start instead of where one thread cuts them.
 * 20 bytes a sample, up to a limit; past it the tape is full (`TapeFull`) and the file is read again where it
 * belongs.
 */
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";
import type { Sample } from "./sample.js";
import { UntimedCount } from "./untimed-count.js";
import { grown } from "./typed-arrays.js";

/** The tape of a file held more samples with start times than it may. */
export class TapeFull extends Error {
  constructor(limit: number) {
    super(`more than ${limit} samples with start times to replay`);
  }
}

/** A tape as posted between threads. */
export interface TapeState {
  kind: "tape";
  /** Samples without a start time (their order does not matter). */
  untimed: number;
  /** Sender keys by number. */
  keys: string[];
  keyNumbers: Uint32Array;
  starts: Float64Array;
  latencies: Float64Array;
  /** 1 for each failed request (see TimedSeries.failed); absent when none was taped. */
  failed?: Uint8Array;
}

export class SampleTape extends UntimedCount implements PortableConsumer {
  private length = 0;
  private readonly numbers = new Map<string, number>();
  private keyNumbers = new Uint32Array(1024);
  private starts = new Float64Array(1024);
  private latencies = new Float64Array(1024);
  /** Made (all 0) when the first failed request is taped. */
  private failed: Uint8Array | undefined;

  /** @param tapesFailures tape failed requests with a start time too, marked (TimedSamples.keepsFailures). */
  constructor(
    private readonly limit: number,
    private readonly tapesFailures = false,
  ) {
    super();
  }

  sample(sample: Sample): void {
    if (sample.startNs === undefined) {
      this.untimed++;
      return;
    }
    this.tape(sample.key, sample.startNs, sample.latencyNs);
  }

  failure(sample: Sample): void {
    if (!this.tapesFailures || sample.startNs === undefined) return;
    this.tape(sample.key, sample.startNs, sample.latencyNs);
    (this.failed ??= new Uint8Array(this.starts.length))[this.length - 1] = 1;
  }

  private tape(key: string | undefined, startNs: number, latencyNs: number): void {
    if (this.length === this.limit) throw new TapeFull(this.limit);
    if (this.length === this.starts.length) {
      const size = Math.min(this.length * 2, this.limit);
      this.keyNumbers = grown(this.keyNumbers, size);
      this.starts = grown(this.starts, size);
      this.latencies = grown(this.latencies, size);
      if (this.failed !== undefined) this.failed = grown(this.failed, size);
    }
    let number = this.numbers.get(key ?? "");
    if (number === undefined) this.numbers.set(key ?? "", (number = this.numbers.size));
    this.keyNumbers[this.length] = number;
    this.starts[this.length] = startNs;
    this.latencies[this.length++] = latencyNs;
  }

  recipe(): ConsumerRecipe {
    return { kind: "tape", limit: this.limit, failures: this.tapesFailures };
  }

  state(): TapeState {
    const n = this.length;
    const failed = this.failed && { failed: this.failed.subarray(0, n) };
    return { kind: "tape", untimed: this.untimed, keys: [...this.numbers.keys()], keyNumbers: this.keyNumbers.subarray(0, n), starts: this.starts.subarray(0, n), latencies: this.latencies.subarray(0, n), ...failed };
  }

  /** A tape is only played back (by TimedSamples), never added to another. */
  absorb(): void {
    throw new Error("a SampleTape is replayed, not absorbed");
  }
}

/** Whether a posted state is a tape's. */
export function isTape(state: unknown): state is TapeState {
  return (state as Partial<TapeState>).kind === "tape";
}

