import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { CHANGES_CHANNEL, changeSchema, type Change } from "./change";
import { deliverChange } from "./on-change";

/**
 * Tells every instance about a change, in the writer's transaction: Postgres delivers a NOTIFY when the transaction
 * commits, so a rolled-back change tells no other instance, and one that commits cannot be missed by a listener that
 * is connected. This process's handlers run at once as well (its next request must not wait for the notification
 * to come back); a rollback then only costs them a needless drop.
 */
export async function publishChange(tx: DbOrTx, change: Change): Promise<void> {
  const c = changeSchema.parse(change);
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(c)})`);
  deliverChange(c);
}

/** A change to which host serves which workspace: every instance drops its host cache and that workspace's pages. */
export async function publishHostsChange(tx: DbOrTx, workspaceId: string): Promise<void> {
  await publishChange(tx, { kind: "hosts" });
  await publishChange(tx, { kind: "workspace", workspaceId });
}
