import type { Role } from "@/lib/db/schema";

export const roleRank: Record<Role, number> = { marketing: 1, admin: 2, owner: 3 };
export const roleLabels: Record<Role, string> = { owner: "Owner", admin: "Admin", marketing: "Marketing" };

/** Marketing members manage the portal's public face only; contacts and client data need admin or above. */
export function hasRole(role: Role, need: Role): boolean {
  return roleRank[role] >= roleRank[need];
}
