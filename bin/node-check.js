// Which Node.js versions latstat runs on, checked before any compiled code loads. Written in syntax that old Node
// versions still parse, so that they print this message rather than a SyntaxError from deep inside dist/.

/** The oldest Node.js major version latstat supports (package.json `engines`). */
export const MINIMUM_NODE_MAJOR = 20;

/**
 * Why latstat cannot run on Node.js `version` (as in `process.versions.node`, e.g. "18.19.0"), in one line, or
 * undefined when it can.
 */
export function nodeVersionProblem(version) {
  const major = Number(String(version).split(".")[0]);
  if (major >= MINIMUM_NODE_MAJOR) return undefined;
  return "needs Node.js " + MINIMUM_NODE_MAJOR + " or later, this is Node.js " + version + " (install a newer Node.js: https://nodejs.org)";
}
