import "server-only";
import { eq } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { publishChange } from "@/lib/changes/publish-change";
import { workspaces, type Branding } from "@/lib/db/schema";
import type { BrandingInput } from "./branding-schema";

export { brandingSchema, type BrandingInput } from "./branding-schema";

/** Saves the portal's branding (owners and admins); portal pages show it on the next request, on every instance. */
export async function updateBranding(ctx: OpsCtx, input: BrandingInput): Promise<Branding> {
  const branding: Branding = {
    portalName: input.portalName,
    primaryColor: input.primaryColor.toLowerCase(),
    ...(input.logoUrl ? { logoUrl: input.logoUrl } : {}),
    ...(input.faviconUrl ? { faviconUrl: input.faviconUrl } : {}),
    ...(input.supportEmail ? { supportEmail: input.supportEmail } : {}),
  };
  await ctx.db.transaction(async (tx) => {
    await tx.update(workspaces).set({ branding }).where(eq(workspaces.id, ctx.workspace.id));
    await audit(tx, ctx, { action: "workspace.branding_update", targetType: "workspace", targetId: ctx.workspace.id, summary: "Updated the portal branding", data: { ...branding } });
    await publishChange(tx, { kind: "workspace", workspaceId: ctx.workspace.id });
  });
  return branding;
}

export async function getBranding(ctx: Pick<OpsCtx, "db" | "workspace">): Promise<Branding> {
  const [row] = await ctx.db.select({ branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id));
  return row?.branding ?? {};
}
