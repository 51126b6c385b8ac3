import "server-only";
import type { DbOrTx } from "@/lib/db";
import { getMessage } from "@/lib/db/queries/messages";
import { openMessage } from "./sealed-body";

/** One message of this workspace, opened; another workspace's id (or a malformed one) is null. */
export async function getWorkspaceMessage(db: DbOrTx, p: { workspaceId: string; id: string }) {
  const row = await getMessage(db, p);
  return row ? openMessage(row) : null;
}
