import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { opportunities, requests, requestTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

// Every id an admin posts is looked up inside their workspace: another workspace's id reads as NOT_FOUND.

export async function requireOpportunity(tx: DbOrTx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({ id: opportunities.id, name: opportunities.name })
    .from(opportunities)
    .where(and(eq(opportunities.id, id), eq(opportunities.workspaceId, workspaceId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", undefined, "That opportunity does not exist, or it belongs to another workspace.");
  return row;
}

/** The request, locked for the rest of the transaction so concurrent edits of its items queue up. */
export async function lockRequest(tx: DbOrTx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(requests)
    .where(and(eq(requests.id, id), eq(requests.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", undefined, "That request does not exist, or it belongs to another workspace.");
  return row;
}

export async function requireTemplate(tx: DbOrTx, workspaceId: string, id: string, lock = false) {
  const q = tx
    .select()
    .from(requestTemplates)
    .where(and(eq(requestTemplates.id, id), eq(requestTemplates.workspaceId, workspaceId)));
  const [row] = lock ? await q.for("update") : await q.limit(1);
  if (!row) throw new AppError("NOT_FOUND", undefined, "That request template does not exist, or it belongs to another workspace.");
  return row;
}
