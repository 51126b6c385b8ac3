import { getDb } from "@/lib/db";
import { viewerContract } from "@/lib/db/queries/portal-contracts";
import { documentResponse } from "@/lib/files/document-download";
import { portalRequest, seeOther } from "@/lib/portal/portal-request";
import { contractClientFrom, notFound, wantsJson } from "../../_lib/contract-route";

export const dynamic = "force-dynamic";

/** The original PDF, inline, for a signer of the contract (the page draws it with pdf.js; without JavaScript it opens in the browser's viewer). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await contractClientFrom(request, portal);
  if (!client) return wantsJson(request) ? notFound(true) : seeOther("/sign-in");
  const c = await viewerContract(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, contractId: id });
  // A withdrawn contract is no longer shown.
  if (!c || c.status === "voided") return notFound(wantsJson(request));
  const res = await documentResponse({ name: c.originalName, contentType: "application/pdf", storageKey: c.originalStorageKey }, { inline: true });
  return res ?? notFound(wantsJson(request));
}
