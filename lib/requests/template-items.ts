import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { requestTemplates, type RequestItemDef } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { requestItemsSchema } from "./item.schema";
import { requireTemplate } from "./load";

/** A template item named by its position in the list. */
export function templateIndex(itemId: string, items: unknown[]): number {
  const i = /^\d{1,3}$/.test(itemId) ? Number(itemId) : -1;
  if (i < 0 || i >= items.length) throw new AppError("NOT_FOUND", undefined, "That item is no longer on the template. Reload the page.");
  return i;
}

/** Changes a template's item list under a row lock, re-validating the whole list before it is saved. */
export async function mutateTemplateItems(tx: Tx, workspaceId: string, templateId: string, change: (items: RequestItemDef[]) => RequestItemDef[]) {
  const t = await requireTemplate(tx, workspaceId, templateId, true);
  const items = change([...(t.items ?? [])]);
  const valid = requestItemsSchema.parse(items);
  await tx.update(requestTemplates).set({ items: valid }).where(and(eq(requestTemplates.id, templateId), eq(requestTemplates.workspaceId, workspaceId)));
  return { template: t, items: valid };
}
