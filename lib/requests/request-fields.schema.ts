import { z } from "zod";
import { storableString } from "@/lib/validation/storable-text";

// The fields an admin types for a request (title, message, due date, reminders), shared by create and update.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const dueDateSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the due date as a date, e.g. 2026-03-31.")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "That date does not exist. Pick it from the calendar.")
    .optional(),
);

export const reminderDaysSchema = z.preprocess(
  (v) => (blankToUndefined(v) === undefined ? undefined : typeof v === "string" ? Number(v) : v),
  z.number("Enter the reminder as a number of days.").int("Enter whole days.").min(1, "Remind at least 1 day before.").max(30, "Remind at most 30 days before.").optional(),
);

export const requestFieldsSchema = z.object({
  title: storableString().trim().min(1, "Give the request a title the client will see.").max(200, "Keep the title under 200 characters."),
  message: z.preprocess(blankToUndefined, storableString().trim().max(5000, "Keep the message under 5,000 characters.").optional()),
  dueDate: dueDateSchema,
  reminderDaysBefore: reminderDaysSchema,
});

/** Reminders count back from the due date, so they need one. */
export function withRequestRules<S extends z.ZodType<{ dueDate?: string; reminderDaysBefore?: number }>>(schema: S) {
  return schema.superRefine((v, ctx) => {
    if (v.reminderDaysBefore !== undefined && !v.dueDate) ctx.addIssue({ code: "custom", path: ["reminderDaysBefore"], message: "Reminders count back from the due date: set a due date, or turn reminders off." });
  });
}

/** The due date is the end of that day (UTC), so "due 31 March" still accepts answers on 31 March. */
export function dueAtOf(date: string | undefined): Date | null {
  return date ? new Date(`${date}T23:59:59.999Z`) : null;
}

/** The date part an input[type=date] shows for a stored due time. */
export function dueDateOf(at: Date | null): string {
  return at ? at.toISOString().slice(0, 10) : "";
}
