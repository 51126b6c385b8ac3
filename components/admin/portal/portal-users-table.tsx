"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { RowMenu } from "@/components/ui/row-menu";
import {
  copyMagicLinkAction,
  inviteAction,
  regenerateMagicLinkAction,
  revokeAccessAction,
  sendLoginEmailsAction,
} from "@/app/(admin)/w/[slug]/portal/actions";
import { BulkProgress, type Skipped } from "./bulk-progress";

export type PortalUserView = {
  id: string;
  contactId: string;
  name: string;
  email: string | null;
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
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
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
                  <div className="break-all text-gray-600">{u.email ?? "no email"}</div>
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
                        <Button type="button" variant="secondary" className="whitespace-nowrap" onClick={() => copyLink(u)} disabled={busy === `copy-${u.id}`}>
                          {busy === `copy-${u.id}` ? "Copying…" : "Copy magic link"}
                        </Button>
                        <RowMenu
                          label={`More actions for ${u.name}`}
                          items={[
                            { label: "Send login email", disabled: busy === "bulk", onSelect: () => sendLogin([u.id]) },
                            {
                              label: "Resend invitation",
                              disabled: busy === `inv-${u.id}`,
                              onSelect: () => run(`inv-${u.id}`, () => inviteAction(slug, { contactId: u.contactId }), () => setNotice({ tone: "success", text: `Invitation sent again to ${u.name}${u.email ? ` (${u.email})` : ""}.` })),
                            },
                            {
                              label: "Revoke access",
                              confirm: {
                                question: `Revoke ${u.name}'s access? Their links and sessions stop working at once. You can invite them again later.`,
                                confirmLabel: "Revoke access",
                                pendingLabel: "Revoking…",
                              },
                              onSelect: () =>
                                run(`rev-${u.id}`, () => revokeAccessAction(slug, { portalUserId: u.id }), (d) => {
                                  setNotice({ tone: "success", text: `${u.name}'s access was revoked${d.sessions ? ` and ${d.sessions} session${d.sessions === 1 ? "" : "s"} ended` : ""}. They are now under Revoked.` });
                                  refresh();
                                }),
                            },
                          ]}
                        />
                      </>
                    ) : (
                      <Button
                        type="button"
                        variant="secondary"
                        disabled={busy === `inv-${u.id}`}
                        onClick={() =>
                          run(`inv-${u.id}`, () => inviteAction(slug, { contactId: u.contactId }), () => {
                            setNotice({ tone: "success", text: `${u.name}'s access was restored and a new invitation sent.` });
                            refresh();
                          })
                        }
                      >
                        Restore and invite
                      </Button>
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
