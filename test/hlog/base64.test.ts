import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Base64Room, decodeBase64Strict } from "../../src/hlog/base64.js";

/** What a decode gave: its bytes, or its error's message. */
function outcome(decode: () => Uint8Array): string {
  try {
    return Buffer.from(decode()).toString("hex");
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe("Base64Room", () => {
  it("decodes each of a sequence of texts as decodeBase64Strict does, each valid until the next, and refuses what it refuses", () => {
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("base64")),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString("base64").replace(/=+$/, "")),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 10 }), (texts) => {
        const room = new Base64Room();
        for (const t of texts) expect(outcome(() => room.decode(t))).toBe(outcome(() => decodeBase64Strict(t)));
      }),
    );
  });

  it("gives the bytes encoded, whatever came before", () => {
    const room = new Base64Room();
    room.decode(Buffer.alloc(500, 7).toString("base64"));
    expect([...room.decode("AQID")]).toEqual([1, 2, 3]);
  });
});
