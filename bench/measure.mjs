// Runs commands and measures each run: wall time, CPU time, peak RSS, the 1-minute load average when it started,
// and how much CPU the rest of the machine used meanwhile. Commands of one group run interleaved (A B C A B C …),
// so a change of load on this shared machine falls on all of them alike and their per-round ratios stay fair.
import { spawn } from "node:child_process";
import { closeSync, createReadStream, openSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";

/** How often a command without the usage hook is sampled in /proc (its peak RSS is the last VmHWM seen). */
const POLL_MS = 10;
/** Linux's USER_HZ: the unit of the CPU times in /proc/stat and /proc/PID/stat. */
const TICKS_PER_SECOND = 100;

/** Seconds all cores have spent busy since boot (/proc/stat), or undefined off Linux. */
function machineBusySeconds() {
  try {
    const [user, nice, system, , , irq, softirq, steal = 0] = readFileSync("/proc/stat", "latin1").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Peak RSS (kB) and CPU seconds so far of a live process, from /proc; undefined once it is gone. */
function sampleProcess(pid) {
  try {
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // After the ")" closing the command name: state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { rssKb: hwm ? Number(hwm[1]) : undefined, cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/**
 * Runs `command` once ({argv, stdin?, hook}: with `hook`, the process reports its own usage through
 * bench/usage-hook.cjs; otherwise /proc is sampled). stdout goes to /dev/null. Resolves to
 * {wallS, cpuS, rssMb, load1, othersCores}; rejects with the command's last stderr line when it fails.
 */
async function runOnce(command, scratchDir) {
  const usageFile = path.join(scratchDir, `usage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const stdin = command.stdin ? openSync(command.stdin, "r") : "ignore";
  const load1 = loadavg()[0];
  const busyBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const child = spawn(command.argv[0], command.argv.slice(1), {
    stdio: [stdin, "ignore", "pipe"],
    env: { ...process.env, LATSTAT_BENCH_USAGE_FILE: usageFile, NO_COLOR: "1" },
  });
  let sampled;
  const poll = () => {
    // A process that has exited but is not yet reaped still has /proc entries, without its memory lines.
    const now = sampleProcess(child.pid);
    if (now) sampled = { rssKb: now.rssKb ?? sampled?.rssKb, cpuS: Math.max(now.cpuS, sampled?.cpuS ?? 0) };
  };
  const poller = command.hook ? undefined : setInterval(poll, POLL_MS);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? signal));
  });
  const closed = new Promise((resolve) => child.on("close", resolve));
  const status = await exited.finally(() => clearInterval(poller));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const busyS = machineBusySeconds() - busyBefore;
  const self = process.cpuUsage(selfBefore);
  await closed;
  if (typeof stdin === "number") closeSync(stdin);
  if (status !== 0) {
    const lastLine = stderr.trim().split("\n").pop() || "no message";
    throw new Error(`exit ${status}: ${lastLine}`);
  }
  let cpuS;
  let rssMb;
  if (command.hook) {
    const usage = JSON.parse(readFileSync(usageFile, "utf8"));
    cpuS = usage.cpuUs / 1e6;
    rssMb = usage.maxRssKb / 1024;
  } else {
    cpuS = sampled?.cpuS;
    rssMb = sampled?.rssKb === undefined ? undefined : sampled.rssKb / 1024;
  }
  const selfS = (self.user + self.system) / 1e6;
  const othersCores = busyBefore === undefined || cpuS === undefined ? undefined : Math.max(0, busyS - cpuS - selfS) / wallS;
  return { wallS, cpuS, rssMb, load1, othersCores };
}

/** Reads `file` once so that the first timed run does not pay for the disk while the others read the page cache. */
async function warmPageCache(file) {
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), new Writable({ write: (_chunk, _encoding, done) => done() }));
}

/**
 * Runs each of `commands` `runs` times, interleaved round by round. A command that fails is not run again; its
 * entry holds the error. Calls `onRun(command, round, result)` after each run (for progress). Returns a Map
 * id → {runs: [...], error?}.
 */
export async function runInterleaved(commands, runs, scratchDir, onRun) {
  const results = new Map(commands.map((command) => [command.id, { runs: [], error: undefined }]));
  // Every file a command reads: a command on a list of files would read all but the first from disk in its first run.
  for (const file of new Set(commands.flatMap((command) => command.inputs ?? [command.input]).filter(Boolean))) await warmPageCache(file);
  for (let round = 0; round < runs; round++) {
    for (const command of commands) {
      const entry = results.get(command.id);
      if (entry.error) continue;
      try {
        const result = await runOnce(command, scratchDir);
        entry.runs.push(result);
        onRun?.(command, round, result);
      } catch (error) {
        entry.error = error.message;
        onRun?.(command, round, undefined, error.message);
      }
    }
  }
  return results;
}
