/**
 * Runs the Java HdrHistogram reference (Debian libhdrhistogram-java, 2.1.11) and latstat's small Java helpers
 * (scripts/java/), compiled once per test run into a temporary directory by scripts/java/compile.sh.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";

/** The reference jar; override with HDRHISTOGRAM_JAR. */
export const HDR_JAR = process.env.HDRHISTOGRAM_JAR ?? "/usr/share/java/hdrhistogram.jar";

function commandWorks(command: string): boolean {
  return spawnSync(command, ["-version"], { stdio: "ignore" }).status === 0;
}

/** Whether the reference jar, `java` and `javac` are all present. */
export const javaAvailable: boolean = existsSync(HDR_JAR) && commandWorks("java") && commandWorks("javac");

let classpath: string | undefined;

// Compiled classes are shared by the test files (each runs in its own worker) through a directory named after
// a hash of the sources and the jar path: compiled into a fresh directory, then renamed into place atomically.
function compiledHelpers(): string {
  const sourcesDir = join(REPO_ROOT, "scripts/java");
  const hash = createHash("sha256").update(HDR_JAR);
  for (const name of readdirSync(sourcesDir).sort()) hash.update(name).update(readFileSync(join(sourcesDir, name)));
  const target = join(tmpdir(), `latstat-java-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(target)) return target;
  const fresh = mkdtempSync(join(tmpdir(), "latstat-java-build-"));
  execFileSync("sh", [join(sourcesDir, "compile.sh"), fresh], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, HDRHISTOGRAM_JAR: HDR_JAR },
  });
  try {
    renameSync(fresh, target);
  } catch {
    rmSync(fresh, { recursive: true, force: true }); // another worker got there first
  }
  return target;
}

/** Classpath with the jar and the compiled helpers (compiles them on first use). */
export function javaClasspath(): string {
  classpath ??= `${HDR_JAR}:${compiledHelpers()}`;
  return classpath;
}

/** Runs a Java main class with the reference on the classpath; returns stdout, throws on a non-zero exit. */
export function runJava(mainClass: string, args: string[], input?: string): string {
  const result = spawnSync("java", ["-cp", javaClasspath(), mainClass, ...args], {
    encoding: "utf8",
    input,
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`java ${mainClass} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}
