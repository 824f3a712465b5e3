/** What the who-suffered flags add to the human-readable reports: a line about the groups, misery and SLO blocks. */
import type { GroupsData } from "../analyses/groups.js";
import type { ReportData } from "../analyses/report.js";
import type { Block } from "./blocks.js";
import { escapeControls } from "../base/errors.js";
import { miseryBlocks } from "./misery-text.js";
import { sloBlocks } from "./slo-text.js";

/** E.g. `3 groups by endpoint, worst p99 first` or `the 5 worst of 12 groups by endpoint, method, by count`. */
export function describeGroups(groups: GroupsData): string {
  const order = groups.sort === "name" ? "by name" : groups.sort === "count" ? "most requests first" : `worst ${groups.sort} first`;
  const which = groups.shown.length < groups.count ? `the ${groups.shown.length} worst of ${groups.count} groups` : `${groups.count} group${groups.count === 1 ? "" : "s"}`;
  return `${which} by ${escapeControls(groups.names.join(", "))}, ${order}`;
}

/** The misery and SLO blocks of a report (none without --threshold and --slo). */
export function whoBlocks(report: ReportData, digits: number): Block[] {
  return [...(report.misery ? miseryBlocks(report.misery, digits) : []), ...(report.slo ? sloBlocks(report.slo) : [])];
}
