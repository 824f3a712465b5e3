/** The sentences that explain a coordinated-omission correction or detection, for the human-readable outputs. */
import { SILENCE_INTERVALS } from "../core/even-phases.js";
import type { CoNotice, CorrectedFigures, DetectionFigures } from "../analyses/correction.js";
import type { LoopEvidence, LoopVerdict, UnknownReason } from "../analyses/loop-verdict.js";
import type { CountsGaveUp } from "../core/schedule-sketch.js";
import { counted, formatCount, formatDuration, formatPercent } from "./values.js";

const n = formatCount;

/** One sentence saying what the correction did and why. */
export function correctionNote(corrected: CorrectedFigures): string {
  const interval = formatDuration(corrected.expectedIntervalNs);
  switch (corrected.method) {
    case "schedule":
      return (
        `Response time runs from each request's intended start on a schedule of one request every ${interval} to its completion; ` +
        `service time is the latency the log recorded. A request held up behind a slow one carries that wait in its response time.`
      );
    case "expected-interval":
    case "expected-interval-after":
    case "inferred-interval": {
      const how =
        corrected.method === "inferred-interval"
          ? `each sender's own send interval, inferred from start times (median ${interval})`
          : `an expected interval of ${interval}${corrected.method === "expected-interval-after" ? ", applied after recording" : ""}`;
      return (
        `Corrected adds ${n(corrected.syntheticCount)} synthetic samples (HdrHistogram back-fill at ${how}): the requests a sender ` +
        `keeping its schedule would have sent while a slow response held it up, each waiting a little less than the one before.`
      );
    }
  }
}

const share = (fraction: number) => formatPercent(100 * Math.min(1, fraction));

/** Why the loop is known, in one clause. */
export function evidenceText(evidence: LoopEvidence): string {
  switch (evidence.kind) {
    case "sender-column": {
      // A few overlaps (five, or one in a thousand: a clock stepped back, a retry) still leave a sender closed; they are said.
      const open = evidence.open;
      const senders = open === undefined ? `the sender column names ${counted(evidence.senders, "sender")}` : `${n(evidence.senders)} of the ${counted(evidence.senders + open.senders, "sender")} in the sender column`;
      const waited =
        evidence.overlapping === 0
          ? `${senders}, and none sent again before its response ended`
          : `${senders}, and only ${counted(evidence.overlapping, "request")} started before its sender's previous response had ended`;
      if (open === undefined) return waited;
      const others = open.senders === 1 ? "the other sender did not wait" : `the other ${n(open.senders)} did not wait`;
      return `${waited}; ${others} (${n(open.overlapping)} of ${counted(open.requests, "request")} overlapping), and ${open.senders === 1 ? "its requests are" : "theirs are"} left as they are`;
    }
    case "sender-overlap":
      return `${counted(evidence.overlapping, "request")} of ${n(evidence.requests)} started before the previous request of the same sender had ended: its sends do not wait for responses`;
    case "reaction": {
      const when = evidence.lagNs < 1e3 ? "as soon as another request ended" : `${formatDuration(evidence.lagNs)} after another request ended`;
      // `share` is of the starts chance left unexplained; said as a share of all starts.
      const hit = evidence.chance + evidence.share * (1 - evidence.chance);
      return `${share(hit)} of the requests started ${when} (chance alone would give ${share(evidence.chance)})`;
    }
    case "silence":
      return (
        `for ${formatDuration(evidence.silenceNs)} ${counted(evidence.busy, "request")} ${evidence.busy === 1 ? "was" : "were"} in flight and none started, ` +
        `where the log's usual rate would have started ~${n(Math.round(evidence.expected))}: the senders waited for their responses`
      );
    case "missed-sends": {
      const sent = evidence.filled + evidence.skipped;
      return `${counted(evidence.missed, "time")} a slow response outlasted its sender's next due send, and ${sent === 0 ? "no request was" : `only ${n(sent)} times a request was`} sent then: the senders waited for their responses`;
    }
    case "pile-up":
      return (
        `up to ${counted(evidence.most, "request")} were in flight at once (${evidence.usual.toFixed(1)} on average` +
        `${evidence.schedules === undefined ? "" : `, from ${counted(evidence.schedules, "send schedule")}`}) and starts went on: the senders did not wait for responses`
      );
  }
}

