import { describe, expect, it } from "vitest";
import type { ReadNotice } from "../../src/ingest/notices.js";
import { sayingOnce } from "../../src/ingest/repeated-notices.js";

function said(given: ReadNotice[]): ReadNotice[] {
  const out: ReadNotice[] = [];
  const once = sayingOnce((notice) => out.push(notice));
  for (const notice of given) once.notice(notice);
  once.finish();
  return out;
}

const column = (input: string): ReadNotice => ({ kind: "input", input, message: 'using column "ms" as the latency' });

describe("a decoder's notice said once per reading", () => {
  it("a later input's same words are counted, and the count names one input per input", () => {
    expect(said([column("a.csv"), column("b.csv"), column("c.csv")])).toEqual([column("a.csv"), { kind: "input-repeats", inputs: 2, notices: 2 }]);
  });

  it("the same words twice from one input are said once, and counted as no later input's", () => {
    expect(said([column("a.csv"), column("a.csv")])).toEqual([column("a.csv")]);
    expect(said([column("a.csv"), column("a.csv"), column("b.csv")])).toEqual([column("a.csv"), { kind: "input-repeats", inputs: 1, notices: 1 }]);
    expect(said([column("a.csv"), column("b.csv"), column("b.csv")])).toEqual([column("a.csv"), { kind: "input-repeats", inputs: 1, notices: 1 }]);
  });

  it("other kinds of notice pass as they come", () => {
    const rejected: ReadNotice = { kind: "rejected-line", file: "a.csv", line: 3, reason: "not a number" };
    expect(said([rejected, rejected])).toEqual([rejected, rejected]);
  });
});
