"use client";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/card";

type Recipient = { name: string | null; to: string; status: string; error: string | null };
type Progress = { total: number; pending: number; sent: number; failed: number; sms?: number; failures: Recipient[]; recipients: Recipient[] };
export type Skipped = { portalUserId: string; name: string; reason: string };

const n = (x: number) => x.toLocaleString("en-US");
const emails = (x: number) => `${n(x)} login email${x === 1 ? "" : "s"}`;
const who = (r: Recipient) => (r.name ? `${r.name} <${r.to}>` : r.to);
const why = (r: Recipient) =>
  r.status === "bounced" ? "the address bounced" : r.status === "complained" ? "they marked an earlier email as spam" : (r.error ?? "the email provider refused it");

/**
 * Follows a bulk send and says plainly what happened: how many were sent, who could not be sent one and why, what to
 * do about it, and (folded) everyone it went to.
 */
export function BulkProgress({ slug, batchId, skipped, onDone }: { slug: string; batchId: string | null; skipped: Skipped[]; onDone?: () => void }) {
  const [p, setP] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!batchId) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/w/${slug}/portal/batches/${batchId}`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as Progress;
        if (stop) return;
        setP(next);
        setError(null);
        if (next.pending > 0) timer = setTimeout(poll, 1000);
        else onDone?.();
      } catch {
        if (stop) return;
        setError("Lost contact with the server; retrying…");
        timer = setTimeout(poll, 3000);
      }
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [slug, batchId, onDone]);

  const done = p ? p.sent + p.failed : 0;
  const pct = p && p.total ? Math.round((done / p.total) * 100) : 0;
  const finished = p && p.pending === 0;
  // Phone clients get their login message by SMS: a batch with any says "login messages" and how many were texts.
  const texts = p?.sms ?? 0;
  const what = (x: number) => (texts ? `${n(x)} login message${x === 1 ? "" : "s"}` : emails(x));
  const bySms = texts ? ` (${n(texts)} by SMS)` : "";
  const headline = !p
    ? "Sending login emails…"
    : !finished
      ? `Sending ${what(p.total)}${bySms}…`
      : p.failed === 0
        ? `Sent ${what(p.sent)}${bySms}.`
        : `Sent ${what(p.sent)}${bySms}. ${n(p.failed)} could not be sent.`;
  return (
    <div className="space-y-3" data-testid="bulk-progress">
      {batchId && (
        <>
          <div className="flex flex-wrap items-center justify-between gap-x-3 text-sm">
            <span className="font-medium text-gray-900" role="status">
              {headline}
            </span>
            <span className="text-gray-700 tabular-nums" aria-live="polite">
              {p ? `${n(p.sent)} sent${p.failed ? `, ${n(p.failed)} not sent` : ""} of ${n(p.total)}` : "Starting…"}
            </span>
          </div>
          <div
            role="progressbar"
            aria-label="Login emails sent"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            className="h-2.5 w-full overflow-hidden rounded-full bg-gray-200"
          >
            <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
          </div>
          {error && <p className="text-xs text-amber-800">{error}</p>}
          {finished && p.sent > 0 && (
            <p className="text-sm text-gray-700">Each of them can open the portal with the link in their {texts ? "email or text message" : "email"}; nothing else is needed.</p>
          )}
          {p && p.failures.length > 0 && (
            <Alert tone="error">
              <p className="font-medium">{p.failed === 1 ? "This login email could not be sent:" : `These ${n(p.failed)} login emails could not be sent:`}</p>
              <ul className="mt-1 list-disc pl-5 break-words">
                {p.failures.map((f) => (
                  <li key={f.to}>
                    {who(f)}: {why(f)}
                  </li>
                ))}
              </ul>
              {p.failed > p.failures.length && <p className="mt-1">…and {n(p.failed - p.failures.length)} more, listed under Messages.</p>}
              <p className="mt-2">Check each address on the contact (a typo, or a mailbox that no longer exists), correct it, then send their login email again.</p>
            </Alert>
          )}
          {p && p.recipients.length > 0 && (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium text-brand-700">
                {p.total === 1 ? "See who it was for" : `See who they were for (${n(p.total)})`}
              </summary>
              <ul className="mt-2 max-h-64 space-y-0.5 overflow-y-auto text-gray-700" data-testid="bulk-recipients">
                {p.recipients.map((r) => (
                  <li key={r.to} className="break-words">
                    {who(r)}
                    <span className="text-gray-500"> · {r.status === "queued" || r.status === "sending" ? "sending" : ["failed", "bounced", "complained"].includes(r.status) ? "not sent" : "sent"}</span>
                  </li>
                ))}
              </ul>
              {p.total > p.recipients.length && (
                <p className="mt-1 text-gray-600">
                  …and {n(p.total - p.recipients.length)} more. <a className="text-brand-700 underline" href={`/w/${slug}/messages`}>Messages</a> lists every email.
                </p>
              )}
            </details>
          )}
        </>
      )}
      {skipped.length > 0 && (
        <Alert tone="warning">
          <p className="font-medium">Not sent to {skipped.length === 1 ? "1 person" : `${n(skipped.length)} people`}:</p>
          <ul className="mt-1 list-disc pl-5">
            {skipped.slice(0, 20).map((s) => (
              <li key={s.portalUserId}>
                {s.name}: {s.reason}
              </li>
            ))}
          </ul>
          {skipped.length > 20 && <p className="mt-1">…and {n(skipped.length - 20)} more.</p>}
          <p className="mt-2">Add an email address to contacts without one, or restore access from the Revoked tab, then send again.</p>
        </Alert>
      )}
    </div>
  );
}