/** Why detection let its counts go, in one clause. */
function gaveUpText(why: CountsGaveUp): string {
  const limit = n(why.limit);
  switch (why.kind) {
    case "keys":
      return `there are more than ${limit} sender-column keys`;
    case "senders":
      return `more than ${limit} requests were in flight at once, too many senders to reconstruct`;
    case "gap-lengths":
      return `the gaps between starts have more than ${limit} distinct lengths`;
    case "kept":
      return `more than ${limit} requests have start times, and this check keeps each in memory`;
  }
}

/** Why the loop cannot be told, in one clause. */
export function unknownReasonText(reason: UnknownReason): string {
  switch (reason.kind) {
    case "no-start-times":
      return "no request has a start time";
    case "few":
      return `only ${counted(reason.requests, "request")} with start times: too few to tell how they were sent`;
    case "coarse":
      return (
        `start times are in steps of ${formatDuration(reason.resolutionNs, 1)} while requests start every ~${formatDuration(reason.meanGapNs)}: ` +
        "too coarse to tell which response a request waited for"
      );
    case "coarse-senders":
      return (
        `start times are in steps of ${formatDuration(reason.resolutionNs, 1)} while each sender sends every ~${formatDuration(reason.senderGapNs)}: ` +
        "too coarse to tell whether a sender waited for its response"
      );
    case "paced-no-slow-period": {
      const schedule = `requests start on a schedule (${counted(reason.schedules, "sender")} every ${formatDuration(reason.periodNs)})`;
      if (reason.heldUp === 0) return `${schedule} that slow responses never held up, so a closed loop and an open one look alike`;
      return (
        `${schedule}; slow responses held up only ${counted(reason.heldUp, "send")}, and no start came for at most ${formatDuration(reason.silenceNs)} ` +
        `with every sender busy (under ${SILENCE_INTERVALS} intervals): too little to tell a closed loop from an open one`
      );
    }
    case "paced-more-in-flight":
      return (
        `requests start on a schedule (${counted(reason.schedules, "sender")} every ${formatDuration(reason.periodNs)}) but up to ${n(reason.most)} were in flight at once: ` +
        "as many senders spread evenly over a longer period, or an open loop"
      );
    case "irregular-no-slow-period":
      return "starts follow neither a schedule nor the responses, and no slow period shows whether the senders wait";
    case "gave-up":
      return `detection let its counts go: ${gaveUpText(reason.why)}`;
  }
}

/** The verdict in one sentence without its closing full stop: `closed loop — …` / `cannot tell — …`. */
export function verdictText(verdict: LoopVerdict): string {
  return verdict.loop === "unknown" ? `cannot tell closed from open loop — ${unknownReasonText(verdict.reason)}` : `${verdict.loop} loop — ${evidenceText(verdict.evidence)}`;
}

/** The senders of a closed loop: `9 senders`, or `8 of 9 senders` when the column's others did not wait. */
function closedSenders(detection: DetectionFigures): string {
  const verdict = detection.verdict;
  const open = verdict.loop === "closed" && verdict.evidence.kind === "sender-column" ? verdict.evidence.open : undefined;
  const all = detection.senders ?? 0;
  return open === undefined ? counted(all, "sender") : `${n(all - open.senders)} of ${counted(all, "sender")}`;
}

/** Who the senders are and how often they send. */
function sendersText(detection: DetectionFigures): string {
  const senders = closedSenders(detection);
  const who = detection.senderColumn ? `${senders} in the sender column` : `${senders} reconstructed`;
  if (!(detection.expectedIntervalNs > 0)) return who;
  // Senders a column names may run at rates of their own (thread groups); reconstructed ones differ by chance.
  const range = detection.senderColumn ? detection.intervalRangeNs : undefined;
  if (range !== undefined) return `${who}, each on its own interval, from ~${formatDuration(range[0])} to ~${formatDuration(range[1])} (median ${formatDuration(detection.expectedIntervalNs)})`;
  return `${who}, each sending every ~${formatDuration(detection.expectedIntervalNs)}`;
}

