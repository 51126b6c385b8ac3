import { getDb } from "@/lib/db";
import { signContract } from "@/lib/contracts/sign-contract";
import { contractPath, contractPostRoute, jsonAnswer, seeOther, type ContractBody } from "../../_lib/contract-route";

export const dynamic = "force-dynamic";

// Sign (or accept a proposal). JSON from the page's script: `{ signature: { kind, text | image }, fields: { id: value } }`;
// the plain form sends `signatureKind`, `typedName`, `signatureImage` and `f.<fieldId>` for each of the signer's fields.
export const POST = contractPostRoute("sign", async ({ portal, client, contractId, body, ip, userAgent }) => {
  const out = await signContract(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, contractId, input: signInput(body), ip, userAgent });
  if (body.json) return jsonAnswer(200, { ok: true, completed: out.completed, signedAt: out.signedAt.toISOString() });
  return seeOther(`${contractPath(contractId)}?done=${out.completed ? "completed" : "signed"}`);
});

function signInput(body: ContractBody): unknown {
  if (!(body.value instanceof FormData)) return body.value;
  const form = body.value;
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k.startsWith("f.") && typeof v === "string") fields[k.slice(2)] = v;
  const drawn = text("signatureKind") === "drawn" && text("signatureImage");
  return { signature: drawn ? { kind: "drawn", image: text("signatureImage") } : { kind: "typed", text: text("typedName") }, fields };
}
