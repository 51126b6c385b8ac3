import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { urlWhitelist } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const removeWhitelistUrlSchema = z.object({ id: z.uuid("That URL is not on the whitelist any more. Reload the page.") });
export type RemoveWhitelistUrlInput = z.infer<typeof removeWhitelistUrlSchema>;

/** Takes a URL off the whitelist; SMS whose links it covered are refused before sending from then on. */
export async function removeWhitelistUrl(ctx: OpsCtx, raw: RemoveWhitelistUrlInput): Promise<{ url: string }> {
  const { id } = removeWhitelistUrlSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(urlWhitelist).where(and(eq(urlWhitelist.workspaceId, ctx.workspace.id), eq(urlWhitelist.id, id))).returning({ url: urlWhitelist.url });
    if (!row) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, { action: "sms.whitelist.remove", targetType: "url_whitelist", targetId: id, summary: `Removed ${row.url} from the URL whitelist`, data: { url: row.url } });
    return row;
  });
}
