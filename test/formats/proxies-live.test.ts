/**
 * HAProxy and Caddy, when installed (Debian: haproxy, caddy), run on loopback in front of the test server: the
 * requests a client sent and the statuses it got are what latstat must find in the logs the real servers wrote.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectHdrClose, latstatJson, nearestRank } from "../helpers/formats.js";

const installed = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), "latstat-proxies-"));
const children: ChildProcess[] = [];
const PATHS = ["/api/users", "/api/flaky", "/missing", "/api/orders?page=2"];
const REQUESTS = 80;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing answers at ${url}`);
}

/** Sends REQUESTS requests one after another; returns the statuses by path. */
async function load(base: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(`${base}${PATHS[i % PATHS.length]}`);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

/**
 * A proxy writes its log line when it closes the transaction, which can come just after the client has its
 * response: wait for every request's line before stopping the proxy, or the last one may never be written.
 */
async function waitForLines(log: string, count: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (readFileSync(log, "utf8").split("\n").filter((l) => l.trim() !== "").length >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

let app = "";
beforeAll(async () => {
  const server = spawn(process.execPath, ["scripts/test-server.mjs", "--seed", "3"], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(server);
  const port = await new Promise<string>((resolve) => server.stdout!.on("data", (d: Buffer) => resolve(/listening (\d+)/.exec(d.toString())![1]!)));
  app = `127.0.0.1:${port}`;
});
afterAll(async () => {
  for (const child of children) await stop(child);
});

describe.skipIf(!installed("haproxy"))("HAProxy on loopback", () => {
  it("every request is read from its HTTP log, with the client's statuses", { timeout: 30_000 }, async () => {
    const port = await freePort();
    const config = path.join(dir, "haproxy.cfg");
    writeFileSync(config, `global\n  log stdout format raw local0\ndefaults\n  mode http\n  log global\n  option httplog\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\nfrontend web\n  bind 127.0.0.1:${port}\n  default_backend app\nbackend app\n  server app1 ${app}\n`);
    const log = path.join(dir, "haproxy.log");
    const haproxy = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", openSync(log, "w"), "ignore"] });
    children.push(haproxy);
    await waitFor(`http://127.0.0.1:${port}/warm-up`);
    const statuses = await load(`http://127.0.0.1:${port}`);
    await waitForLines(log, REQUESTS + 1);
    await stop(haproxy);
    const lines = readFileSync(log, "utf8").trim().split("\n").filter((l) => !l.includes("/warm-up"));
    const ta = lines.map((l) => ({ ms: Number(/\/(\d+) (\d+) /.exec(l)![1]), status: Number(/\/\d+ (\d+) /.exec(l)![1]) })).filter((r) => r.status < 400).map((r) => r.ms).sort((a, b) => a - b);
    writeFileSync(log, lines.join("\n") + "\n");
    const document = await latstatJson([log, "-p", "50,99"]);
    expect(document.input.format).toBe("haproxy");
    expect(document.raw.count).toBe(statuses.filter((s) => s < 400).length);
    expect(document.input.failed.count).toBe(statuses.filter((s) => s >= 400).length);
    expect(ta.length).toBe(document.raw.count);
    for (const p of ["50", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ta, Number(p)));
  });
});

describe.skipIf(!installed("caddy"))("Caddy on loopback", () => {
  it("every request is read from its JSON access log, with the client's statuses", { timeout: 30_000 }, async () => {
    const port = await freePort();
    const log = path.join(dir, "caddy.log");
    const caddyfile = path.join(dir, "Caddyfile");
    writeFileSync(caddyfile, `{\n  admin off\n  auto_https off\n  storage file_system ${dir}/caddy-data\n}\nhttp://127.0.0.1:${port} {\n  log {\n    output file ${log}\n    format json\n  }\n  reverse_proxy ${app}\n}\n`);
    const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    const caddy = spawn("caddy", ["run", "--config", caddyfile, "--adapter", "caddyfile"], { stdio: "ignore", env });
    children.push(caddy);
    await waitFor(`http://127.0.0.1:${port}/warm-up`);
    const statuses = await load(`http://127.0.0.1:${port}`);
    await waitForLines(log, REQUESTS + 1);
    await stop(caddy);
    const records = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((r) => r.request.uri !== "/warm-up");
    writeFileSync(log, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const ok = records.filter((r) => r.status < 400).map((r) => r.duration * 1000).sort((a, b) => a - b);
    const document = await latstatJson([log, "-p", "50,99"]);
    expect(document.input.format).toBe("caddy");
    expect(document.raw.count).toBe(statuses.filter((s) => s < 400).length);
    expect(document.input.failed.count).toBe(statuses.filter((s) => s >= 400).length);
    for (const p of ["50", "99"]) expectHdrClose(document.raw.percentiles[p], nearestRank(ok, Number(p)));
  });
});
