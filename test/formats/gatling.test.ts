import { describe, expect, it } from "vitest";
import { gatlingFormat } from "../../src/formats/gatling.js";
import { runCli } from "../helpers/run-cli.js";
import { decodeAll, expectedOf, expectHdrClose, expectRejected, ff, fixtureLines, latstatJson, rejectsOf, samplesOf } from "../helpers/formats.js";

describe("gatling (simulation.log, text format of Gatling 3.0–3.12)", () => {
  it("simulation.log: end − start of each REQUEST, KO counted as failed", async () => {
    const expected = expectedOf("gatling/simulation.log");
    const document = await latstatJson([ff("gatling/simulation.log"), "-p", "50,90,99"]);
    expect(document.input.format).toBe("gatling");
    expect(document.raw.count).toBe(expected.ok);
    expect(document.input.failed.count).toBe(expected.failed);
    expect(document.raw.min).toBe(expected.minMs);
    expect(document.raw.max).toBe(expected.maxMs);
    for (const p of ["50", "90", "99"]) expectHdrClose(document.raw.percentiles[p], expected.percentilesMs[p]!);
    expect(document.input.skippedByReason).toMatchObject({ "Gatling RUN record": 1, "Gatling USER record": 80, "Gatling GROUP record": 40 });
  });

  it("labels requests with their groups, starts them at their start, and reads the user id of Gatling < 3.4", () => {
    const decoded = decodeAll(gatlingFormat, fixtureLines("gatling/simulation.log"));
    expect(rejectsOf(decoded)).toEqual([]);
    const samples = samplesOf(decoded);
    expect(new Set(samples.map((s) => s.label))).toEqual(new Set(["home", "checkout / add to cart", "checkout / pay"]));
    const line = fixtureLines("gatling/simulation.log").find((l) => l.startsWith("REQUEST\tcheckout\tpay\t"))!.split("\t");
    const pay = samples.find((s) => s.label === "checkout / pay")!;
    expect(pay).toEqual({ latencyNs: (Number(line[4]) - Number(line[3])) * 1e6, startNs: Number(line[3]) * 1e6, label: "checkout / pay", ok: line[5] === "OK" });
    const old = samplesOf(decodeAll(gatlingFormat, fixtureLines("gatling/simulation-3.3.log")));
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((s) => s.key !== undefined && /^\d+$/.test(s.key))).toBe(true);
  });

  it("--label filters by request name", async () => {
    const all = samplesOf(decodeAll(gatlingFormat, fixtureLines("gatling/simulation.log")));
    const document = await latstatJson([ff("gatling/simulation.log"), "--label", "checkout / *", "--include-errors"]);
    expect(document.raw.count).toBe(all.filter((s) => s.label!.startsWith("checkout / ")).length);
    expect(document.input.skippedByReason["--label"]).toBe(all.filter((s) => s.label === "home").length);
  });

  it("refuses the binary simulation.log of Gatling 3.13+, detected or forced", async () => {
    for (const args of [[ff("gatling/binary-3.13.log")], ["-f", "gatling", ff("gatling/binary-3.13.log")]]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        `latstat: ${ff("gatling/binary-3.13.log")}: this is the binary simulation.log of Gatling 3.13.1 (3.13 and later), which latstat does not read (use Gatling's own report, or run the simulation with Gatling 3.12 or earlier, whose simulation.log is text)`,
      );
    }
  });

  it("is detected on the text logs", async () => {
    for (const name of ["gatling/simulation.log", "gatling/simulation-3.3.log"]) expect((await latstatJson([ff(name)])).input.format).toBe("gatling");
  });

  it("rejects broken records with their numbers", async () => {
    const requests = fixtureLines("gatling/simulation.log").flatMap((l, i) => (l.startsWith("REQUEST") ? [i + 1] : []));
    await expectRejected("gatling/simulation.log", {
      [requests[0]!]: (l) => l.replace(/\tOK\t|\tKO\t/, "\tMAYBE\t"),
      [requests[1]!]: (l) => l.split("\t").slice(0, 5).join("\t"),
      [requests[2]!]: (l) => {
        const f = l.split("\t");
        [f[3], f[4]] = [f[4]!, f[3]!];
        return f.join("\t");
      },
    });
    expect(decodeAll(gatlingFormat, ["checkout\t1\tREQUEST\t\thome\t1\t2\t3\t4\tOK\t "])).toEqual([{ reject: "Gatling 2 record (not read)" }]);
  });
});
