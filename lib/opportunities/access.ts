import type { Role } from "@/lib/db/schema";

/** Opportunities hold client data (applicants, amounts): admins and owners only, like contacts. */
export const OPPORTUNITIES_ROLE: Role = "admin";
