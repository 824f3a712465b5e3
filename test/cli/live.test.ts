import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, REPO_ROOT } from "../helpers/run-cli.js";

const hasScript = spawnSync("sh", ["-c", "command -v script"]).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), "latstat-live-"));

/** Writes 100 values, one every 20 ms (a slow stream). */
const FEEDER = `let i = 0;
const timer = setInterval(() => {
  process.stdout.write(\`\${(i % 17) + 1}\\n\`);
  if (++i === 100) clearInterval(timer);
}, 20);
`;

describe("--live", () => {
  it.skipIf(!hasScript)("redraws on a terminal while reading, then prints the report to stdout", () => {
    const feeder = path.join(dir, "feeder.mjs");
    const out = path.join(dir, "report.txt");
    writeFileSync(feeder, FEEDER);
    // script(1) gives latstat a terminal on stderr; its size is set, as a terminal has one.
    const command = `stty rows 24 cols 200; node ${feeder} | NO_COLOR=1 node ${BIN} --live --every 200ms -f plain --json > ${out}`;
    const tty = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(tty.status).toBe(0);
    const frames = tty.stdout.split(/[\r\n]/).filter((line) => / values · .*\/s · p50 .* · p99 .* · p99\.9 .* · max .* · last 200ms: p99 /.test(line));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const counts = frames.map((frame) => Number(/([\d,]+) values/.exec(frame)![1]!.replace(/,/g, "")));
    expect(counts[counts.length - 1]).toBe(100);
    expect(counts[0]).toBeLessThan(100);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.raw.count).toBe(100);
    expect(report.raw.max).toBe(17);
    expect(report.partial).toBeUndefined();
  });

  it.skipIf(!hasScript)("draws on a terminal that says it is 0 columns wide (docker exec -t without a size) as on one 80 wide", () => {
    const feeder = path.join(dir, "feeder0.mjs");
    writeFileSync(feeder, FEEDER);
    const command = `stty rows 0 cols 0; node ${feeder} | NO_COLOR=1 node ${BIN} --live --every 200ms -f plain --json > /dev/null`;
    const tty = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(tty.status).toBe(0);
    expect(tty.stdout.split(/[\r\n]/).filter((line) => / values · .*\/s · p50 /.test(line)).length).toBeGreaterThanOrEqual(2);
  });

  it("draws nothing when stderr is not a terminal", () => {
    const result = spawnSync(process.execPath, [BIN, "--live", "-f", "plain"], { cwd: REPO_ROOT, input: "1\n2\n", encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/2 lines: 2 recorded/);
  });
});
