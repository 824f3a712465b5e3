/**
 * `cloudfront`: Amazon CloudFront standard logs (legacy, and v2 delivered as W3C), tab-separated.
 *
 *   log   = "#Version: 1.0" LF "#Fields: " name { " " name } LF { entry LF }      (w3c-log.ts reads them)
 *   entry = value { TAB value }                                                  "-" = none
 *
 * The 33 fields of the CloudFront Developer Guide ("Standard logging reference", "Log file fields"): date time
 * x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent)
 * cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken
 * x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status
 * fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len
 * sc-range-start sc-range-end — read by the names in #Fields, so fewer or reordered fields (v2) read the same.
 *
 * time-taken is in seconds (to the millisecond): from the viewer's request to the last byte of the response put
 * in the output queue; date and time (UTC) are when the response ended: start = date + time − time-taken.
 * sc-status 000 (the viewer closed the connection first) is a failed request. Label = cs-method + cs-uri-stem;
 * host = x-host-header; key = c-ip:c-port. Any #Fields name can be a `--group-by` name (x-edge-location,
 * x-edge-result-type, sc-status…).
 */
import { entryFit, W3cDecoder, type W3cDialect } from "./w3c-log.js";
import type { Format } from "./types.js";

const DIALECT: W3cDialect = {
  what: "CloudFront logs",
  separator: "\t",
  hostField: "x-host-header",
  unit: () => ({ unit: "s" }),
};

export const cloudfrontFormat: Format = {
  name: "cloudfront",
  description: "Amazon CloudFront standard log (tab-separated W3C): latency time-taken in s; start date + time − time-taken; sc-status (000 = failed); --group-by any #Fields name",
  example:
    "2026-11-02\t09:00:00\tIAD89-C3\t335\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/api/users\t200\t-\tcurl/8.5.0\t-\t-\tMiss\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\twww.example.com\thttps\t110\t0.012\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tMiss\tHTTP/2.0\t-\t-\t11040\t0.012\tMiss\ttext/plain\t14\t-\t-",
  sniff: (lines) => {
    const { fields, entries, fit } = entryFit(lines, (l) => l.split("\t").length);
    if (fields === undefined || !fields.includes("x-edge-location")) return { score: 0, why: "no #Fields directive with x-edge-location" };
    if (entries > 0 && fit / entries < 0.8) return { score: 0, why: `${fit} of ${entries} entries have the tab-separated fields their #Fields names` };
    return { score: 1, why: `CloudFront #Fields; ${fit} of ${entries} entries fit` };
  },
  createDecoder: (options) => new W3cDecoder(DIALECT, options),
};
