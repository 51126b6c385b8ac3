import type { Role } from "@/lib/db/schema";

/** Contacts are client data: admins and owners only; marketing members manage the portal's public face. */
export const CONTACTS_ROLE: Role = "admin";
