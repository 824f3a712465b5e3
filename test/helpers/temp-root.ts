/**
 * Vitest's global setup: every test's temporary files go under one directory of the run, removed at its end. Test
 * files make their own with mkdtemp(tmpdir()) and many leave them (a failed assertion skips the clean-up), which
 * left thousands of directories in /tmp after a few runs. The forks and the processes they spawn inherit TMPDIR.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), "latstat-test-run-"));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
