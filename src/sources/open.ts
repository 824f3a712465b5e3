/**
 * Opens an input — a file or `-` for stdin — as a stream of byte chunks, decompressing it when it starts with the
 * gzip or zstd magic bytes (whatever its name); xz and bzip2 are refused with the command to pipe through. Errors
 * become one-line UserErrors naming the input.
 */
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { Xxh64 } from "./xxh64.js";
import { ZstdFrames } from "./zstd-frames.js";
import { inReusedBuffers } from "./reused-buffers.js";
import { giveBack, takeBuffer } from "./spare-buffers.js";
import { UserError } from "../base/errors.js";
import { followFile, type FollowEvents } from "./follow.js";
import { compressionOf, LONGEST_MAGIC, pipedCompressionOf } from "./compression.js";

/** The name stdin is shown under in messages and reports. */
export const STDIN_NAME = "(stdin)";

const READ_CHUNK_BYTES = 1 << 20;
/**
 * A file's first chunk: as much as format detection reads (formats/detect.ts SNIFF_BYTES). A file read in parts
 * stops after it (and the read ahead); a first chunk of 1 MB was left behind with its two copies (the head and its
 * concatenation), ~3 MB.
 */
const FIRST_CHUNK_BYTES = 64 << 10;
/** An input handed over as bytes rather than named (the library's streams): read as stdin is, shown as `name`. */
export interface StreamInput {
  name: string;
  stream: AsyncIterable<Uint8Array | string>;
}

/** An input: a file name, `-` for stdin, or a stream. */
export type InputArg = string | StreamInput;

/** Display name of an input argument. */
export function inputName(arg: InputArg): string {
  if (typeof arg !== "string") return arg.name;
  return arg === "-" ? STDIN_NAME : arg;
}

function describeOpenError(name: string, error: NodeJS.ErrnoException): UserError {
  switch (error.code) {
    case "ENOENT":
      // A name that is not UTF-8 reaches Node with U+FFFD for its bad bytes: a file by that name may well exist.
      if (name.includes("\uFFFD")) return new UserError(`${name}: cannot open a file whose name is not UTF-8`, "rename it, or give it on stdin: latstat < FILE");
      // A pattern quoted away from the shell reaches latstat as a name (only `merge` expands patterns itself).
      if (/[*?]/.test(name)) return new UserError(`${name}: no such file`, "a pattern is expanded by the shell: leave it unquoted");
      return new UserError(`${name}: no such file`, "check the path");
    case "EISDIR":
      return new UserError(`${name}: is a directory`, "give the log files inside it, e.g. dir/*.log");
    case "EACCES":
    case "EPERM":
      return new UserError(`${name}: permission denied`, "check the file's permissions");
    default:
      return new UserError(`${name}: cannot read (${error.code ?? error.message})`, "check that it is a readable file");
  }
}

/** Checks up front that a file argument is a readable regular file (or stdin), so errors come before output. */
export async function checkReadable(arg: InputArg): Promise<void> {
  if (typeof arg !== "string") return;
  // `latstat < dir` reads nothing from a directory: said, not taken for an empty input.
  if (arg === "-") {
    if ((await stat("/dev/stdin").catch(() => undefined))?.isDirectory() === true) throw describeOpenError(STDIN_NAME, Object.assign(new Error("directory"), { code: "EISDIR" }));
    return;
  }
  try {
    const info = await stat(arg);
    if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
  } catch (error) {
    throw describeOpenError(arg, error as NodeJS.ErrnoException);
  }
}

/** How to read an input. */
export interface ChunkOptions {
  /** Stops the reading when aborted, as if the input ended there (stdin is closed, so a waiting read returns). */
  signal?: AbortSignal;
  /** Told the size of every chunk read from the file or stdin, before gunzipping (for progress). */
  onBytes?(bytes: number): void;
  /** Reads on as the file grows, through rotation and truncation, until `signal` is aborted, telling `follow`'s events (see follow.ts). */
  follow?: FollowEvents;
  /** What `-` reads: the process's stdin unless given (the CLI run in-process reads its own). */
  stdin?: NodeJS.ReadableStream & { destroy(): void };
}

/**
 * Reads an input as byte chunks, decompressed when gzipped. A chunk is only valid until the next one is asked
 * for (file reads reuse one buffer): whoever keeps bytes longer must copy them.
 */
