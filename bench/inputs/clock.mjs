// The clock the bench's logs share: every log starts at the same moment, and a log that writes a date on each line
// formats it once per second of its clock (formatting a date costs more than writing the line).

/** When every generated log starts: 2026-11-02T09:00:00Z, in epoch ms. */
export const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n) => String(n).padStart(2, "0");

/** The UTC second `second` (epoch s) as the common log format writes a date: 02/Nov/2026:09:00:00. */
export function clfDate(second) {
  const d = new Date(second * 1000);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** A function of a time in epoch ms giving `format(second)` of its second, formatted once per second. */
export function perSecond(format) {
  let second = -1;
  let text = "";
  return (ms) => {
    if (Math.floor(ms / 1000) !== second) {
      second = Math.floor(ms / 1000);
      text = format(second);
    }
    return text;
  };
}
