"use client";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/card";

type Progress = { total: number; pending: number; sent: number; failed: number; failures: { to: string; status: string; error: string | null }[] };
export type Skipped = { portalUserId: string; name: string; reason: string };

/** Follows a bulk send until every email has an outcome; failures are listed by recipient. */
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
  return (
    <div className="space-y-3" data-testid="bulk-progress">
      {batchId && (
        <>
          <div className="flex items-center justify-between text-sm">
            <span className="font-medium text-gray-900">{p && p.pending === 0 ? "All login emails have an outcome" : "Sending login emails…"}</span>
            <span className="text-gray-700 tabular-nums" aria-live="polite">
              {p ? `${p.sent.toLocaleString("en-US")} sent${p.failed ? `, ${p.failed.toLocaleString("en-US")} failed` : ""} of ${p.total.toLocaleString("en-US")}` : "Starting…"}
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
          {p && p.failures.length > 0 && (
            <Alert tone="error">
              <p className="font-medium">These emails could not be delivered:</p>
              <ul className="mt-1 list-disc pl-5">
                {p.failures.map((f) => (
                  <li key={f.to}>
                    {f.to} — {f.status === "bounced" ? "bounced" : f.status === "complained" ? "marked as spam" : (f.error ?? "failed")}
                  </li>
                ))}
              </ul>
              {p.failed > p.failures.length && <p className="mt-1">…and {p.failed - p.failures.length} more (see Messages).</p>}
            </Alert>
          )}
        </>
      )}
      {skipped.length > 0 && (
        <Alert tone="warning">
          <p className="font-medium">Not sent to {skipped.length === 1 ? "1 person" : `${skipped.length} people`}:</p>
          <ul className="mt-1 list-disc pl-5">
            {skipped.slice(0, 20).map((s) => (
              <li key={s.portalUserId}>
                {s.name} — {s.reason}
              </li>
            ))}
          </ul>
          {skipped.length > 20 && <p className="mt-1">…and {skipped.length - 20} more.</p>}
        </Alert>
      )}
    </div>
  );
}