export async function* readChunks(arg: InputArg, options: ChunkOptions = {}): AsyncGenerator<Buffer> {
  const name = inputName(arg);
  const chunks = rawChunks(arg, name, options);
  try {
    const first = await chunks.next();
    if (first.done) return;
    // Magic bytes may come a few chunks apart from a pipe: enough of them to tell.
    let head = first.value;
    while (head.length < LONGEST_MAGIC) {
      const more = await chunks.next();
      if (more.done) break;
      head = Buffer.concat([head, more.value]);
    }
    const piped = pipedCompressionOf(head);
    if (piped !== undefined) {
      const file = typeof arg === "string" && arg !== "-" ? arg : "FILE";
      throw new UserError(`${name}: ${piped.what}-compressed input is not read directly`, `pipe it through ${piped.what}: ${piped.command} ${file} | latstat ...`);
    }
    const compression = compressionOf(head);
    if (compression === "gzip") return yield* gunzip(head, chunks, name, options.signal, typeof arg === "string" && arg !== "-" ? arg : undefined);
    if (compression === "zstd") return yield* unzstd(head, chunks, name, options.signal);
    yield head;
    yield* chunks;
  } finally {
    // Closes the file when the reader stops early.
    await chunks.return(undefined);
  }
}

/** The input's bytes as they come, errors described for the user. */
async function* rawChunks(arg: InputArg, name: string, { signal, onBytes, follow, stdin = process.stdin }: ChunkOptions): AsyncGenerator<Buffer> {
  const source = typeof arg !== "string" ? streamBytes(arg.stream) : arg === "-" ? (stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>) : follow !== undefined ? followFile(arg, signal, follow) : readFile(arg);
  const stop = () => {
    if (arg === "-") stdin.destroy();
    // A stream's waiting read is left to finish: the next turn of the loop sees the signal.
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    while (signal?.aborted !== true) {
      let next: IteratorResult<Buffer>;
      try {
        next = await source.next();
      } catch (error) {
        if (signal?.aborted) return;
        // A stream's failure is its owner's, told as it came: it says nothing about a file. Nor does one the reader
        // already put in words (a file that shrank).
        if (typeof arg !== "string" || error instanceof UserError) throw error;
        throw describeOpenError(name, error as NodeJS.ErrnoException);
      }
      // A chunk that came after the signal was read all the same: it is kept (the loop stops before the next).
      if (next.done) return;
      onBytes?.(next.value.length);
      yield next.value;
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    await source.return?.(undefined);
  }
}

/** A stream's chunks as Buffers (a stream with an encoding set gives strings, read as UTF-8). */
async function* streamBytes(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The error of a file `size` bytes long when reading began that ended sooner: `now` is its size now (undefined when
 * it cannot be told). Not where the reader was when it found the end: a file cut far behind it ends there too.
 */
export function fileShrank(name: string, size: number, now: number | undefined): UserError {
  const cut = now === undefined ? "" : `: it is ${now} bytes now`;
  return new UserError(`${name}: the file shrank while it was read${cut}, of ${size} when reading began`, "it was truncated or rewritten meanwhile; read it again, or once nothing writes to it");
}

/** The size of the file at `path` now, or undefined when it cannot be told (gone). */
export async function sizeNow(path: string): Promise<number | undefined> {
  return stat(path).then((info) => info.size, () => undefined);
}

/**
 * Reads the bytes `[start, end)` of a file (to its end when `end` is past it) into two reused buffers, so a chunk
 * is only valid until the next. Fresh buffers for every chunk cost more than the parsing: the kernel has to
 * hand over and zero new pages each time. The next chunk is read into the other buffer while the caller works on
 * this one, so the reading does not wait for the disk (or the page cache) between chunks. The first chunk is
 * smaller (FIRST_CHUNK_BYTES), and nothing is read ahead of it: a file read in parts stops after it (see
 * ingest/ingest-parts.ts), and a buffer of `chunkBytes` read ahead then lay unused until the main thread's next
 * full garbage collection, which a long read on two threads may not have (1 MB more for the whole read).
 */
export async function* readFile(path: string, start = 0, end = Infinity, chunkBytes = READ_CHUNK_BYTES): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  const opened = await handle.stat();
  // Read to its end, a regular file must end no sooner than it did when opened: else it was cut meanwhile. (Not
  // the files of /sys, which say 4096 bytes and hold fewer: they have no blocks.)
  const ended = async (at: number) => {
    if (end !== Infinity || !opened.isFile() || opened.blocks === 0 || at >= opened.size) return;
    throw fileShrank(path, opened.size, (await handle.stat()).size);
  };
  const size = Math.min(chunkBytes, Math.max(end - start, 1));
  const buffers = [Buffer.allocUnsafe(Math.min(FIRST_CHUNK_BYTES, size)), Buffer.alloc(0)];
  let position = start;
  // From the start, read on without positions: pipes given by name (`<(cmd)`, /dev/stdin) cannot seek.
  const readInto = (buffer: Buffer) => handle.read(buffer, 0, Math.min(buffer.length, end - position), start === 0 ? null : position);
  const into = (next: number) => {
    if (buffers[next]!.length < size) buffers[next] = takeBuffer(size);
    return buffers[next]!;
  };
  let pending: ReturnType<typeof readInto> | undefined;
  try {
    if (position >= end) return;
    // The first chunk on its own: the next read starts only when the caller asks for more.
    const first = await readInto(buffers[0]!);
    if (first.bytesRead === 0) return await ended(position);
    position += first.bytesRead;
    yield first.buffer.subarray(0, first.bytesRead);
    // Then each chunk is yielded while the next is read into the other buffer.
    if (position < end) pending = readInto(into(1));
    for (let next = 0; pending !== undefined; next = 1 - next) {
      const { bytesRead, buffer } = await pending;
      pending = undefined;
      if (bytesRead === 0) return await ended(position);
      position += bytesRead;
      if (position < end) pending = readInto(into(next));
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // A read still under way when the caller stops is let finish before the file is closed.
    await pending?.catch(() => undefined);
    await handle.close();
    giveBack(buffers);
  }
}

/**
 * Gunzips chunk by chunk, so memory stays bounded; a truncated stream names its length, a corrupt one the byte at
 * which zlib found the damage (see `damagedAt`; for stdin, where the step that failed began).
 *
 * No buffer is made per chunk that outlives its chunk: a compressed chunk is handed to zlib as read (a file's are
 * reused buffers: the next is asked for once zlib is done with it), and zlib's output is copied out as it comes
 * into two reused buffers (`inReusedBuffers`). zlib's 1 MB buffers given out as they were lived on through the
 * parsing of each, as did copies of the compressed chunks, and were freed only by full collections, which V8 put
 * off until tens of MB of them had piled up: a 100 MB file's peak RSS was 100–140 MB, as the collections fell.
 */
async function* gunzip(first: Buffer, chunks: AsyncGenerator<Buffer>, name: string, signal: AbortSignal | undefined, path: string | undefined): AsyncGenerator<Buffer> {
  let compressedBytes = 0;
  const inflater = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  const inflated = (chunk: Buffer) => new Promise<void>((resolve) => inflater.write(chunk, () => resolve()));
  void (async () => {
    try {
      for (let chunk: Buffer | undefined = first; chunk !== undefined; ) {
        compressedBytes += chunk.length;
        await inflated(chunk);
        // Stopped (the reader is done, or zlib found the data damaged): nothing more is read.
        if (inflater.destroyed) return;
        const next = await chunks.next();
        chunk = next.done ? undefined : next.value;
      }
      inflater.end();
    } catch (error) {
      inflater.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of inReusedBuffers(inflater, READ_CHUNK_BYTES)) {
      if (signal?.aborted) return;
      yield chunk;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    // An interrupted read cuts the stream short on purpose.
    if (signal?.aborted) return;
    const code = (error as NodeJS.ErrnoException).code;
    const hint = "the file is damaged or still being written";
    if (code === "Z_BUF_ERROR") throw new UserError(`${name}: truncated gzip data at compressed byte ${compressedBytes}`, hint);
    // zlib consumed this much before the step that failed: the damage is found in the input after it.
    const stepStart = inflater.bytesWritten;
    const exact = path === undefined ? undefined : await damagedAt(path, stepStart);
    throw new UserError(exact === undefined ? `${name}: corrupt gzip data after compressed byte ${stepStart}` : `${name}: corrupt gzip data at compressed byte ${exact}`, hint);
  } finally {
    inflater.destroy();
  }
}

/**
 * The compressed byte of a regular `file` at which zlib finds it damaged, given that it inflates without error up to
 * `from`. zlib does not say where in a step's input it stopped, so the file is inflated again, from `from` on in
 * 256-byte writes and then, from the start of the write that failed, one byte at a time: two more passes over the
 * file, made only when it is damaged. Undefined when it is not a regular file (a pipe cannot be read again) or
 * inflates whole this time (it changed meanwhile).
 */
async function damagedAt(file: string, from: number): Promise<number | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    const within = await failingWrite(file, from, 256);
    return within === undefined ? undefined : await failingWrite(file, within, 1);
  } catch {
    return undefined;
  }
}

/** Where the write that fails begins, when `file` is inflated in one go up to `from` and in `step`-byte writes on. */
async function failingWrite(file: string, from: number, step: number): Promise<number | undefined> {
  const inflater = createGunzip();
  inflater.resume();
  const failed = new Promise<false>((resolve) => inflater.once("error", () => resolve(false)));
  const write = (bytes: Buffer) => Promise.race([failed, new Promise<true>((resolve) => inflater.write(Buffer.from(bytes), () => resolve(true)))]);
  try {
    for await (const chunk of readFile(file, 0, from)) if (!(await write(chunk))) return undefined;
    for await (const chunk of readFile(file, from)) {
      for (let i = 0; i < chunk.length; i += step) {
        // bytesWritten counts what the writes before this one consumed: where this one begins.
        if (!(await write(chunk.subarray(i, i + step)))) return inflater.bytesWritten;
      }
    }
    return await new Promise<number | undefined>((resolve) => {
      inflater.once("error", () => resolve(inflater.bytesWritten));
      inflater.end(() => resolve(undefined));
    });
  } finally {
    inflater.destroy();
  }
}

/** One zstd frame being decoded: its content so far, hashed and counted as fzstd gives it out. */
class FrameContent {
  readonly hash = new Xxh64();
  bytes = 0;
  /** fzstd said the frame (as it read it) ended. */
  ended = false;
  readonly decoder: Decompress;

  constructor(out: Uint8Array[]) {
    this.decoder = new Decompress((data, final) => {
      if (data.length > 0) {
        this.hash.update(data);
        this.bytes += data.length;
        out.push(data);
      }
      if (final) this.ended = true;
    });
  }
}

/**
 * Decompresses zstd chunk by chunk (fzstd's streaming decoder, frames one after another as `zstd` writes them and
 * `cat a.zst b.zst` joins them); a truncated or corrupt stream names the byte offset. Each frame's content is
 * checked against the size and checksum its header and trailer carry (fzstd checks neither): a damaged byte in a
 * literal decodes without an error, into wrong text. A frame gets a decoder of its own, told at the frame's end
 * that its input ended: fzstd holds back a frame of under 18 bytes until then.
 */
async function* unzstd(first: Buffer, chunks: AsyncGenerator<Buffer>, name: string, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  let compressedBytes = 0;
  const out: Uint8Array[] = [];
  const frames = new ZstdFrames();
  let frame = new FrameContent(out);
  const damaged = (problem: "corrupt" | "truncated", at: number, why?: string) =>
    new UserError(`${name}: ${problem} zstd data${why === undefined ? "" : ` (${why})`} at compressed byte ${at}`, "the file is damaged or still being written");
  const decode = (bytes: Uint8Array, final: boolean) => {
    try {
      // fzstd keeps what it cannot decode yet: file chunks are reused buffers, so it gets a copy.
      frame.decoder.push(final ? bytes : Uint8Array.from(bytes), final);
    } catch {
      throw damaged("corrupt", compressedBytes);
    }
  };
  const push = (chunk: Uint8Array) => {
    let from = 0;
    for (const { end, checksum, contentSize } of frames.scan(chunk)) {
      decode(chunk.subarray(from, end), true);
      const at = compressedBytes + end;
      if (!frame.ended) throw damaged("corrupt", at);
      if (contentSize !== undefined && frame.bytes !== contentSize) throw damaged("corrupt", at, "a frame's content is not the size its header says");
      if (checksum !== undefined && frame.hash.digestLow32() !== checksum) throw damaged("corrupt", at, "a frame's content does not match its checksum");
      frame = new FrameContent(out);
      from = end;
    }
    if (from < chunk.length) decode(chunk.subarray(from), false);
    compressedBytes += chunk.length;
  };
  const drain = function* () {
    for (const data of out.splice(0)) yield Buffer.from(data.buffer, data.byteOffset, data.length);
  };
  push(first);
  yield* drain();
  for await (const chunk of chunks) {
    if (signal?.aborted) return;
    push(chunk);
    yield* drain();
  }
  if (signal?.aborted || frames.betweenFrames) return;
  if (!frames.lost) throw damaged("truncated", compressedBytes);
  // Not frames as the walk knows them: fzstd, told the input ended, says what it makes of the rest.
  decode(new Uint8Array(0), true);
  yield* drain();
  if (!frame.ended) throw damaged("corrupt", compressedBytes);
}
