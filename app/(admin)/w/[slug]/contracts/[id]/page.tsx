import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/contracts/action-form";
import { ContractEvents, SignerProgress } from "@/components/admin/contracts/contract-progress";
import { ContractDetailsForm } from "@/components/admin/contracts/details-form";
import { FieldEditor } from "@/components/admin/contracts/field-editor";
import { FieldsFallback } from "@/components/admin/contracts/fields-fallback";
import { kindLabels, signerColour } from "@/components/admin/contracts/labels";
import { SignersPanel } from "@/components/admin/contracts/signers-panel";
import { ContractStatusBadge } from "@/components/admin/contracts/status-badge";
import { VoidButton } from "@/components/admin/contracts/void-button";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { verifySignedContract } from "@/lib/contracts/verify-integrity";
import { getContract, listSignerCandidates, opportunityChoices, type ContractDetail } from "@/lib/db/queries/contracts";
import { formatBytes } from "@/lib/files/upload-types";
import { openSearch } from "@/lib/opportunities/search-token";
import {
  addContractFieldFormAction,
  remindContractFormAction,
  removeContractFieldFormAction,
  saveContractFieldsAction,
  searchSignersAction,
  sendContractFormAction,
  setContractSignersFormAction,
  updateContractFormAction,
  voidContractFormAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contract" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const notices: Record<string, string> = {
  uploaded: "PDF uploaded. Add the signers, place their fields, then send.",
  updated: "Details saved.",
  signers: "Signers saved.",
  field_added: "Field added.",
  sent: "Sent. Each signer whose turn it is gets a notification with a link to the portal.",
  voided: "Document voided. Signers can no longer sign it.",
  reminded: "Reminder queued for the signers whose turn it is.",
};
const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const fmt = (d: Date | null) => (d ? when.format(d) : null);
/** Email and number on one line: the address may break anywhere, the number never. */
const contactLine = (s: { email: string | null; phone: string | null }) => (
  <>
    {s.email && <span className="break-all">{s.email}</span>}
    {s.email && s.phone ? " · " : ""}
    {s.phone && <span className="whitespace-nowrap tabular-nums">{s.phone}</span>}
  </>
);

/** What still stops a draft from being sent, in the words the send would use. */
function sendBlockers(c: ContractDetail): string[] {
  const out: string[] = [];
  if (c.signers.length === 0) out.push("Add at least one signer.");
  const outside = c.signers.filter((s) => !s.inPortal);
  if (outside.length) out.push(`${outside.map((s) => s.name).join(", ")} ${outside.length === 1 ? "has" : "have"} no portal access.`);
  if (c.kind === "contract") {
    const bare = c.signers.filter((s) => !c.fields.some((f) => f.signerId === s.id && f.kind === "signature"));
    if (bare.length) out.push(`Place a signature field for ${bare.map((s) => s.name).join(", ")}.`);
  }
  return out;
}

