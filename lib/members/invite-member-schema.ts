import { z } from "zod";

/** Shared by the invite form (instant feedback) and the server (the decision), so the rules cannot drift apart. */
export const inviteMemberSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter the email address of the person to invite.")
    .max(254, "That address is too long.")
    .email("Enter a valid email address, like name@company.com."),
  role: z.enum(["owner", "admin", "marketing"], { message: "Pick a role." }),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const INVITATION_DAYS = 7;
