import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { memberships } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

/** The owner to store: the chosen member, or the acting person when none is chosen; never someone outside the workspace. */
export async function resolveOwner(tx: DbOrTx, ctx: OpsCtx, chosen: string): Promise<string | null> {
  const userId = chosen || ctx.user.id;
  if (!userId) return null; // an API key or a job creating one without naming an owner
  const [m] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, userId)))
    .limit(1);
  if (!m) throw new AppError("OPPORTUNITY_OWNER_NOT_MEMBER", "ownerUserId");
  return m.userId;
}
