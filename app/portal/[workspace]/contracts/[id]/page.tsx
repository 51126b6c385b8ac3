import Link from "next/link";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ContractBadge } from "@/components/portal/contracts/contract-status";
import { ContractSigner } from "@/components/portal/contracts/contract-signer";
import { PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { now } from "@/lib/clock";
import { recordContractView } from "@/lib/contracts/record-contract-view";
import { DRAWN_SIGNATURE_VALUE, signingDate } from "@/lib/contracts/sign-contract";
import { initialsOf } from "@/lib/contracts/signature";
import { getDb } from "@/lib/db";
import { viewerContract } from "@/lib/db/queries/portal-contracts";
import { portalViewer } from "@/lib/portal/portal-request";
import { clientIp } from "@/lib/request-ip";
import { shortDate } from "@/lib/request-answers/due-text";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ error?: string; done?: string }> };

const doneWords: Record<string, string> = {
  signed: "Thank you, you signed. We'll let you know when everyone else has signed, and you can download the signed copy here then.",
  completed: "Thank you, it's done: everyone has signed. Download your signed copy below.",
  declined: "You declined. We've let the business know.",
};

/** One contract or proposal for its signer: the document, their fields, Sign / Accept and Decline. */
export default async function PortalContractPage({ params, searchParams }: Props) {
  const { workspace, id } = await params;
  const ws = await portalWorkspace(workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const db = getDb();
  let c = await viewerContract(db, { workspaceId: ws.id, contactId: viewer.contactId, contractId: id });
  // Another client's contract, a draft, or no such id: the same 404.
  if (!c) notFound();
  // A GET with one side effect, on purpose: the first view is what the team's progress and the audit page show.
  if (c.status === "sent" && (c.me.status === "pending" || c.me.status === "waiting")) {
    const h = await headers();
    if (await recordContractView(db, { workspaceId: ws.id, contactId: viewer.contactId, contractId: c.id, ip: clientIp(h), userAgent: h.get("user-agent") })) {
      c = (await viewerContract(db, { workspaceId: ws.id, contactId: viewer.contactId, contractId: id }))!;
    }
  }
  const sp = await searchParams;
  const error = portalError(sp.error);
  const done = sp.done ? doneWords[sp.done] : null;
  const proposal = c.kind === "proposal";
  const canSign = c.status === "sent" && c.me.status === "pending";
  const canDecline = c.status === "sent" && (c.me.status === "pending" || c.me.status === "waiting");
  const names = new Map(c.signers.map((s) => [s.id, s.name]));
  const mySignature = mySignatureView(c.me.status === "signed", c.fields);

  return (
    <PortalShell ws={ws} signedIn active="contracts">
      <div className="w-full max-w-3xl">
        <Link href="/contracts" className="text-sm font-medium text-gray-700 underline">
          ← All contracts
        </Link>
        <div className="mt-3 flex flex-wrap items-start justify-between gap-2">
          <h1 className="text-xl font-semibold break-words text-gray-900">{c.title}</h1>
          <ContractBadge status={c.status} mine={c.me.status} kind={c.kind} />
        </div>
        <p className="mt-1 text-sm text-gray-600">
          {proposal ? "Proposal" : "Contract"} from {ws.name}
          {c.sentAt ? `, sent ${shortDate(c.sentAt)}` : ""}
        </p>
        {c.message && <p className="mt-4 rounded-lg bg-white p-4 text-sm whitespace-pre-line text-gray-800 shadow-sm ring-1 ring-gray-200">{c.message}</p>}

        {done && (
          <p role="status" className="mt-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-900 ring-1 ring-green-200">
            {done}
          </p>
        )}
        {error && !canSign && (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
            {error}
          </p>
        )}

        {c.status === "completed" && (
          <div className="mt-4 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-gray-700">
              {proposal ? "Accepted" : "Signed by everyone"} on {shortDate(c.completedAt!)}. The signed copy ends with an audit trail of who signed, when and from where.
            </p>
            <a href={`/api/portal/contracts/${c.id}/signed`} className={`${portalButtonClass} whitespace-nowrap sm:w-auto`} download>
              Download signed PDF
            </a>
          </div>
        )}
        {c.status === "sent" && c.me.status === "waiting" && (
          <p className="mt-4 rounded-md bg-gray-50 px-4 py-3 text-sm text-gray-800 ring-1 ring-gray-200">
            Others sign before you. We&apos;ll let you know when it&apos;s your turn; meanwhile you can read the document.
          </p>
        )}
        {c.status === "declined" && (
          <p className="mt-4 rounded-md bg-gray-50 px-4 py-3 text-sm text-gray-800 ring-1 ring-gray-200">
            This {proposal ? "proposal" : "contract"} was declined{c.me.status === "declined" ? " by you" : ""}
            {c.me.comment ? `, with your comment: “${c.me.comment}”.` : "."} It can no longer be signed.
          </p>
        )}

        {c.signers.length > 1 && (
          <section aria-labelledby="signers" className="mt-6">
            <h2 id="signers" className="text-sm font-semibold text-gray-900">
              Signers{c.signingOrder === "sequential" ? ", in order" : ""}
            </h2>
            <ol className="mt-2 divide-y divide-gray-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-gray-200">
              {c.signers.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5">
                  <span className="text-gray-900">
                    {s.name}
                    {s.id === c.me.id ? " (you)" : ""}
                  </span>
                  <span className="text-gray-600">{s.status === "signed" ? `${proposal ? "Accepted" : "Signed"} ${shortDate(s.signedAt!)}` : s.status === "declined" ? "Declined" : s.status === "pending" ? "Can sign now" : "Waiting"}</span>
                </li>
              ))}
            </ol>
          </section>
        )}

        {c.status === "voided" ? (
          <p className="mt-6 rounded-md bg-gray-50 px-4 py-3 text-sm text-gray-800 ring-1 ring-gray-200">
            {ws.name} withdrew this {proposal ? "proposal" : "contract"}, so it is no longer shown. Contact them if you expected to sign it.
          </p>
        ) : (
          <section aria-label="Document" className="mt-6">
            <ContractSigner
              id={c.id}
              kind={c.kind}
              title={c.title}
              pages={c.pages}
              fields={c.fields.map((f) => ({ ...f, signerName: names.get(f.signerId) ?? "Signer" }))}
              canSign={canSign}
              myName={c.me.name}
              myInitials={initialsOf(c.me.name)}
              today={signingDate(now())}
              error={canSign ? error : null}
              signedAs={mySignature}
              completed={c.status === "completed"}
            />
          </section>
        )}

        {canDecline && (
          <details className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-6" id="decline" open={sp.error?.startsWith("CONTRACT_DECLINE")}>
            <summary className="cursor-pointer text-sm font-semibold text-gray-900">Decline {proposal ? "this proposal" : "to sign"}</summary>
            <form method="post" action={`/api/portal/contracts/${c.id}/decline`} className="mt-3 space-y-3">
              <label className="block text-sm text-gray-700">
                {proposal ? "Why are you declining? (required)" : "Comment for the business (optional)"}
                <textarea name="comment" rows={3} maxLength={2000} required={proposal} className={`${portalInputClass} mt-1`} />
              </label>
              <p className="text-xs text-gray-600">Declining closes this {proposal ? "proposal" : "contract"} for everyone. {ws.name} is told, with your comment.</p>
              <button type="submit" className="rounded-md px-4 py-2 text-sm font-semibold text-red-700 ring-1 ring-red-300 hover:bg-red-50">
                Decline
              </button>
            </form>
          </details>
        )}
      </div>
    </PortalShell>
  );
}

function mySignatureView(signed: boolean, fields: { mine: boolean; kind: string; value: string | null }[]) {
  if (!signed) return null;
  const sig = fields.find((f) => f.mine && f.kind === "signature");
  if (!sig?.value) return null;
  return sig.value === DRAWN_SIGNATURE_VALUE ? { kind: "drawn" as const, text: null } : { kind: "typed" as const, text: sig.value };
}
