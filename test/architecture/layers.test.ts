/**
 * The layering of docs/architecture.md, held against the code: every relative import of src/**\/*.ts points to its
 * own layer or one below (siblings such as `hlog · sources` do not import each other), no files import each other
 * in a loop, and only the CLI touches the process's streams and exit code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-cli.js";

const SRC = path.join(REPO_ROOT, "src");

/** The layers from the top, each a list of sibling directories, as the ```layers block of the doc draws them. */
function layersOfDoc(): string[][] {
  const doc = readFileSync(path.join(REPO_ROOT, "docs/architecture.md"), "utf8");
  const block = /```layers\n([\s\S]*?)```/.exec(doc);
  if (block === null) throw new Error("docs/architecture.md has no ```layers block");
  return block[1]!
    .trim()
    .split("\n")
    .map((line) => line.split(/\s{2,}/)[0]!.split(" · ").map((name) => name.trim()));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith(".ts") ? [full] : [];
  });
}

// Static imports and re-exports (type-only ones too: a cycle of types is still a knot to untie) and dynamic imports.
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

/** Each file of src/ (relative path) with the files of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (!specifier.startsWith(".")) continue;
      targets.push(path.relative(SRC, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, ".ts"));
    }
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

/** The groups of files that import each other in a loop (strongly connected components of more than one file). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe("the layers of docs/architecture.md", () => {
  const layers = layersOfDoc();
  const rank = new Map(layers.flatMap((siblings, i) => siblings.map((dir) => [dir, layers.length - i] as const)));
  const graph = importGraph();
  const layerOf = (file: string) => file.split(path.sep)[0]!;

  it("name every directory of src/, and every file is in one", () => {
    const dirs = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory());
    expect(dirs.sort()).toEqual([...rank.keys()].sort());
    expect([...graph.keys()].filter((file) => !rank.has(layerOf(file)))).toEqual([]);
  });

  it("are respected: every import points to its own layer or one below", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const from = layerOf(file);
        const to = layerOf(target);
        if (from !== to && !(rank.get(to)! < rank.get(from)!)) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("hold no import cycles between files", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("leave the process's streams and exit code to the CLI", () => {
    const offenders: string[] = [];
    for (const file of graph.keys()) {
      const text = readFileSync(path.join(SRC, file), "utf8");
      if (/process\.exitCode|process\.exit\(/.test(text) && file !== path.join("cli", "terminal.ts")) offenders.push(`${file}: exit`);
      if (/process\.(stdout|stderr)\b/.test(text) && file !== path.join("cli", "terminal.ts")) offenders.push(`${file}: stdout/stderr`);
      if (/from "commander"/.test(text) && layerOf(file) !== "cli") offenders.push(`${file}: commander`);
    }
    expect(offenders).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("find a cycle and an upward import when there is one", () => {
    const graph = new Map([
      ["core/a.ts", ["core/b.ts"]],
      ["core/b.ts", ["core/c.ts"]],
      ["core/c.ts", ["core/a.ts", "cli/main.ts"]],
      ["cli/main.ts", []],
    ]);
    expect(cycles(graph)).toEqual([["core/a.ts", "core/b.ts", "core/c.ts"]]);
    expect([...IMPORT[Symbol.matchAll]('import { x } from "./x.js";\nimport type {\n  Y,\n} from "../y.js";\nconst m = await import("./z.js");')].map((m) => m[1] ?? m[2])).toEqual([
      "./x.js",
      "../y.js",
      "./z.js",
    ]);
  });
});
