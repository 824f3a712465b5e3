/** Every input format latstat knows, in the order detection breaks ties. Adding a format = one line here. */
import { abFormat } from "./ab.js";
import { albFormat } from "./alb.js";
import { apacheFormat } from "./apache.js";
import { caddyFormat } from "./caddy.js";
import { cloudfrontFormat } from "./cloudfront.js";
import { csvFormat, tsvFormat } from "./delimited.js";
import { envoyFormat } from "./envoy.js";
import { gatlingFormat } from "./gatling.js";
import { haproxyFormat } from "./haproxy.js";
import { heyFormat } from "./hey.js";
import { hgrmFormat } from "./hgrm.js";
import { hlogFormat } from "./hlog.js";
import { jsonLinesFormat } from "./jsonl.js";
import { jtlFormat } from "./jtl.js";
import { k6CsvFormat } from "./k6-csv.js";
import { k6Format } from "./k6.js";
import { nginxFormat } from "./nginx.js";
import { otlpFormat } from "./otlp.js";
import { ghzFormat } from "./ghz.js";
import { jaegerFormat } from "./jaeger.js";
import { zipkinFormat } from "./zipkin.js";
import { plainFormat } from "./plain.js";
import { traefikFormat } from "./traefik.js";
import { prometheusFormat } from "./prometheus.js";
import type { Format } from "./types.js";
import { vegetaFormat } from "./vegeta.js";
import { w3cFormat } from "./w3c.js";

export const FORMATS: readonly Format[] = [
  // Generic formats (scores 0.5–0.8), for everything else.
  jsonLinesFormat,
  csvFormat,
  tsvFormat,
  plainFormat,
  // Tools' own formats: each recognises its own header or shape (scores 0.9–1), so it wins over the generic ones.
  k6Format,
  k6CsvFormat,
  vegetaFormat,
  heyFormat,
  abFormat,
  jtlFormat,
  gatlingFormat,
  nginxFormat,
  apacheFormat,
  envoyFormat,
  haproxyFormat,
  albFormat,
  cloudfrontFormat,
  w3cFormat,
  caddyFormat,
  traefikFormat,
  hgrmFormat,
  hlogFormat,
  prometheusFormat,
  // Documents: span exports and load testers' JSON reports, each recognised by how its document starts.
  otlpFormat,
  jaegerFormat,
  zipkinFormat,
  ghzFormat,
];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** Why the distribution of inputs read in these formats ("a+b" as in a report) is only approximate, if it is. */
export function approximation(formatNames: string): string | undefined {
  const reasons = formatNames.split("+").flatMap((name) => {
    const reason = findFormat(name)?.approximate;
    return reason === undefined ? [] : [`${name}: ${reason}`];
  });
  return reasons.length === 0 ? undefined : reasons.join("; ");
}
