/** Errors raised while decoding or encoding HdrHistogram binary encodings. */

/**
 * A histogram payload that cannot be decoded (bad base64, unknown cookie, truncated or inconsistent data) or a
 * histogram that cannot be encoded. The message is one line, fit to show a user after `file:line:`.
 */
export class HlogCodecError extends Error {
  override readonly name = "HlogCodecError";

  constructor(message: string) {
    super(message);
  }
}
