/** latstat's version, from package.json. */
import { createRequire } from "node:module";

/** The version in package.json, e.g. "0.1.0". */
export function version(): string {
  const require = createRequire(import.meta.url);
  return (require("../../package.json") as { version: string }).version;
}
