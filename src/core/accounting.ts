/**
 * Every input line is accounted for: recorded, skipped (blank, comment, header) or rejected with a reason,
 * so that `recorded + skipped + rejected == lines` always holds.
 */

/** A rejected line, kept for the first few messages on stderr. */
export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

/** How many of the rejected lines are printed on stderr. */
export const REJECTIONS_SHOWN = 5;

export class LineAccounting {
  lines = 0;
  recorded = 0;
  skipped = 0;
  rejected = 0;
  /** Rejected line counts per reason; built without a prototype so any reason text is a safe key. */
  readonly rejectedByReason: Record<string, number> = Object.create(null) as Record<string, number>;
  /** The first REJECTIONS_SHOWN rejections. */
  readonly firstRejections: Rejection[] = [];

  /** Adds another file's accounting to this one. */
  add(other: LineAccounting): void {
    this.lines += other.lines;
    this.recorded += other.recorded;
    this.skipped += other.skipped;
    this.rejected += other.rejected;
    for (const [reason, count] of Object.entries(other.rejectedByReason)) {
      this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + count;
    }
    for (const rejection of other.firstRejections) {
      if (this.firstRejections.length < REJECTIONS_SHOWN) this.firstRejections.push(rejection);
    }
  }

  noteRejection(file: string, line: number, reason: string): void {
    this.rejected++;
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
    if (this.firstRejections.length < REJECTIONS_SHOWN) this.firstRejections.push({ file, line, reason });
  }
}
