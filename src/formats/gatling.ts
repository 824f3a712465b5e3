/**
 * `gatling`: Gatling's `simulation.log`, in the tab-separated text format of Gatling 3.0 to 3.12
 * (io.gatling.core.stats.writer.LogFileDataWriter).
 *
 *   line     = record | blank
 *   record   = run | request | user | group | error | assertion           fields separated by one TAB
 *   run      = "RUN" class simulation-id start-ms description version
 *   request  = "REQUEST" [user-id] groups name start-ms end-ms ("OK" | "KO") message
 *              (user-id only before 3.4: 8 fields then, 7 since; groups are comma-separated, often empty;
 *               message is " " when there is none)
 *   user     = "USER" scenario [user-id] ("START" | "END") time-ms [time-ms]
 *   group    = "GROUP" groups start-ms end-ms cumulated-ms ("OK" | "KO")
 *   error    = "ERROR" message time-ms
 *
 * Each REQUEST is a sample: latency = end − start in ms, start as start, "groups / name" as label, KO = failed,
 * user id (before 3.4) as key. Other records are skipped. Gatling 3.13 and later write a binary simulation.log
 * (the switch came with gatling/gatling#4596); it is recognised and refused.
 */
import { toNanoseconds } from "../base/units.js";
import type { Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { senderNotice } from "./latency-names.js";

const INTEGER = /^\d+$/;
const RECORD_TYPES = new Set(["RUN", "USER", "GROUP", "ERROR", "ASSERTION"]);
/** The start of a binary log: record type 0 (run), then the Gatling version as a length-prefixed string. */
const BINARY_HEAD = /^\0\0\0\0[\x01-\x20](\d+\.\d+[\w.-]*)/;

class GatlingDecoder implements LineDecoder {
  private notices: string[] = [];
  private saidSender = false;

  /** @param userIsSender the user id names each request's sender (not with `--per none`). */
  constructor(private readonly userIsSender: boolean) {}

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "") return sink.skip();
    const fields = text.split("\t");
    const type = fields[0]!;
    if (type !== "REQUEST") {
      return RECORD_TYPES.has(type) ? sink.skip(`Gatling ${type} record`) : sink.reject(fields[2] === "REQUEST" || fields[2] === "RUN" ? "Gatling 2 record (not read)" : "not a Gatling record");
    }
    let userId: string | undefined;
    if (fields.length === 8) userId = fields.splice(1, 1)[0];
    else if (fields.length !== 7) return sink.reject(`expected 7 or 8 fields, found ${fields.length}`);
    const [, groups, name, start, end, status] = fields as [string, string, string, string, string, string];
    if (!INTEGER.test(start) || !INTEGER.test(end)) return sink.reject("bad timestamp");
    if (status !== "OK" && status !== "KO") return sink.reject("bad status (not OK/KO)");
    const ns = toNanoseconds(Number(end) - Number(start), 1e6);
    if (!ns.ok) return sink.reject(ns.reason === "negative" ? "ends before it starts" : ns.reason);
    const label = groups.trim() === "" ? name : [...groups.split(","), name].join(" / ");
    const sample: Sample = { latencyNs: ns.ns, startNs: Number(start) * 1e6, label, ok: status === "OK" };
    if (userId !== undefined && userId !== "" && this.userIsSender) {
      sample.key = userId;
      if (!this.saidSender) this.notices.push(senderNotice("Gatling's user id"));
      this.saidSender = true;
    }
    sink.sample(sample);
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const binary = BINARY_HEAD.exec(lines.join("\n"));
  if (binary !== null) return { score: 1, why: `Gatling ${binary[1]} binary simulation.log` };
  const content = lines.filter((l) => l.trim() !== "");
  if (content.length === 0) return { score: 0, why: "no content lines" };
  const records = content.filter((l) => {
    const type = l.slice(0, l.indexOf("\t"));
    return type === "REQUEST" || RECORD_TYPES.has(type);
  }).length;
  const share = records / content.length;
  const run = content[0]!.startsWith("RUN\t");
  return { score: share >= 0.8 ? share : 0, why: `${records} of ${content.length} lines are Gatling records${run ? ", starting with RUN" : ""}` };
}

export const gatlingFormat: Format = {
  name: "gatling",
  description: "Gatling simulation.log, text format (Gatling 3.0–3.12); latency end − start in ms of REQUEST records, start, groups / name as label, KO as failed",
  example: "REQUEST\t\tGET users\t1795779490123\t1795779490127\tOK\t ",
  sniff,
  createDecoder: (options) => new GatlingDecoder(!options.noSenderColumn),
  refuse: (head) => {
    const binary = BINARY_HEAD.exec(head);
    return binary === null
      ? undefined
      : {
          message: `this is the binary simulation.log of Gatling ${binary[1]} (3.13 and later), which latstat does not read`,
          hint: "use Gatling's own report, or run the simulation with Gatling 3.12 or earlier, whose simulation.log is text",
        };
  },
};
