import type { Role } from "@/lib/db/schema";

/** Who may change SMS settings: owners and admins (marketing members may not). */
export const SMS_ROLE: Role = "admin";
