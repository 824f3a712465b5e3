#!/usr/bin/env node
// The `prepare` script: `npm install` in a clone, and `npm pack`, compile src/ into dist/ and bundle the CLI (scripts/bundle.mjs). Without the dev
// dependencies (`npm ci --omit=dev`) there is no TypeScript compiler: the install then goes on without a build,
// and says so, instead of failing on `tsc: not found`. `npm test` and `npm run build` call tsc directly.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.error("latstat: TypeScript is not installed (dev dependencies omitted): dist/ is not built; npm install without --omit=dev builds it");
  process.exit(0);
}
const root = new URL("..", import.meta.url);
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit", cwd: root });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
// The CLI's bundle and its code cache (esbuild is a dev dependency too, installed beside TypeScript).
const bundled = spawnSync(process.execPath, ["scripts/bundle.mjs"], { stdio: "inherit", cwd: root });
process.exit(bundled.status ?? 1);
