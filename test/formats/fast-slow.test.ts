/** Every format's block fast path against its string path, on every fixture file. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/formats/registry.js";
import { decodeBytes } from "../helpers/fast-slow.js";
import { fixture } from "../helpers/run-cli.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const fixtures = filesUnder(fixture()).map((file) => path.relative(fixture(), file));

describe("fast path equals string path on every fixture", () => {
  it.each(fixtures)("%s", (name) => {
    const raw = readFileSync(fixture(name));
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    // Whole, and in small chunks so lines also cross chunk boundaries.
    const step = bytes.length < 65536 ? 97 : 4099;
    const cuts = Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step);
    for (const format of FORMATS) {
      for (const chunking of [[], cuts]) {
        const slow = decodeBytes(format, bytes, {}, false, chunking);
        expect(decodeBytes(format, bytes, {}, true, chunking), `format ${format.name}`).toEqual(slow);
      }
    }
  });
});
