/** Reads a whole interval log from a stream of lines, without holding the file in memory. */
import { type HlogEvent, HlogReader } from "./log-reader.js";

/** Yields one event per line of `lines` (numbered from 1), as `HlogReader.accept` returns them. */
export async function* readHlogLines(
  lines: AsyncIterable<string> | Iterable<string>,
  reader: HlogReader = new HlogReader(),
): AsyncGenerator<HlogEvent> {
  let lineNo = 0;
  for await (const line of lines) yield reader.accept(line, ++lineNo);
}
