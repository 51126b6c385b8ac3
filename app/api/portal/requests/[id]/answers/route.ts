import { getDb } from "@/lib/db";
import { seeOther } from "@/lib/portal/portal-request";
import { clientRequestRoute, jsonAnswer } from "@/lib/request-answers/client-route";
import { saveDraftAnswers } from "@/lib/request-answers/save-draft-answers";

// Draft answers: the autosave's JSON, or the page's Save button without JavaScript (303 back with "Saved").
export const POST = clientRequestRoute(async ({ portal, client, requestId, body }) => {
  const out = await saveDraftAnswers(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, requestId, input: { answers: body.answers } });
  if (body.json) return jsonAnswer(200, { ok: true, savedAt: out.savedAt.toISOString(), saved: out.saved });
  return seeOther(`/requests/${encodeURIComponent(requestId)}?saved=1#answers`);
});
