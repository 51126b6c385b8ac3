import "server-only";
import { z } from "zod";
import { getCountries } from "libphonenumber-js";
import { publishChange } from "@/lib/changes/publish-change";
import type { Db } from "@/lib/db";
import { auditEvents, memberships, workspaces } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";

/** Paths the app host owns; a workspace slug equal to one would shadow a page or look official in a subdomain. */
export const RESERVED_SLUGS = new Set([
  "www", "app", "api", "admin", "dev", "portal", "w", "sign-in", "signin", "login", "logout", "onboarding", "settings",
  "static", "assets", "mail", "email", "smtp", "help", "support", "status", "docs", "blog", "auth", "_next",
  "cname", // the default PORTAL_CNAME_TARGET is cname.<PORTAL_ROOT_DOMAIN>
]);

export const createWorkspaceSchema = z.object({
  name: z.string().trim().min(2, "Name the workspace (2 characters or more).").max(80, "Keep the name under 80 characters."),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "The URL needs 3 characters or more.")
    .max(40, "Keep the URL under 40 characters.")
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and dashes; start and end with a letter or digit."),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => (getCountries() as string[]).includes(c), "Pick a country from the list."),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;

/** Creates a workspace with the creator as its owner; the slug is its portal subdomain, so it is unique for good. */
export async function createWorkspace(db: Db, user: { id: string; email: string }, input: CreateWorkspaceInput) {
  if (RESERVED_SLUGS.has(input.slug)) throw new AppError("SLUG_RESERVED", "slug");
  try {
    return await db.transaction(async (tx) => {
      const [ws] = await tx
        .insert(workspaces)
        .values({ name: input.name, slug: input.slug, country: input.country, branding: { portalName: input.name } })
        .returning({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name });
      await tx.insert(memberships).values({ workspaceId: ws.id, userId: user.id, role: "owner" });
      await tx.insert(auditEvents).values({
        workspaceId: ws.id,
        actorUserId: user.id,
        actorEmail: user.email,
        action: "workspace.create",
        targetType: "workspace",
        targetId: ws.id,
        summary: `Created workspace ${ws.name}`,
      });
      await publishChange(tx, { kind: "hosts" }); // its subdomain may be cached as unknown on some instance
      return ws;
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("SLUG_TAKEN", "slug");
    throw e;
  }
}
