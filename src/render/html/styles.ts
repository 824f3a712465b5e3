/** The HTML page's own style sheet (uPlot's comes with its assets). System fonts only: nothing to fetch. */
export const PAGE_STYLES = `
:root { color-scheme: light; --ink: #222; --muted: #666; --line: #ddd; --slower: #c0392b; --faster: #1e8449; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p { margin: 6px 0; }
.meta { color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; white-space: nowrap; }
th { text-align: left; font-weight: 600; border-bottom: 2px solid #bbb; }
td.num, th.num { text-align: right; }
td.insufficient { color: var(--warn); }
tr.slower td { color: var(--slower); }
tr.faster td { color: var(--faster); }
tr.fail-row td { color: var(--slower); }
tr.warn-row td { color: var(--warn); }
.note { color: var(--muted); }
.insufficient-note { color: var(--warn); }
.callout { border-left: 4px solid #bbb; background: #f7f7f7; padding: 8px 12px; margin: 12px 0; }
.callout.warn { border-color: #d4a72c; background: #fff8e5; }
.fail { color: var(--slower); font-weight: 600; }
.pass { color: var(--faster); }
.chart-box { margin: 12px 0 24px; }
.chart-box .controls { color: var(--muted); margin: 4px 0; }
.chart { width: 100%; }
.uplot .u-legend { text-align: left; font-size: 13px; }
.uplot .u-legend .u-series > * { padding: 2px 6px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
