/**
 * Runs a decoder over input bytes through the real LineSplitter, with its block fast path (`decodeBlock`) or with
 * the string path only, and logs every outcome in order — to check that the two agree exactly.
 */
import { InputError, UserError } from "../../src/base/errors.js";
import type { BlockSink, DecodeOptions, Format } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";
import { forEachLine, LineSplitter } from "../../src/sources/lines.js";

export type Logged =
  | { value: number }
  | { sample: Sample }
  | { repeated: number; count: number }
  | { histogram: number }
  | { skip: string | undefined }
  | { reject: string; line: number }
  | { untimedFailure: Omit<Sample, "latencyNs"> }
  | { notice: string }
  | { error: string };

/**
 * A copy of `sample` with a session given as bytes (a fast path's) made the text the session recorder reads it as,
 * a character a byte, so that it compares with the string path's `session`.
 */
function asText(sample: Sample): Sample {
  if (sample.sessionBytes === undefined) return { ...sample };
  const { sessionBytes, ...rest } = sample;
  return { ...rest, session: String.fromCharCode(...sessionBytes.bytes.subarray(sessionBytes.start, sessionBytes.end)) };
}

/**
 * The outcomes of decoding `bytes` cut into chunks at `cuts` (byte offsets), one per line plus notices and the
 * error that stopped decoding, if any. `fast` chooses the block path or the string path; `counts.slowLines`, when
 * given, counts the lines the block path left to the string path.
 */
export function decodeBytes(format: Format, bytes: Buffer, options: DecodeOptions, fast: boolean, cuts: number[] = [], counts?: { slowLines: number }): Logged[] {
  const log: Logged[] = [];
  let lineNo = 0;
  try {
    const decoder = format.createDecoder(options);
    const sink: BlockSink = {
      value: (ns) => log.push({ value: ns }),
      values: (batch, count) => batch.subarray(0, count).forEach((ns) => log.push({ value: ns })),
      sample: (sample) => log.push({ sample: asText(sample) }),
      repeated: (ns, count) => log.push({ repeated: ns, count }),
      intervalHistogram: (histogram) => log.push({ histogram: histogram.totalCount }),
      skip: (reason) => log.push({ skip: reason }),
      reject: (reason) => log.push({ reject: reason, line: lineNo }),
      untimedFailure: (request) => log.push({ untimedFailure: { ...request } }),
      at: (n) => (lineNo = n),
      slowLine: (b, start, end, n) => {
        if (counts !== undefined) counts.slowLines++;
        lineNo = n;
        try {
          decoder.line(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("utf8"), sink);
        } catch (error) {
          if (error instanceof UserError && !(error instanceof InputError)) throw new InputError("input", n, error.message, error.hint);
          throw error;
        }
      },
    };
    const splitter = new LineSplitter("input", {
      line: (b, start, end, n) => sink.slowLine(b, start, end, n),
      block: (b, start, end, first) =>
        fast && decoder.decodeBlock !== undefined
          ? decoder.decodeBlock(b, start, end, first, sink)
          : forEachLine(b, start, end, first, (bb, s, e, n) => sink.slowLine(bb, s, e, n)),
      oversized: () => log.push({ reject: "line too long", line: -1 }),
    });
    let previous = 0;
    for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b).concat(bytes.length)) {
      splitter.push(bytes.subarray(previous, cut));
      previous = cut;
      for (const notice of decoder.takeNotices()) log.push({ notice });
    }
    splitter.end();
    decoder.end?.(sink);
    for (const notice of decoder.takeNotices()) log.push({ notice });
  } catch (error) {
    log.push({ error: error instanceof Error ? error.message : String(error) });
  }
  return log;
}
