import Link from "next/link";
import { getDb } from "@/lib/db";
import { applicantReadiness, listWords } from "@/lib/client-centre/applicant-readiness";
import { listClientCentreLinks, type ApplicantLinks, type RevokedLink } from "@/lib/db/queries/client-centre-links";
import { now } from "@/lib/clock";
import { resendClientCentreInvitationFormAction } from "./access-actions";
import { ResendButton } from "./resend-button";

// UTC, like every other admin time (the audit log, messages, the request page's answers).
const fmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const when = (d: Date) => `${fmt.format(d).replace(",", "")} UTC`;

function activeWords(l: NonNullable<ApplicantLinks["active"]>): string {
  const head = l.delivery === "copied" ? `Link copied ${when(l.createdAt)}` : `Invitation sent ${when(l.createdAt)}`;
  if (l.state === "expired") return `${head} · expired ${when(l.expiresAt)}`;
  const parts = [head];
  if (l.openedAt) parts.push("opened");
  if (l.lastUsedAt) parts.push("used");
  return parts.join(" · ");
}

function revokedWords(l: RevokedLink): string {
  const sent = l.delivery === "copied" ? `Link copied ${when(l.createdAt)}` : `Invitation sent ${when(l.createdAt)}`;
  const end = l.replacedBy ? `replaced ${when(l.revokedAt!)} by a ${l.replacedBy.delivery === "copied" ? "copied link" : "new invitation"}` : `revoked ${when(l.revokedAt!)}`;
  return `${sent}${l.openedAt ? " · opened" : ""}${l.lastUsedAt ? " · used" : ""} · ${end}`;
}

// On an admin request page, per applicant, the Client Centre access state (active link: sent / opened / used, and
// revoked ones) with Send invitation, Copy link and Resend. Server component.
export async function AccessPanel(props: { workspaceId: string; slug: string; opportunityId: string; requestId: string }) {
  const db = getDb();
  const applicants = await applicantReadiness(db, { workspaceId: props.workspaceId, opportunityId: props.opportunityId });
  const links = await listClientCentreLinks(db, { workspaceId: props.workspaceId, contactIds: applicants.map((a) => a.id), now: now() });
  const base = `/w/${props.slug}`;
  return (
    <section aria-labelledby="access-title" id="access" className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-gray-100 px-5 py-4">
        <div>
          <h2 id="access-title" className="text-base font-semibold text-gray-900">
            Client Centre access
          </h2>
          <p className="mt-0.5 text-sm text-gray-600">Each applicant has at most one working link; sending or copying a new one stops the old one.</p>
        </div>
      </header>
      {applicants.length === 0 ? (
        <p className="px-5 py-4 text-sm text-gray-600">This opportunity has no applicants yet.</p>
      ) : (
        <ul className="divide-y divide-gray-100">
          {applicants.map((a) => {
            const l = links.get(a.id);
            const revoked = l?.portalStatus === "revoked";
            return (
              <li key={a.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0 space-y-1 text-sm">
                  <p className="font-medium text-gray-900">{a.name}</p>
                  {a.missing.length > 0 ? (
                    <p className="text-xs font-medium text-red-700">
                      Can&apos;t get access: missing {listWords(a.missing)}.{" "}
                      <Link href={`${base}/contacts/${a.id}`} className="underline">
                        Edit the contact
                      </Link>
                    </p>
                  ) : revoked ? (
                    <p className="text-xs font-medium text-red-700">Portal access revoked.</p>
                  ) : (
                    <p className={l?.active ? "text-gray-700" : "text-gray-500"}>{l?.active ? activeWords(l.active) : "No access sent"}</p>
                  )}
                  {a.missing.length === 0 && a.phoneWarning && <p className="text-xs text-amber-800">⚠ {a.phoneWarning}.</p>}
                  {l && l.revoked.length > 0 && (
                    <details className="text-xs text-gray-600">
                      <summary className="cursor-pointer text-gray-700">History ({l.revoked.length}{l.more ? "+" : ""} earlier link{l.revoked.length === 1 ? "" : "s"})</summary>
                      <ul className="mt-1 space-y-0.5">
                        {l.revoked.map((r) => (
                          <li key={r.id}>{revokedWords(r)}</li>
                        ))}
                      </ul>
                      {l.more && <p className="mt-1 text-gray-500">Older links are in the audit log.</p>}
                    </details>
                  )}
                </div>
                {a.missing.length === 0 && !revoked && l?.active && (
                  <div className="shrink-0">
                    <ResendButton slug={props.slug} requestId={props.requestId} contactId={a.id} name={a.name} action={resendClientCentreInvitationFormAction} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
