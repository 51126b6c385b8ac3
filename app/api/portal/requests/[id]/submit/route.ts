import { getDb } from "@/lib/db";
import { seeOther } from "@/lib/portal/portal-request";
import { clientRequestRoute, jsonAnswer } from "@/lib/request-answers/client-route";
import { saveDraftAnswers } from "@/lib/request-answers/save-draft-answers";
import { submitRequest } from "@/lib/request-answers/submit-request";

// Submit. The page's Submit button belongs to the answers form, so without JavaScript the typed answers arrive
// here too: they are saved first (all or nothing), then the request is submitted.
export const POST = clientRequestRoute(async ({ portal, client, requestId, body }) => {
  const p = { workspaceId: portal.workspace.id, contactId: client.contactId, requestId };
  if (body.answers && Object.keys(body.answers).length > 0) await saveDraftAnswers(getDb(), { ...p, input: { answers: body.answers } });
  const out = await submitRequest(getDb(), p);
  if (body.json) return jsonAnswer(200, { ok: true, submittedAt: out.submittedAt.toISOString() });
  return seeOther(`/requests/${encodeURIComponent(requestId)}?submitted=1`);
});
