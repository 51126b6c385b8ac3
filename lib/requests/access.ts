import type { Role } from "@/lib/db/schema";

/** Requests hold client data (answers, identity documents): admins and owners only. */
export const REQUESTS_ROLE: Role = "admin";
