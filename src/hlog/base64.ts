/**
 * Strict base64 (RFC 4648 standard alphabet) for histogram payloads.
 *
 * Node's `Buffer.from(text, "base64")` skips characters outside the alphabet and stops at the first bad one, so a
 * corrupt payload would decode to *something*. Java's `java.util.Base64.getDecoder()` (what HdrHistogram uses)
 * rejects them; so do we. As in Java, the `=` padding is optional but must be correct when present.
 */
import { HlogCodecError } from "./errors.js";

const BASE64 = /^[A-Za-z0-9+/]*$/;

/** Decodes standard base64, throwing `HlogCodecError` on any character or length Java would refuse. */
export function decodeBase64Strict(text: string): Uint8Array {
  const bytes = Buffer.from(strictBody(text), "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes base64 strictly, as `decodeBase64Strict`, into one buffer kept from text to text: each result is valid
 * until the next. A log's histograms are decoded one after another, and a new buffer each was external memory that
 * only a garbage collection gives back.
 */
export class Base64Room {
  private buffer = Buffer.alloc(0);

  decode(text: string): Uint8Array {
    const body = strictBody(text);
    const most = Math.ceil((body.length * 3) / 4);
    if (this.buffer.length < most) this.buffer = Buffer.alloc(Math.max(most, 2 * this.buffer.length));
    const length = this.buffer.write(body, 0, "base64");
    return this.buffer.subarray(0, length);
  }
}

/** The text without its padding, once it is known to be base64 Java would read. */
function strictBody(text: string): string {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  if (!BASE64.test(body)) {
    const bad = /[^A-Za-z0-9+/]/.exec(body);
    throw new HlogCodecError(`invalid base64: unexpected character ${JSON.stringify(bad?.[0] ?? "")}`);
  }
  const remainder = body.length % 4;
  if (remainder === 1 || (padding > 0 && (body.length + padding) % 4 !== 0)) {
    throw new HlogCodecError("invalid base64: truncated or wrongly padded");
  }
  return body;
}

/** Encodes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
