import { getDb } from "@/lib/db";
import { viewerContract } from "@/lib/db/queries/portal-contracts";
import { verifySignedContract } from "@/lib/contracts/verify-integrity";
import { errorMessages } from "@/lib/errors";
import { documentResponse } from "@/lib/files/document-download";
import { portalRequest, seeOther } from "@/lib/portal/portal-request";
import { contractClientFrom, notFound, wantsJson } from "../../_lib/contract-route";

export const dynamic = "force-dynamic";

/** The signed PDF, as a download, for a signer of a completed contract; refused if the stored file no longer matches its hash. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await contractClientFrom(request, portal);
  if (!client) return wantsJson(request) ? notFound(true) : seeOther("/sign-in");
  const db = getDb();
  const c = await viewerContract(db, { workspaceId: portal.workspace.id, contactId: client.contactId, contractId: id });
  if (!c || c.status !== "completed" || !c.signedStorageKey) return notFound(wantsJson(request));
  const check = await verifySignedContract(db, { workspaceId: portal.workspace.id, contractId: c.id });
  if (!check.ok) {
    console.error(`signed contract ${c.id} failed its integrity check`);
    return new Response(errorMessages.CONTRACT_INTEGRITY_FAILED, { status: 500, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const name = `${c.title.replace(/\.pdf$/i, "")} (signed).pdf`;
  const res = await documentResponse({ name, contentType: "application/pdf", storageKey: c.signedStorageKey });
  if (!res) return notFound(wantsJson(request));
  res.headers.set("x-content-sha256", check.sha256 ?? "");
  return res;
}
