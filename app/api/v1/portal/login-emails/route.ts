import { and, eq, inArray } from "drizzle-orm";
import { apiRoute, json, readJson } from "@/lib/api/api-route";
import { apiLoginEmailsSchema } from "@/lib/api/schemas";
import { portalUsers } from "@/lib/db/schema";
import { sendLoginEmails } from "@/lib/portal/send-login-emails";

export const dynamic = "force-dynamic";

// "Send login email" to up to 10,000 portal users in one batch; every id not sent to is listed with the reason.
export const POST = apiRoute(async (ctx, req) => {
  const { portalUserIds } = apiLoginEmailsSchema.parse(await readJson(req));
  const ids = [...new Set(portalUserIds)];
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await ctx.db
      .select({ id: portalUsers.id })
      .from(portalUsers)
      .where(and(eq(portalUsers.workspaceId, ctx.workspace.id), inArray(portalUsers.id, ids.slice(i, i + 5000))));
    for (const r of rows) known.add(r.id);
  }
  const result = await sendLoginEmails(ctx, { portalUserIds: ids.filter((id) => known.has(id)) });
  const skipped = [
    ...result.skipped.map((s) => ({ portalUserId: s.portalUserId, name: s.name as string | null, reason: s.reason })),
    ...ids.filter((id) => !known.has(id)).map((id) => ({ portalUserId: id, name: null, reason: "Not found" })),
  ];
  return json({ data: { batchId: result.batchId, queued: result.queued, skipped } }, { status: 202 });
});
