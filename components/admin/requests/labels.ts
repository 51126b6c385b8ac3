import type { ApplicantRole } from "@/lib/db/schema/opportunities";
import { formatNumberAnswer } from "@/lib/request-answers/format-number";

export const applicantRoleLabels: Record<ApplicantRole, string> = { primary: "Primary applicant", applicant: "Applicant", guarantor: "Guarantor", other: "Other" };

/** Bytes as people read them: 2.4 MB, 812 KB. */
export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** Server-side, in UTC, so server and browser renderings agree. */
export const formatDay = (d: Date) => day.format(d);
export const formatMoment = (d: Date) => `${moment.format(d)} UTC`;

/** An answer as the admin reads it: choices joined, a date as a day, nothing as a dash. */
export function answerText(kind: string, v: string | string[] | null): string | null {
  if (v === null || (Array.isArray(v) ? v.length === 0 : v.trim() === "")) return null;
  if (Array.isArray(v)) return v.join(", ");
  if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return day.format(new Date(`${v}T00:00:00Z`));
  // Numbers are stored as plain digits; shown grouped the Indian way (45,00,000), the way clients type them.
  if (kind === "number") return formatNumberAnswer(v);
  return v;
}
