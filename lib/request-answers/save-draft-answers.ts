import "server-only";
// The client's answers are drafts on the server, saved as they type (autosave) or with the Save button (no JS):
// nothing typed is lost when the two-factor session idles out, because the next session of the same client reads
// the same rows. A batch is all or nothing: one bad value saves nothing and names the item.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { now as clockNow } from "@/lib/clock";
import { applicantRequest } from "@/lib/db/queries/client-centre-access";
import type { Db } from "@/lib/db";
import { requestAnswers, requestItems, requestResponses, type AnswerValue } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { checkAnswer, questionKinds } from "./answer-rules";

/** At most this many items in one save; a request has far fewer questions. */
const MAX_ITEMS = 200;

// The shape only; what each value may be depends on the item's kind (answer-rules.ts).
export const saveDraftAnswersSchema = z.object({
  answers: z
    .record(z.string().max(64), z.union([z.string().max(20_000), z.number(), z.null(), z.array(z.string().max(1_000)).max(100)]))
    .refine((a) => Object.keys(a).length <= MAX_ITEMS, `At most ${MAX_ITEMS} answers at once.`),
});
export type SaveDraftAnswersInput = z.infer<typeof saveDraftAnswersSchema>;

/**
 * ANSWERS_INVALID with the words per item id, so the page can mark each one; TEXT_UNSTORABLE (the code every entry
 * point uses for NUL and control characters) when that is the only thing wrong.
 */
export class AnswersInvalid extends AppError {
  constructor(
    readonly items: Record<string, string>,
    code: "ANSWERS_INVALID" | "TEXT_UNSTORABLE" = "ANSWERS_INVALID",
  ) {
    super(code);
  }
}

export async function saveDraftAnswers(
  db: Db,
  p: { workspaceId: string; contactId: string; requestId: string; input: unknown; now?: Date },
): Promise<{ savedAt: Date; saved: number }> {
  const parsed = saveDraftAnswersSchema.safeParse(p.input);
  if (!parsed.success) throw new AppError("REQUEST_MALFORMED");
  const answers = parsed.data.answers;
  const now = p.now ?? clockNow();

  return db.transaction(async (tx) => {
    const request = await applicantRequest(tx, p);
    if (!request) throw new AppError("NOT_FOUND");
    if (request.status !== "open") throw new AppError("REQUEST_NOT_OPEN");

    const ids = Object.keys(answers);
    const items = ids.length
      ? await tx
          .select({ id: requestItems.id, kind: requestItems.kind, options: requestItems.options })
          .from(requestItems)
          .where(and(eq(requestItems.requestId, request.id), eq(requestItems.workspaceId, p.workspaceId), inArray(requestItems.id, ids.filter(isUuidLike))))
      : [];
    const byId = new Map(items.map((i) => [i.id, i]));
    const bad: Record<string, string> = {};
    let onlyUnstorable = true;
    const rows: { itemId: string; value: AnswerValue }[] = [];
    for (const id of ids) {
      const item = byId.get(id);
      // An id of another request (or none at all) reads the same as a typo: not a question on this page.
      if (!item) {
        bad[id] = "This question is not part of this request. Reload the page.";
        onlyUnstorable = false;
      } else if (!questionKinds.includes(item.kind)) {
        bad[id] = "This item takes a file, not a typed answer. Upload the document instead.";
        onlyUnstorable = false;
      }
      else {
        const c = checkAnswer(item, answers[id]);
        if (c.ok) rows.push({ itemId: id, value: c.value });
        else {
          bad[id] = c.message;
          if (!c.unstorable) onlyUnstorable = false;
        }
      }
    }
    if (Object.keys(bad).length > 0) throw new AnswersInvalid(bad, onlyUnstorable ? "TEXT_UNSTORABLE" : "ANSWERS_INVALID");

    // The response row first: the upsert locks it, so a submit running at the same moment either sees these answers
    // or refuses them (REQUEST_SUBMITTED), never freezes half a batch.
    const [response] = await tx
      .insert(requestResponses)
      .values({ workspaceId: p.workspaceId, requestId: request.id, contactId: p.contactId, openedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [requestResponses.requestId, requestResponses.contactId],
        set: { openedAt: sql`coalesce(${requestResponses.openedAt}, excluded.opened_at)`, updatedAt: now },
      })
      .returning({ submittedAt: requestResponses.submittedAt });
    if (response.submittedAt) throw new AppError("REQUEST_SUBMITTED");

    if (rows.length > 0) {
      await tx
        .insert(requestAnswers)
        .values(rows.map((r) => ({ workspaceId: p.workspaceId, requestId: request.id, contactId: p.contactId, itemId: r.itemId, value: r.value, updatedAt: now })))
        .onConflictDoUpdate({
          target: [requestAnswers.itemId, requestAnswers.contactId],
          set: { value: sql`excluded.value`, updatedAt: now },
        });
    }
    return { savedAt: now, saved: rows.length };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuidLike(s: string) {
  return UUID.test(s);
}
