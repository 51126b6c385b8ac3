import { adminRoute } from "@/lib/actions/admin-route";
import { audit } from "@/lib/audit";
import { verifySignedContract } from "@/lib/contracts/verify-integrity";
import { contractFiles } from "@/lib/db/queries/contracts";
import { errorMessages, statusFor } from "@/lib/errors";
import { documentResponse } from "@/lib/files/document-download";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * The signed PDF of a completed contract, only after its stored bytes were hashed again and match the hash recorded
 * when it was signed: a changed file is refused (CONTRACT_INTEGRITY_FAILED), never handed out as the signed copy.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const c = await contractFiles(ctx.db, { workspaceId: ctx.workspace.id, contractId: id });
  if (!c || c.status !== "completed" || !c.signedStorageKey) return text(errorMessages.NOT_FOUND, 404);
  const check = await verifySignedContract(ctx.db, { workspaceId: ctx.workspace.id, contractId: c.id });
  if (!check.ok) return text(errorMessages.CONTRACT_INTEGRITY_FAILED, statusFor("CONTRACT_INTEGRITY_FAILED"));
  const stem = c.originalName.replace(/\.pdf$/i, "");
  const res = await documentResponse({ name: `${stem} (signed).pdf`, contentType: "application/pdf", storageKey: c.signedStorageKey });
  if (!res) return text(errorMessages.NOT_FOUND, 404);
  await audit(ctx.db, ctx, { action: "contract.download_signed", targetType: "contract", targetId: c.id, summary: `Downloaded the signed “${c.title}”` });
  return res;
}
