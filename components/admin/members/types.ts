import type { Role } from "@/lib/db/schema";
import type { ActionResult } from "@/lib/errors";

export type Action<I, R = unknown> = (slug: string, input: I) => Promise<ActionResult<R>>;

export type MemberView = { id: string; userId: string; email: string; name: string | null; role: Role; joined: string };
export type InvitationView = { id: string; email: string; role: Role; invitedBy: string | null; expires: string; expired: boolean };

export const roleHints: Record<Role, string> = {
  owner: "Everything, including workspace settings and managing other owners.",
  admin: "Contacts, the portal, messaging and members (except owners).",
  marketing: "The portal URL and QR code only; no access to client data.",
};

/** Mirrors the server's rule for showing controls; the server still decides. */
export function canManage(actor: Role, target: Role) {
  return actor !== "marketing" && (target !== "owner" || actor === "owner");
}

export function assignableRoles(actor: Role): Role[] {
  if (actor === "owner") return ["owner", "admin", "marketing"];
  if (actor === "admin") return ["admin", "marketing"];
  return [];
}
