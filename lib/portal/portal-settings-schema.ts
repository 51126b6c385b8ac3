import { z } from "zod";

// Shared by the Sign-in & security forms (instant feedback) and the server operations (the decision). Pure.

export const MAGIC_LINK_DAYS = { min: 1, max: 30, default: 7 } as const;
export const SESSION_IDLE_MINUTES = { min: 5, max: 24 * 60, default: 60 } as const;
export const SESSION_ABSOLUTE_HOURS = { min: 1, max: 90 * 24, default: 7 * 24 } as const;

const whole = (what: string, r: { min: number; max: number }, unit: string) =>
  z.coerce
    .number({ message: `Enter the ${what} as a whole number of ${unit}.` })
    .int(`Enter the ${what} as a whole number of ${unit}.`)
    .min(r.min, `The ${what} is at least ${r.min} ${r.min === 1 ? unit.replace(/s$/, "") : unit}.`)
    .max(r.max, `The ${what} is at most ${r.max.toLocaleString("en")} ${unit}.`);

export const securitySettingsSchema = z
  .object({
    magicLinkDays: whole("link lifetime", MAGIC_LINK_DAYS, "days"),
    sessionIdleMinutes: whole("idle timeout", SESSION_IDLE_MINUTES, "minutes"),
    sessionAbsoluteHours: whole("maximum session length", SESSION_ABSOLUTE_HOURS, "hours"),
  })
  .refine((s) => s.sessionAbsoluteHours * 60 >= s.sessionIdleMinutes, {
    path: ["sessionAbsoluteHours"],
    message: "The maximum session length must be at least as long as the idle timeout.",
  });
export type SecuritySettingsInput = z.input<typeof securitySettingsSchema>;
export type SecuritySettingsValues = z.output<typeof securitySettingsSchema>;

/** The email sign-in methods. */
export const emailSignInMethods = ["email_link", "email_code"] as const;
export type EmailSignInMethod = (typeof emailSignInMethods)[number];
/** What an admin picks for a user type; `sms_code` makes it a phone type (invitations and codes by SMS). */
export const userTypeSignInMethods = ["email_link", "email_code", "sms_code"] as const;
export type UserTypeSignInMethod = (typeof userTypeSignInMethods)[number];
/** The invitation preference a sign-in method implies. */
export const preferenceOf = (method: string): "email" | "phone" => (method === "sms_code" ? "phone" : "email");
export const signInMethodLabels: Record<string, string> = {
  email_link: "Sign-in link by email",
  email_code: "6-digit code by email",
  sms_code: "6-digit code by SMS (mobile number)",
  link_and_code: "Link and code (two-factor)",
};

const typeName = z
  .string()
  .trim()
  .min(2, "Name the user type (2 characters or more), e.g. Client or Partner.")
  .max(60, "Keep the name to 60 characters or fewer.");
const method = z.enum(userTypeSignInMethods, { message: "Pick how clients of this type sign in." });
const typeId = z.uuid("That user type does not exist. Reload the page.");

export const createUserTypeSchema = z.object({ name: typeName, signInMethod: method });
export type CreateUserTypeInput = z.infer<typeof createUserTypeSchema>;
export const updateUserTypeSchema = z.object({ id: typeId, name: typeName, signInMethod: method });
export type UpdateUserTypeInput = z.infer<typeof updateUserTypeSchema>;
export const userTypeIdSchema = z.object({ id: typeId });
export type UserTypeIdInput = z.infer<typeof userTypeIdSchema>;
