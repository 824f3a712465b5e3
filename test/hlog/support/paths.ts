/** Where the repository and the shared interop logs are. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of this repository (or worktree). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

// The main checkout, when this is a git worktree elsewhere (so ../shared/interop of the main checkout counts).
function mainCheckoutRoot(): string | undefined {
  try {
    const commonDir = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return dirname(commonDir);
  } catch {
    return undefined;
  }
}

/**
 * The directory of public sample .hlog files: $LATSTAT_INTEROP_DIR, else ../shared/interop next to the repository
 * root (or next to the main checkout of a worktree). Undefined when none exists; tests using it then skip.
 */
export const INTEROP_DIR: string | undefined = (() => {
  const candidates = [
    process.env.LATSTAT_INTEROP_DIR,
    join(REPO_ROOT, "../shared/interop"),
    ...[mainCheckoutRoot()].filter((root) => root !== undefined).map((root) => join(root, "../shared/interop")),
  ];
  return candidates.find((dir) => dir !== undefined && existsSync(dir));
})();

/** The .hlog files of the interop directory, sorted. */
export function interopLogs(): string[] {
  if (INTEROP_DIR === undefined) return [];
  return readdirSync(INTEROP_DIR)
    .filter((name) => name.endsWith(".hlog"))
    .sort()
    .map((name) => join(INTEROP_DIR!, name));
}
