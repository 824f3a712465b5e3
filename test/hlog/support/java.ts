/**
 * Runs the Java HdrHistogram reference (Debian libhdrhistogram-java, 2.1.11) and latstat's small Java helpers
 * (scripts/java/), compiled once per test run into a temporary directory by scripts/java/compile.sh.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
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

/** Classpath with the jar and the compiled helpers (compiles them on first use). */
export function javaClasspath(): string {
  if (classpath === undefined) {
    const out = mkdtempSync(join(tmpdir(), "latstat-java-"));
    classpath = execFileSync("sh", [join(REPO_ROOT, "scripts/java/compile.sh"), out], {
      encoding: "utf8",
      env: { ...process.env, HDRHISTOGRAM_JAR: HDR_JAR },
    }).trim();
  }
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
