// What the bench runs on and what it compares with: the machine's description and the competitors found.
import { spawnSync } from "node:child_process";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { javaMissing } from "./inputs/hlog.mjs";

const run = (command, args) => spawnSync(command, args, { encoding: "utf8" });

/** One line: cores, CPU model, memory, OS, Node. */
export function describeMachine() {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${type()} ${release()}, node ${process.version}`;
}

/** The 1-, 5- and 15-minute load averages. */
export const loadAverages = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/**
 * The competitors present: {datamash, python (the interpreter that imports numpy, by its real path: a pyenv or
 * virtualenv shim would add its own start-up to numpy's time), numpyMissing, javaMissing, versions: string[]
 * (of those found), absent: string[] (those not found, and why)}.
 */
export function findTools() {
  const versions = [];
  const absent = [];
  const datamash = run("datamash", ["--version"]);
  const hasDatamash = datamash.status === 0;
  if (hasDatamash) versions.push(datamash.stdout.split("\n")[0].replace(/^datamash \(GNU datamash\) /, "datamash "));
  else absent.push("datamash (Debian: datamash)");
  const numpy = run("python3", ["-c", "import sys, numpy; print(sys.executable); print(numpy.__version__, sys.version.split()[0])"]);
  let python;
  let numpyMissing;
  if (numpy.status === 0) {
    const [executable, numpyVersion, pythonVersion] = numpy.stdout.split(/\s+/);
    python = executable;
    versions.push(`numpy ${numpyVersion} (python ${pythonVersion})`);
  } else {
    numpyMissing = run("python3", ["--version"]).status === 0 ? "numpy is not importable by python3 (Debian: python3-numpy)" : "python3 not found";
    absent.push(`numpy: ${numpyMissing}`);
  }
  const missingJava = javaMissing();
  if (!missingJava) {
    const java = run("java", ["-version"]).stderr.split("\n")[0].replace(/^\S+ version /, "").replaceAll('"', "");
    const hdr = run("dpkg-query", ["-W", "-f", "${Version}", "libhdrhistogram-java"]);
    versions.push(`java ${java} with HdrHistogram ${hdr.status === 0 ? hdr.stdout : "(jar)"}`);
  }
  else absent.push(`Java: ${missingJava}`);
  return { datamash: hasDatamash, python, numpyMissing, javaMissing: missingJava, versions, absent };
}
