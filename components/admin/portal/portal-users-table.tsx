"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { RowMenu } from "@/components/ui/row-menu";
import type { FormState } from "@/lib/actions/form-state";
import {
  copyMagicLinkAction,
  regenerateMagicLinkAction,
  resendInvitationFormAction,
  revokeAccessFormAction,
  sendLoginEmailFormAction,
  sendLoginEmailsAction,
} from "@/app/(admin)/w/[slug]/portal/actions";
import { BulkProgress, type Skipped } from "./bulk-progress";

type Sent = { batchId: string; queued: number; skipped: Skipped[] };
type RowAction = "login" | "invite" | "revoke";
/** False in the server's HTML and until hydration, true after: controls that need script stay disabled till then. */
const useHydrated = () =>
  useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

export type PortalUserView = {
  id: string;
  contactId: string;
  name: string;
  email: string | null;
  /** The number as shown (national format for the workspace's country). */
  phone: string | null;
  /** Their user type reaches them by SMS. */
  bySms: boolean;
  status: "invited" | "joined" | "revoked";
  userType: string | null;
  invitedAt: string;
  joinedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
};
type Tab = "invited" | "joined" | "revoked";

/** A date cell: a table cell from `sm` up, a labelled line in the card under it. */
function Meta({ label, className = "", children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <td className={`text-xs text-gray-700 sm:py-3 sm:pr-4 sm:text-sm sm:whitespace-nowrap ${className}`}>
      <span className="text-gray-500 sm:hidden">{label}: </span>
      {children}
    </td>
  );
}

const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" }) : "—");

