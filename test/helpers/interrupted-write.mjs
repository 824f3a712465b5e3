// Child process for test/hardening/output.test.ts: writes a result with writeFileAtomic (from the build), but its
// file writes stop half-way and hang, so the parent can kill it mid-write. Usage:
//   node interrupted-write.mjs TARGET BYTES
// Tells the parent "half-written <temporary file>" over IPC once half the bytes are on disk.
import { open } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [target, bytes] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Patch FileHandle.writeFile (the prototype is shared by every handle) to write half, report, and never finish.
const probe = await open(fileURLToPath(import.meta.url), "r");
const prototype = Object.getPrototypeOf(probe);
await probe.close();
prototype.writeFile = async function (data) {
  const buffer = Buffer.from(data);
  await this.write(buffer, 0, buffer.length >> 1);
  await this.sync();
  const temporary = (await import("node:fs")).readlinkSync(`/proc/self/fd/${this.fd}`);
  process.send(`half-written ${temporary}`);
  await new Promise(() => setInterval(() => {}, 1000));
};

const { writeFileAtomic } = await import(path.join(root, "dist/cli/write-file-atomic.js"));
await writeFileAtomic(target, "<x/>\n".repeat(Number(bytes) / 5), []);
