import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { urlWhitelist } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { parseWhitelistUrl, urlProblemMessage } from "./whitelist";

export const addWhitelistUrlSchema = z.object({ url: z.string().trim().min(1, "Enter the URL as whitelisted on DLT.").max(500, "A whitelisted URL is at most 500 characters.") });
export type AddWhitelistUrlInput = z.infer<typeof addWhitelistUrlSchema>;

/**
 * Records a URL the workspace whitelisted on DLT: static (exact) or dynamic (a prefix ending in `?`). IP addresses and
 * public shorteners are refused, as DLT refuses them.
 */
export async function addWhitelistUrl(ctx: OpsCtx, raw: AddWhitelistUrlInput): Promise<{ id: string; url: string; kind: "static" | "dynamic" }> {
  const input = addWhitelistUrlSchema.parse(raw);
  const parsed = parseWhitelistUrl(input.url);
  if (!parsed.ok) throw new AppError(parsed.problem === "shortener" ? "SMS_URL_SHORTENER" : "SMS_URL_INVALID", "url", urlProblemMessage(parsed.problem));
  const { url, kind } = parsed.entry;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(urlWhitelist).values({ workspaceId: ctx.workspace.id, url, kind }).returning({ id: urlWhitelist.id });
      await audit(tx, ctx, { action: "sms.whitelist.add", targetType: "url_whitelist", targetId: row.id, summary: `Whitelisted ${url} (${kind})`, data: { url, kind } });
      return { id: row.id, url, kind };
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("SMS_URL_TAKEN", "url");
    throw e;
  }
}