export function PortalUsersTable({
  slug,
  tab,
  q,
  rows,
  total,
  next,
  prev,
}: {
  slug: string;
  tab: Tab;
  q: string;
  rows: PortalUserView[];
  total: number;
  next: string | null;
  prev: string | null;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [batch, setBatch] = useState<{ id: string | null; skipped: Skipped[] } | null>(null);
  const [shownLink, setShownLink] = useState<{ id: string; url: string; expiresAt: string; copied: boolean } | null>(null);
  const refresh = useCallback(() => router.refresh(), [router]);
  const hydrated = useHydrated();
  // Each row action is a form POST (it works before hydration); the results live here, so a message outlives the
  // row it was about (a revoked client leaves this tab).
  const [loginState, loginAction] = useActionState(sendLoginEmailFormAction, {});
  const [inviteState, inviteAction] = useActionState(resendInvitationFormAction, {});
  const [revokeState, revokeAction] = useActionState(revokeAccessFormAction, {});
  const [last, setLast] = useState<RowAction | null>(null);
  const posted = last ?? (loginState.result ? "login" : inviteState.result ? "invite" : revokeState.result ? "revoke" : null);
  const rowNotice = posted ? noticeFor(posted, posted === "login" ? loginState : posted === "invite" ? inviteState : revokeState) : null;
  const shown = notice ?? rowNotice;

  // With JavaScript, a login email sent from a row is followed like a bulk send.
  useEffect(() => {
    const r = loginState.result;
    if (r?.ok) setBatch({ id: r.data.queued > 0 ? r.data.batchId : null, skipped: r.data.skipped });
  }, [loginState]);
  const startRowAction = (a: RowAction) => {
    setLast(a);
    setNotice(null);
  };

  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const count = allMatching ? total : selected.size;
  const canEmail = tab !== "revoked";

  function toggle(id: string) {
    setAllMatching(false);
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }

  async function run<T>(key: string, fn: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, ok: (d: T) => void) {
    setBusy(key);
    setNotice(null);
    setLast(null);
    const r = await fn();
    setBusy(null);
    if (!r.ok) setNotice({ tone: "error", text: r.message });
    else ok(r.data);
  }

  async function copyLink(u: PortalUserView, regenerate = false) {
    await run(
      `${regenerate ? "regen" : "copy"}-${u.id}`,
      () => (regenerate ? regenerateMagicLinkAction : copyMagicLinkAction)(slug, { portalUserId: u.id }),
      async (d) => {
        let copied = false;
        try {
          await navigator.clipboard.writeText(d.url);
          copied = true;
        } catch {}
        setShownLink({ id: u.id, url: d.url, expiresAt: new Date(d.expiresAt).toISOString(), copied });
        if (regenerate) setNotice({ tone: "success", text: `New magic link for ${u.name}. The previous link stopped working.` });
      },
    );
  }

  async function sendLogin(ids: string[] | "all") {
    await run(
      "bulk",
      () => sendLoginEmailsAction(slug, ids === "all" ? { filter: { status: tab as "invited" | "joined", q: q || undefined } } : { portalUserIds: ids }),
      (d) => {
        setBatch({ id: d.queued > 0 ? d.batchId : null, skipped: d.skipped });
        if (d.queued === 0) setNotice({ tone: "info", text: "No login emails were sent." });
        setSelected(new Set());
        setAllMatching(false);
      },
    );
  }

  const qs = (p: Record<string, string | undefined>) => {
    const s = new URLSearchParams();
    if (tab !== "invited") s.set("tab", tab);
    if (q) s.set("q", q);
    for (const [k, v] of Object.entries(p)) if (v) s.set(k, v);
    const str = s.toString();
    return `/w/${slug}/portal${str ? `?${str}` : ""}#users`;
  };

  return (
    <div className="space-y-4">
      {shown && <Alert tone={shown.tone}>{shown.text}</Alert>}
      {batch && <BulkProgress slug={slug} batchId={batch.id} skipped={batch.skipped} onDone={refresh} />}

      {canEmail && (selected.size > 0 || allMatching) && (
        <div className="flex flex-wrap items-center gap-3 rounded-md bg-brand-50 px-4 py-3 text-sm ring-1 ring-brand-100" role="region" aria-label="Bulk actions">
          <span className="font-medium text-gray-900">
            {count.toLocaleString("en-US")} selected
          </span>
          {allOnPage && !allMatching && total > rows.length && (
            <button type="button" className="font-medium text-brand-700 underline" onClick={() => setAllMatching(true)}>
              Select all {total.toLocaleString("en-US")} {q ? "matching" : tab}
            </button>
          )}
          <Button type="button" onClick={() => sendLogin(allMatching ? "all" : [...selected])} disabled={busy === "bulk"}>
            {busy === "bulk" ? "Queuing…" : `Send login email${count === 1 ? "" : "s"}`}
          </Button>
          <button
            type="button"
            className="text-gray-700 underline"
            onClick={() => {
              setSelected(new Set());
              setAllMatching(false);
            }}
          >
            Clear selection
          </button>
        </div>
      )}

      {rows.length === 0 ? (
        <p className="py-8 text-center text-sm text-gray-600">
          {q ? `No ${tab} portal users match “${q}”.` : tab === "invited" ? "Nobody is waiting to join. Invite a client above." : tab === "joined" ? "Nobody has signed in yet." : "No one's access has been revoked."}
        </p>
      ) : (
        // One DOM for both widths: a table from `sm` up; under it each row is a card (a grid), so nothing scrolls
        // sideways and every action is one "…" away.
        <table className="block w-full text-sm sm:table sm:min-w-full sm:divide-y sm:divide-gray-200">
          <thead className="hidden sm:table-header-group">
            <tr className="text-left text-xs font-medium tracking-wide text-gray-600 uppercase">
              {canEmail && (
                <th scope="col" className="w-8 py-2 pr-2">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    onChange={() => {
                      setAllMatching(false);
                      setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)));
                    }}
                    className="h-4 w-4 rounded border-gray-300"
                  />
                </th>
              )}
              <th scope="col" className="py-2 pr-4">Client</th>
              <th scope="col" className="py-2 pr-4">Type</th>
              <th scope="col" className="py-2 pr-4">Invited</th>
              <th scope="col" className="py-2 pr-4">{tab === "revoked" ? "Revoked" : "Joined"}</th>
              <th scope="col" className="py-2 pr-4">Last seen</th>
              <th scope="col" className="py-2 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-gray-100 sm:table-row-group">
            {rows.map((u) => (
              <tr
                key={u.id}
                className={`grid ${canEmail ? "grid-cols-[1.75rem_1fr_1fr]" : "grid-cols-2"} gap-x-3 gap-y-1 py-3 align-top sm:table-row sm:py-0`}
                data-testid="portal-user-row"
              >
                {canEmail && (
                  <td className="row-span-3 pt-0.5 sm:py-3 sm:pr-2">
                    <input type="checkbox" aria-label={`Select ${u.name}`} checked={allMatching || selected.has(u.id)} onChange={() => toggle(u.id)} className="h-4 w-4 rounded border-gray-300" />
                  </td>
                )}
                <td className="col-span-2 min-w-0 sm:py-3 sm:pr-4">
                  <Link href={`/w/${slug}/contacts/${u.contactId}`} className="font-medium break-words text-gray-900 hover:underline">
                    {u.name}
                  </Link>
                  <div className="break-all text-gray-600">{u.bySms ? (u.phone ?? "no mobile number") : (u.email ?? "no email")}</div>
                  {shownLink?.id === u.id && (
                    <div className="mt-2 max-w-md space-y-1 rounded-md bg-gray-50 p-2 ring-1 ring-gray-200" role="status">
                      <p className="text-xs text-gray-700">
                        {shownLink.copied ? "Copied. " : "Copy this link: "}Valid until {new Date(shownLink.expiresAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}.
                      </p>
                      <input readOnly value={shownLink.url} aria-label={`Magic link for ${u.name}`} className="w-full rounded border-0 bg-white px-2 py-1 font-mono text-xs ring-1 ring-gray-300" onFocus={(e) => e.currentTarget.select()} data-testid="magic-link" />
                      <button type="button" className="text-xs font-medium text-brand-700 underline" onClick={() => copyLink(u, true)} disabled={busy === `regen-${u.id}`}>
                        {busy === `regen-${u.id}` ? "Regenerating…" : "Regenerate (the old link stops working)"}
                      </button>
                    </div>
                  )}
                </td>
                <Meta label="Type" className={canEmail ? "col-start-2" : ""}>{u.userType ?? "—"}</Meta>
                <Meta label="Invited">{fmt(u.invitedAt)}</Meta>
                <Meta label={tab === "revoked" ? "Revoked" : "Joined"} className={canEmail ? "col-start-2" : ""}>
                  {fmt(tab === "revoked" ? u.revokedAt : u.joinedAt)}
                </Meta>
                <Meta label="Last seen">{fmt(u.lastSeenAt)}</Meta>
                <td className={`${canEmail ? "col-span-2 col-start-2" : "col-span-2"} pt-2 sm:py-3 sm:pt-3`}>
                  <div className="flex items-center gap-2 sm:justify-end">
                    {u.status !== "revoked" ? (
                      <>
                        {/* The clipboard needs script: until it has loaded the button says so instead of doing nothing. */}
                        <Button
                          type="button"
                          variant="secondary"
                          className="whitespace-nowrap"
                          onClick={() => copyLink(u)}
                          disabled={!hydrated || busy === `copy-${u.id}`}
                          title={hydrated ? undefined : "Available once the page has finished loading"}
                        >
                          {busy === `copy-${u.id}` ? "Copying…" : "Copy magic link"}
                        </Button>
                        <RowMenu
                          slug={slug}
                          label={`More actions for ${u.name}`}
                          items={[
                            { label: u.bySms ? "Send login SMS" : "Send login email", disabled: busy === "bulk", action: loginAction, onPost: () => startRowAction("login"), fields: { portalUserId: u.id, name: u.name } },
                            { label: "Resend invitation", action: inviteAction, onPost: () => startRowAction("invite"), fields: { contactId: u.contactId, name: u.name, email: u.email ?? "", resend: "1" } },
                            {
                              label: "Revoke access",
                              confirm: {
                                question: `Revoke ${u.name}'s access? Their links and sessions stop working at once. You can invite them again later.`,
                                confirmLabel: "Revoke access",
                                pendingLabel: "Revoking…",
                              },
                              action: revokeAction,
                              onPost: () => startRowAction("revoke"),
                              fields: { portalUserId: u.id, name: u.name },
                            },
                          ]}
                        />
                      </>
                    ) : (
                      <form action={inviteAction} onSubmit={() => startRowAction("invite")}>
                        <HiddenFields slug={slug} fields={{ contactId: u.contactId, name: u.name }} />
                        <SubmitButton variant="secondary" label="Restore and invite" pendingLabel="Restoring…" />
                      </form>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(prev || next) && (
        <nav aria-label="Pages" className="flex justify-between">
          {prev ? (
            <Link className={buttonClass("secondary")} href={qs({ before: prev })}>
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link className={buttonClass("secondary")} href={qs({ after: next })}>
              Older →
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

/** The message after a row's form POST, from what it posted (the name) and what came back. */
function noticeFor(a: RowAction, state: FormState<unknown>): { tone: "success" | "error" | "info"; text: string } | null {
  const r = state.result;
  if (!r) return null;
  if (!r.ok) return { tone: "error", text: r.message };
  const name = state.values?.name || "The client";
  if (a === "revoke") {
    const sessions = (r.data as { sessions?: number }).sessions ?? 0;
    return { tone: "success", text: `${name}'s access was revoked${sessions ? ` and ${sessions} session${sessions === 1 ? "" : "s"} ended` : ""}. They are now under Revoked.` };
  }
  if (a === "invite") {
    const email = state.values?.email;
    return state.values?.resend
      ? { tone: "success", text: `Invitation sent again to ${name}${email ? ` (${email})` : ""}.` }
      : { tone: "success", text: `${name}'s access was restored and a new invitation sent.` };
  }
  const d = r.data as Sent;
  return d.queued > 0 ? { tone: "success", text: `A login email to ${name} is on its way.` } : { tone: "info", text: d.skipped[0] ? `No login email was sent: ${d.skipped[0].reason}` : "No login emails were sent." };
}
