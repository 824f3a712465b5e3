// The bench's command line: `node bench/run.mjs [options]` (npm run bench -- [options]).
import { tmpdir } from "node:os";
import path from "node:path";

export const USAGE = `usage: npm run bench -- [options]      (or: node bench/run.mjs [options], after npm run build)

Times latstat on generated, seeded inputs beside datamash, numpy and Java's HistogramLogProcessor (where
installed), in interleaved runs, and prints every target of the speed issue with its figure, spread, load and
whether it is met. Progress goes to stderr, the tables to stdout.

  --runs N       runs of each command (default 5; with --quick 2); start-up commands run 4× as often
  --only NAME    run only this measurement (repeat or give a comma list): startup, plain, csv, jtl, k6,
                 nginx, haproxy, alb, hlog, gzip, files, memory, group-by, session
  --no-gb        skip the 1 GB inputs (memory, group-by, session); their targets are reported as not measured
  --quick        tiny inputs (1000× smaller): checks the bench works end to end; its figures mean nothing
  --dir DIR      where generated inputs are cached (default: $LATSTAT_BENCH_DIR, else $TMPDIR/latstat-bench)
  -h, --help     this text

Exit codes: 0 the bench ran (targets may be missed: see the table); 1 a command failed; 2 usage error.`;

const GROUP_NAMES = ["startup", "plain", "csv", "jtl", "k6", "nginx", "haproxy", "alb", "hlog", "gzip", "files", "memory", "group-by", "session"];

/**
 * Input sizes of a full run and of --quick. `sizes` are the steps of the flat-memory and group/session checks;
 * `rotatedBytesEach` the uncompressed bytes of each of the 100 rotated files (25 MB of the CSV: ~5 MB gzipped).
 */
const FULL = { plainValues: 10_000_000, csvRows: 10_000_000, sizes: [10e6, 100e6, 1e9], formatBytes: 300e6, hlogSeconds: 3600, rotatedBytesEach: 25e6 };
const QUICK = { plainValues: 10_000, csvRows: 10_000, sizes: [10e3, 100e3, 1e6], formatBytes: 300e3, hlogSeconds: 20, rotatedBytesEach: 25e3 };

/** Parses `argv`; returns {help} or the options, or throws an Error whose message is the usage problem. */
export function parseOptions(argv) {
  const options = { runs: undefined, only: [], quick: false, gb: true, dir: process.env.LATSTAT_BENCH_DIR ?? path.join(tmpdir(), "latstat-bench") };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith("--") ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") return { help: true };
    else if (flag === "--quick") options.quick = true;
    else if (flag === "--no-gb") options.gb = false;
    else if (flag === "--dir") options.dir = path.resolve(value());
    else if (flag === "--runs") {
      const runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1`);
      options.runs = runs;
    } else if (flag === "--only") {
      for (const name of value().split(",")) {
        if (!GROUP_NAMES.includes(name)) throw new Error(`--only: no measurement "${name}" (one of ${GROUP_NAMES.join(", ")})`);
        options.only.push(name);
      }
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  options.runs ??= options.quick ? 2 : 5;
  const base = options.quick ? QUICK : FULL;
  const largest = base.sizes[base.sizes.length - 1];
  const keep = options.gb || options.quick ? base.sizes : base.sizes.filter((bytes) => bytes < 1e9);
  options.sizes = { ...base, sizes: keep, largest, skippedReason: "skipped: the 1 GB inputs were left out (--no-gb)" };
  return options;
}
