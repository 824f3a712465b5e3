/**
 * Runs the steps of a composite action's action.yml as the GitHub runner does, so a test exercises the file the
 * runner reads, not a copy of it:
 *   - `${{ … }}` in `run`, `env` and the outputs' `value` evaluated from the inputs (given, else their defaults),
 *     `github.action_path` and the outputs of earlier steps; any other expression, and the keys `if`, `uses`,
 *     `working-directory`, fail the run, so the action cannot use what this file does not mirror;
 *   - inputs reach a step only through what action.yml puts in `env`: a composite action gets no INPUT_* variables;
 *   - `shell: bash` runs the step's `run` as `bash --noprofile --norc -eo pipefail FILE`, in GITHUB_WORKSPACE,
 *     with CI, GITHUB_ACTIONS, GITHUB_ACTION_PATH, GITHUB_WORKSPACE, RUNNER_TEMP and a fresh GITHUB_OUTPUT,
 *     GITHUB_STEP_SUMMARY, GITHUB_PATH and GITHUB_ENV file per step;
 *   - after a step that succeeded: its GITHUB_OUTPUT (`name=value` and `name<<DELIMITER` blocks) becomes `steps.ID.outputs`, its
 *     summary is appended to the job's (after any step), its GITHUB_PATH lines go in front of PATH for the steps after it;
 *   - the first step that fails ends the action with its exit status; the action's outputs are evaluated after
 *     the steps either way (as the runner's CompositeActionHandler does).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  [other: string]: unknown;
}

interface ActionFile {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface ActionRun {
  /** The exit status of the step that failed, or 0. */
  code: number;
  /** The names of the steps that ran. */
  ran: string[];
  stdout: string;
  stderr: string;
  /** The job summary: every step's GITHUB_STEP_SUMMARY, in order. */
  summary: string;
  /** The action's outputs, as the calling workflow sees them ("" when unset). */
  outputs: Record<string, string>;
  /** Directories the steps added to PATH. */
  path: string[];
}

export interface ActionContext {
  /** The action's checkout: GITHUB_ACTION_PATH. */
  actionPath: string;
  /** GITHUB_WORKSPACE, the steps' working directory. */
  workspace: string;
  /** The environment of the machine before the runner adds its variables. */
  env: Record<string, string | undefined>;
  /** Run only the steps from this index on (the earlier ones ran before, e.g. a slow install). */
  fromStep?: number;
}

/** Reads `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`GITHUB_OUTPUT: a line that is neither name=value nor name<<DELIMITER: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

const SUPPORTED_KEYS = new Set(["name", "id", "shell", "run", "env"]);

function run(file: string, cwd: string, env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 128, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}

/** Runs the composite action in `actionFile` with `inputs` (by input name, as `with:` gives them). */
export async function runAction(actionFile: string, inputs: Record<string, string>, context: ActionContext): Promise<ActionRun> {
  const action = parse(readFileSync(actionFile, "utf8")) as ActionFile;
  if (action.runs.using !== "composite") throw new Error(`not a composite action: runs.using is ${action.runs.using}`);
  for (const name of Object.keys(inputs)) if (action.inputs?.[name] === undefined) throw new Error(`action.yml has no input ${name}`);

  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expression)) !== null) {
        const declared = action.inputs?.[m[1]!];
        if (declared === undefined) throw new Error(`action.yml reads an undeclared input: ${expression}`);
        return inputs[m[1]!] ?? declared.default ?? "";
      }
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression)) !== null) return stepOutputs[m[1]!]?.[m[2]!] ?? "";
      if (expression === "github.action_path") return context.actionPath;
      throw new Error(`expression not mirrored by the test's runner: \${{ ${expression} }}`);
    });

  const temp = mkdtempSync(path.join(tmpdir(), "latstat-runner-"));
  const result: ActionRun = { code: 0, ran: [], stdout: "", stderr: "", summary: "", outputs: {}, path: [] };
  const steps = action.runs.steps;
  for (let index = context.fromStep ?? 0; index < steps.length; index++) {
    const step = steps[index]!;
    const unsupported = Object.keys(step).filter((key) => !SUPPORTED_KEYS.has(key));
    if (unsupported.length > 0) throw new Error(`step ${index} uses ${unsupported.join(", ")}, which the test's runner does not mirror`);
    if (step.shell !== "bash" || step.run === undefined) throw new Error(`step ${index} is not a run step with shell: bash`);
    const files = Object.fromEntries(["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"].map((name) => [name, path.join(temp, `${index}-${name}`)]));
    for (const file of Object.values(files)) writeFileSync(file, "");
    const script = path.join(temp, `${index}.sh`);
    writeFileSync(script, evaluate(step.run));
    const env: Record<string, string | undefined> = {
      ...context.env,
      PATH: [...[...result.path].reverse(), context.env.PATH].join(":"),
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION_PATH: context.actionPath,
      GITHUB_WORKSPACE: context.workspace,
      RUNNER_TEMP: temp,
      ...files,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(String(value))])),
    };
    const done = await run(script, context.workspace, env);
    result.ran.push(step.name ?? step.run);
    result.stdout += done.stdout;
    result.stderr += done.stderr;
    // A failed step's outputs are not taken: what the runner does with them is not documented, so nothing may rely on it.
    if (step.id !== undefined && done.code === 0) stepOutputs[step.id] = parseOutputFile(readFileSync(files.GITHUB_OUTPUT!, "utf8"));
    result.summary += readFileSync(files.GITHUB_STEP_SUMMARY!, "utf8");
    result.path.push(...readFileSync(files.GITHUB_PATH!, "utf8").split("\n").filter((line) => line !== ""));
    if (readFileSync(files.GITHUB_ENV!, "utf8") !== "") throw new Error(`step ${index} writes GITHUB_ENV, which the test's runner does not mirror`);
    if (done.code !== 0) {
      result.code = done.code;
      break;
    }
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) result.outputs[name] = evaluate(output.value);
  return result;
}
