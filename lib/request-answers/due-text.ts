// How a due date reads to the client: "Due today", "Due tomorrow", "Due in 3 days", "Overdue", by UTC calendar day
// (the reminder emails count days the same way).
const DAY = 86_400_000;
const dayNumber = (d: Date) => Math.floor(d.getTime() / DAY);

export function dueText(dueAt: Date | null, now: Date): { text: string; overdue: boolean } | null {
  if (!dueAt) return null;
  if (dueAt.getTime() <= now.getTime()) return { text: "Overdue", overdue: true };
  const days = dayNumber(dueAt) - dayNumber(now);
  if (days <= 0) return { text: "Due today", overdue: false };
  if (days === 1) return { text: "Due tomorrow", overdue: false };
  return { text: `Due in ${days} days`, overdue: false };
}

/** "2 Dec 2026": dates in the portal read the same on every server. */
export function shortDate(d: Date): string {
  return d.toLocaleDateString("en-IN", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** "1.2 MB", "830 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
