// An HdrHistogram interval log written by Java's own HistogramLogWriter (bench/java/WriteHlog.java, compiled with
// javac at bench time against Debian's libhdrhistogram-java): 3 tags, 1,000 requests a second each, 1 s intervals.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const HDR_JAR = process.env.HDRHISTOGRAM_JAR ?? "/usr/share/java/hdrhistogram.jar";
const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "java", "WriteHlog.java");
const TAGS = ["A", "B", "C"];
const RATE_PER_TAG = 1000;

const works = (command, args) => spawnSync(command, args, { stdio: "ignore" }).status === 0;

/** Why the Java-written hlog cannot be made here, or undefined when java, javac and the jar are all present. */
export function javaMissing() {
  const missing = [!works("java", ["-version"]) && "java", !works("javac", ["-version"]) && "javac", !existsSync(HDR_JAR) && HDR_JAR];
  const names = missing.filter(Boolean);
  return names.length === 0 ? undefined : `${names.join(", ")} not found (Debian: default-jdk-headless, libhdrhistogram-java)`;
}

/** Writes `seconds` of intervals to `file` with Java (classes compiled into `dir`); returns the path. */
export function writeJavaHlog(file, seconds, dir) {
  if (existsSync(file)) return file;
  const classes = path.join(dir, "java-classes");
  mkdirSync(classes, { recursive: true });
  const compiled = spawnSync("javac", ["-nowarn", "-d", classes, "-cp", HDR_JAR, SOURCE], { encoding: "utf8" });
  if (compiled.status !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
  process.stderr.write(`bench: generating ${path.basename(file)} with Java's HistogramLogWriter…\n`);
  const temporary = `${file}.${process.pid}.tmp`;
  const args = ["-cp", `${HDR_JAR}:${classes}`, "WriteHlog", temporary, String(seconds), String(RATE_PER_TAG), ...TAGS];
  const written = spawnSync("java", args, { encoding: "utf8" });
  if (written.status !== 0) throw new Error(`WriteHlog failed: ${written.stderr}`);
  renameSync(temporary, file);
  return file;
}
