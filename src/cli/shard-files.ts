/**
 * The inputs of `latstat merge`: a directory stands for every `*.hlog` in it and a quoted glob pattern for the
 * files it matches, each in name order — so a job runner's output folder or Spark's `'out/part-*'` can be given
 * as is, however many shards there are (no shell's argument limit, same order everywhere).
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { UserError } from "../base/errors.js";
import { fileIdentity } from "../sources/file-identity.js";

/** The extension of the shards a directory stands for. */
export const SHARD_EXTENSION = ".hlog";

/** Code-unit order, as `LC_ALL=C ls`: the same on every machine, whatever its locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The `*.hlog` files in `dir` (symbolic links followed), in name order. */
async function shardsIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(SHARD_EXTENSION) && !name.startsWith(".")).sort(byName);
  const files = names.map((name) => path.join(dir, name));
  const kept = (await Promise.all(files.map(async (file) => ((await isFile(file)) ? file : undefined)))).filter((f) => f !== undefined);
  if (kept.length === 0) throw new UserError(`${dir}: no *${SHARD_EXTENSION} files in the directory`, `name the logs, or a pattern such as '${path.join(dir, "*")}' in quotes`);
  return kept;
}

/** One argument as the files it stands for; a name that exists is itself, even when it holds `*` or `[`. */
async function expand(arg: string): Promise<string[]> {
  if (arg === "-") return [arg];
  const found = await stat(arg).catch(() => undefined);
  if (found?.isDirectory()) return shardsIn(arg);
  // A missing plain name is left to the reader, which says "no such file".
  if (found !== undefined || !isDynamicPattern(arg)) return [arg];
  const matches = await glob(arg, { expandDirectories: false, onlyFiles: true });
  if (matches.length === 0) throw new UserError(`${arg}: no file matches the pattern`, "check the pattern; hidden files (.name) match only a pattern that starts with a dot");
  return matches.sort(byName);
}

/**
 * Every argument expanded, in the order given; a file named twice (by a directory and a pattern, through a link,
 * or under a second name of a hard link) is refused.
 */
export async function shardFiles(args: readonly string[]): Promise<string[]> {
  const files = (await Promise.all(args.map(expand))).flat();
  const seen = new Set<string>();
  for (const file of files) {
    const key = file === "-" ? file : ((await fileIdentity(file)) ?? path.resolve(file));
    if (seen.has(key)) throw new UserError(`${file}: given twice, so its histograms would be added twice`, "name each shard once");
    seen.add(key);
  }
  return files;
}