/** What detection found, and what to do about it. */
export function detectionNote(detection: DetectionFigures): string {
  const verdict = `Coordinated omission: ${verdictText(detection.verdict)}.`;
  if (detection.verdict.loop === "open") return `${verdict} A slow period in an open loop is slowness already in the raw figures: nothing was omitted.`;
  if (detection.verdict.loop === "unknown") return `${verdict} Nothing looks omitted; --expected-interval corrects if you know the send interval.`;
  if (!detection.detected) return `${verdict} ${sendersText(detection)}; none stalled: nothing was omitted.`;
  const effect = `${backfillText(detection)} and make p99 ${detection.p99Ratio.toFixed(1)}× and p99.9 ${detection.p999Ratio.toFixed(1)}× the raw figures`;
  return (
    `${verdict} ${sendersText(detection)}: ${counted(detection.stalls, "stall")} (longest ${formatDuration(detection.longestStallNs)}), ` +
    `~${counted(detection.omittedEstimate, "request")} not sent in them; ${effect} — correct with --apply.`
  );
}

/**
 * Said beside the requests the stalls hid, what back-fill adds (`--apply`'s synthetic samples): one for each interval
 * any response outlasted its sender's, in a stall or not, so the two differ (docs/coordinated-omission.md).
 */
function backfillText(detection: DetectionFigures): string {
  return `back-fill would add ${n(detection.backfillCount)}`;
}

/** A coordinated-omission notice for stderr. */
export function coNoticeText(notice: CoNotice): string {
  switch (notice.kind) {
    case "co-detected": {
      const d = notice.detection;
      return (
        `warning: coordinated omission — a closed loop of ${closedSenders(d)} stalled ${counted(d.stalls, "time")} (longest ${formatDuration(d.longestStallNs)}), ` +
        `~${counted(d.omittedEstimate, "request")} not sent in them; ${backfillText(d)}; corrected p99 would be ${d.p99Ratio.toFixed(1)}× raw, p99.9 ${d.p999Ratio.toFixed(1)}×; --apply corrects`
      );
    }
    case "co-counted":
      if (notice.inParts) {
        return (
          "note: coordinated-omission check in blocks: the input was read in parts on several threads, each reconstructing " +
          `its senders from its own first block (--threads 1 checks these ${n(notice.requests)} requests one by one); back-fill applied after recording`
        );
      }
      return (
        `note: coordinated-omission check on more than ${n(notice.blockLength)} requests with start times: ` +
        "requests taken a block at a time in start order, back-fill applied after recording"
      );
    case "co-out-of-order":
      return `note: ${counted(notice.count, "start time")} came before the end of an earlier block: left out of the coordinated-omission check`;
    case "co-skipped":
      return `note: coordinated-omission check skipped: ${gaveUpText(notice.why)} (--co off silences this; --expected-interval corrects without start times)`;
    case "rate-untimed":
      return `${counted(notice.count, "sample")} without a start time ${notice.count === 1 ? "is" : "are"} left out of the response times`;
    case "rate-shared":
      return `note: --rate: the ${n(notice.senders)} senders sent at that rate between them, not each at it: they are taken as one schedule, as k6's arrival-rate VUs share one`;
    case "rate-skipped":
      return (
        `warning: --rate: ${counted(notice.skipped, "send")} of the schedule ${notice.skipped === 1 ? "was" : "were"} never made (dropped or skipped: ` +
        "the senders went on at the rate that many slots later, without catching up); the schedule is taken up again after each such gap, " +
        "so the requests after it are not counted late by it, and the sends never made are in no figure " +
        "(without --rate, --apply or --expected-interval back-fills the sends that slow responses held up)"
      );
  }
}

/** The error for `--apply` when the loop is not closed. */
export function refusalText(verdict: LoopVerdict): string {
  return verdict.loop === "open" ? `--apply: nothing to correct: ${verdictText(verdict)}` : `--apply: ${verdictText(verdict)}`;
}
