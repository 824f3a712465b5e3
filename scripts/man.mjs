// Writes man/latstat.1 from the commands' definitions (src/cli/man-page.ts); run by `npm run man` after a build.
import { writeFileSync } from "node:fs";
import { fullProgram } from "../dist/cli/main.js";
import { manPage } from "../dist/cli/man-page.js";

writeFileSync(new URL("../man/latstat.1", import.meta.url), manPage(await fullProgram()));
