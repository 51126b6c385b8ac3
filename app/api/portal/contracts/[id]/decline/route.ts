import { getDb } from "@/lib/db";
import { declineContract } from "@/lib/contracts/decline-contract";
import { contractPath, contractPostRoute, jsonAnswer, seeOther } from "../../_lib/contract-route";

export const dynamic = "force-dynamic";

// Decline with a comment (JSON `{ comment }` or the plain form's `comment`).
export const POST = contractPostRoute("decline", async ({ portal, client, contractId, body, ip, userAgent }) => {
  const comment = body.value instanceof FormData ? body.value.get("comment") : body.value.comment;
  const input = { comment: typeof comment === "string" ? comment : comment == null ? undefined : comment };
  const out = await declineContract(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, contractId, input, ip, userAgent });
  if (body.json) return jsonAnswer(200, { ok: true, declinedAt: out.declinedAt.toISOString() });
  return seeOther(`${contractPath(contractId)}?done=declined`);
});