export default async function ContractPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, "admin");
  const c = await getContract(ctx.db, { workspaceId: ctx.workspace.id, contractId: id });
  if (!c) notFound();
  const ws = ctx.workspace.slug;
  const base = `/w/${ws}/contracts`;
  const api = `/api/w/${ws}/contracts/${c.id}`;
  const notice = notices[one(sp.notice)];
  const colourOf = new Map(c.signers.map((s, i) => [s.id, signerColour(i)]));
  const draft = c.status === "draft";

  const header = (
    <PageHeader
      title={c.title}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <ContractStatusBadge status={c.status} />
          <span>
            {kindLabels[c.kind]} · {c.pages.length} page{c.pages.length === 1 ? "" : "s"} · {c.signingOrder === "sequential" ? "signed in order" : "signed by everyone at once"}
            {c.opportunityName ? ` · ${c.opportunityName}` : ""}
          </span>
        </span>
      }
      actions={
        <>
          <Link href={base} className={buttonClass("ghost")}>
            ← All contracts
          </Link>
          <a href={`${api}/original`} className={buttonClass("secondary")}>
            Download original
          </a>
        </>
      }
    />
  );

  if (draft) {
    const sealed = one(sp.s);
    const q = openSearch(sealed);
    const after = one(sp.after) || null;
    const [candidates, opportunities] = await Promise.all([
      // A handful to start with; a search (or "More clients") shows more.
      listSignerCandidates(ctx.db, { workspaceId: ctx.workspace.id, q, after, limit: q || after ? 20 : 5 }),
      opportunityChoices(ctx.db, { workspaceId: ctx.workspace.id }),
    ]);
    const moreHref = candidates.nextCursor ? `${base}/${c.id}?${new URLSearchParams({ ...(sealed ? { s: sealed } : {}), after: candidates.nextCursor })}#signers` : null;
    const editorSigners = c.signers.map((s) => ({ id: s.id, name: s.name, colour: colourOf.get(s.id)! }));
    const blockers = sendBlockers(c);
    return (
      <>
        {header}
        <div className="space-y-6">
          {notice && <Alert tone="success">{notice}</Alert>}
          <Card title="1. Signers" description={c.signingOrder === "sequential" ? "They sign one after another, in this order." : "Everyone is asked at once."}>
            <div id="signers" className="scroll-mt-4">
              <SignersPanel
                slug={ws}
                contractId={c.id}
                sequential={c.signingOrder === "sequential"}
                signers={c.signers.map((s) => ({ id: s.id, contactId: s.contactId, name: s.name, contact: contactLine(s), inPortal: s.inPortal, colour: colourOf.get(s.id)! }))}
                candidates={candidates.rows.map((r) => ({ contactId: r.contactId, name: r.name, contact: contactLine(r), invitedOnly: r.status === "invited" }))}
                q={q}
                moreHref={moreHref}
                setSigners={setContractSignersFormAction}
                search={searchSignersAction}
              />
            </div>
          </Card>
          <Card title="2. Fields" description="Where each signer signs, initials, dates or writes. Each signer's fields have their colour.">
            <div id="fields" className="scroll-mt-4">
              <FieldEditor
                key={c.signers.map((s) => s.id).join()}
                slug={ws}
                contractId={c.id}
                pdfUrl={`${api}/original?inline=1`}
                pages={c.pages}
                signers={editorSigners}
                initial={c.fields.map((f) => ({ signerId: f.signerId, kind: f.kind, page: f.page, x: f.x, y: f.y, width: f.width, height: f.height, label: f.label, required: f.required }))}
                save={saveContractFieldsAction}
              >
                {c.signers.length > 0 && (
                  <FieldsFallback slug={ws} contractId={c.id} signers={editorSigners} fields={c.fields} add={addContractFieldFormAction} remove={removeContractFieldFormAction} />
                )}
              </FieldEditor>
            </div>
          </Card>
          <Card title="3. Send">
            <div className="space-y-3">
              {blockers.length > 0 ? (
                <Alert tone="warning">
                  <p className="font-medium">Before sending:</p>
                  <ul className="mt-1 list-disc pl-5">
                    {blockers.map((b) => (
                      <li key={b}>{b}</li>
                    ))}
                  </ul>
                </Alert>
              ) : (
                <p className="text-sm text-gray-600">
                  {c.signingOrder === "sequential" ? `${c.signers[0]?.name} is asked first; each next signer when the one before has signed.` : "Every signer is asked now."} Once sent, the document can no longer be edited.
                </p>
              )}
              <div className="flex flex-wrap items-start gap-3">
                <ActionForm slug={ws} action={sendContractFormAction} fields={{ contractId: c.id }} label="Send for signature" pendingLabel="Sending…" />
                <VoidButton slug={ws} contractId={c.id} action={voidContractFormAction} draft />
              </div>
            </div>
          </Card>
          <Card title="Details">
            <ContractDetailsForm slug={ws} contract={c} opportunities={opportunities} save={updateContractFormAction} />
          </Card>
        </div>
      </>
    );
  }

  const integrity = c.status === "completed" ? await verifySignedContract(ctx.db, { workspaceId: ctx.workspace.id, contractId: c.id }) : null;
  const signerName = new Map(c.signers.map((s) => [s.id, s.name]));
  return (
    <>
      {header}
      <div className="space-y-6">
        {notice && <Alert tone="success">{notice}</Alert>}
        {c.status === "completed" && integrity && (
          <Card title="Signed document">
            <div className="space-y-3">
              {integrity.ok ? (
                <p className="text-sm text-gray-700">
                  <span className="font-medium text-green-800">Intact.</span> SHA-256 <code className="text-xs break-all">{integrity.sha256}</code> matches the hash recorded when it was signed
                  {c.completedAt ? ` (${fmt(c.completedAt)})` : ""}.
                </p>
              ) : (
                <Alert tone="error">
                  The stored signed PDF no longer matches the hash recorded when it was signed{integrity.sha256 ? ` (it now hashes to ${integrity.sha256}; recorded ${c.signedSha256})` : " (the file is missing)"}. Do not rely on it; contact support.
                </Alert>
              )}
              {integrity.ok && (
                <a href={`${api}/signed`} className={buttonClass("primary")}>
                  Download signed PDF{c.signedSize ? ` (${formatBytes(c.signedSize)})` : ""}
                </a>
              )}
            </div>
          </Card>
        )}
        {c.status === "declined" && <Alert tone="warning">A signer declined{c.declinedAt ? ` on ${fmt(c.declinedAt)}` : ""}. Their comment is below. To try again, upload a revised document.</Alert>}
        {c.status === "voided" && <Alert tone="info">Voided{c.voidedAt ? ` on ${fmt(c.voidedAt)}` : ""}. Signers can no longer open it for signing.</Alert>}
        <Card
          title="Signers"
          actions={
            c.status === "sent" ? (
              <div className="flex flex-wrap items-start gap-2">
                <ActionForm slug={ws} action={remindContractFormAction} fields={{ contractId: c.id }} label="Remind" pendingLabel="Reminding…" variant="secondary" ariaLabel="Remind the signers whose turn it is" />
                <VoidButton slug={ws} contractId={c.id} action={voidContractFormAction} draft={false} />
              </div>
            ) : undefined
          }
        >
          <SignerProgress
            signers={c.signers.map((s) => ({
              id: s.id,
              name: s.name,
              contact: contactLine(s),
              colour: colourOf.get(s.id)!,
              status: s.status,
              viewedAt: fmt(s.viewedAt),
              signedAt: fmt(s.signedAt),
              declinedAt: fmt(s.declinedAt),
              ip: s.ip,
              userAgent: s.userAgent,
              signatureKind: s.signatureKind,
              comment: s.comment,
            }))}
          />
        </Card>
        <Card title="History">
          <ContractEvents
            events={c.events.map((e) => ({
              id: e.id,
              kind: e.kind,
              who: (e.signerId ? signerName.get(e.signerId) : null) ?? e.actorName ?? "",
              at: fmt(e.createdAt)!,
              atIso: e.createdAt.toISOString(),
              note: typeof e.detail?.reason === "string" ? e.detail.reason : null,
            }))}
          />
        </Card>
        <Card title="Original file">
          <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium text-gray-700">Name</dt>
            <dd className="break-all text-gray-800">{c.originalName}</dd>
            <dt className="font-medium text-gray-700">Size</dt>
            <dd className="text-gray-800">{formatBytes(c.originalSize)}</dd>
            <dt className="font-medium text-gray-700">SHA-256</dt>
            <dd className="text-gray-800">
              <code className="text-xs break-all">{c.originalSha256}</code>
            </dd>
            {c.message && (
              <>
                <dt className="font-medium text-gray-700">Message</dt>
                <dd className="break-words whitespace-pre-wrap text-gray-800">{c.message}</dd>
              </>
            )}
          </dl>
        </Card>
      </div>
    </>
  );
}
