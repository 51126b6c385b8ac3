"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ConfirmButton } from "@/components/admin/members/confirm-button";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DomainStatusBadge, statusSentence } from "./status-badge";
import type { Act, CheckView, DomainView } from "./types";

type Props = {
  slug: string;
  domain: DomainView;
  check: Act<{ id: string }, { hostname: string; status: string; lastError: string | null }[]>;
  makePrimary: Act<{ id: string }>;
  remove: Act<{ id: string }, { hostname: string; newPrimary: string | null }>;
};

function ago(iso: string | null, now: number): string {
  if (!iso) return "never";
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (s < 3600) return rtf.format(-Math.round(s / 60), "minute");
  if (s < 86400) return rtf.format(-Math.round(s / 3600), "hour");
  return rtf.format(-Math.round(s / 86400), "day");
}

function until(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const s = Math.round((new Date(iso).getTime() - now) / 1000);
  if (s <= 60) return "within a minute";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  return s < 3600 ? rtf.format(Math.round(s / 60), "minute") : rtf.format(Math.round(s / 3600), "hour");
}

const resultLabel: Record<CheckView["status"], string> = { found: "Found", missing: "Not found yet", wrong: "Wrong value", conflict: "Conflict", error: "Couldn't check" };
const resultTone: Record<CheckView["status"], string> = {
  found: "text-green-800",
  missing: "text-amber-800",
  wrong: "text-red-800",
  conflict: "text-red-800",
  error: "text-gray-700",
};

function Records({ d }: { d: DomainView }) {
  const byKey = new Map(d.checks.map((c) => [`${c.type}:${c.name}`, c]));
  const conflict = d.checks.find((c) => c.status === "conflict");
  const cols = "md:grid md:grid-cols-[4.5rem_minmax(0,1fr)_minmax(0,1.4fr)_minmax(0,1fr)] md:gap-3";
  return (
    <div className="space-y-2">
      <div role="table" aria-label={`DNS records for ${d.hostname}`} className="text-sm">
        <div role="row" className={`hidden border-b border-gray-200 pb-2 text-xs font-medium tracking-wide text-gray-500 uppercase ${cols}`}>
          <span role="columnheader">Type</span>
          <span role="columnheader">Name</span>
          <span role="columnheader">Value</span>
          <span role="columnheader">Last check</span>
        </div>
        {d.records.map((r, i) => {
          const c = byKey.get(`${r.type}:${r.name}`);
          return (
            <div role="row" key={`${r.type}-${r.value}-${i}`} data-testid="dns-record" className={`space-y-2 border-b border-gray-100 py-3 last:border-b-0 md:space-y-0 ${cols}`}>
              <div role="cell" className="font-mono font-semibold text-gray-900">
                <span className="mr-1 text-xs font-normal text-gray-500 md:hidden">Type</span>
                {r.type}
              </div>
              <div role="cell" className="min-w-0">
                <span className="block text-xs text-gray-500 md:hidden">Name</span>
                <div className="flex items-start gap-2">
                  <code className="min-w-0 font-mono text-xs break-all text-gray-900">{r.host}</code>
                  <CopyButton value={r.host} small ariaLabel={`Copy the ${r.type} record's name`} />
                </div>
                {r.host !== r.name && <p className="mt-1 text-xs break-all text-gray-500">Full name: {r.name}</p>}
              </div>
              <div role="cell" className="min-w-0">
                <span className="block text-xs text-gray-500 md:hidden">Value</span>
                <div className="flex items-start gap-2">
                  <code className="min-w-0 font-mono text-xs break-all text-gray-900">{r.value}</code>
                  <CopyButton value={r.value} small ariaLabel={`Copy the ${r.type} record's value`} />
                </div>
              </div>
              <div role="cell" className="text-xs">
                {c ? (
                  <>
                    <span className={`font-medium ${resultTone[c.status]}`}>{resultLabel[c.status]}</span>
                    {c.status !== "found" && c.detail && <p className="mt-1 text-gray-700">{c.detail}</p>}
                  </>
                ) : (
                  <span className="text-gray-500">Not checked yet</span>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {conflict && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 ring-1 ring-red-200 ring-inset">
          {conflict.detail ?? "Use either the A record or the CNAME, not both."}
        </p>
      )}
    </div>
  );
}

export function DomainCard({ slug, domain: d, check, makePrimary, remove }: Props) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<"check" | "primary" | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  async function doCheck() {
    setBusy("check");
    setNotice(undefined);
    const res = await check(slug, { id: d.id });
    setBusy(null);
    setNow(Date.now());
    if (!res.ok) return setNotice({ tone: "error", text: res.message });
    const main = res.data[0];
    setNotice(
      main?.status === "active"
        ? { tone: "success", text: `${d.display} is active.` }
        : { tone: "error", text: "Checked just now: not every record is right yet. The list below says what to change." },
    );
    router.refresh();
  }

  async function doPrimary() {
    setBusy("primary");
    const res = await makePrimary(slug, { id: d.id });
    setBusy(null);
    if (!res.ok) return setNotice({ tone: "error", text: res.message });
    setNotice({ tone: "success", text: `${d.display} is now the primary domain${d.status === "active" ? "" : "; links switch to it once it is active"}.` });
    router.refresh();
  }

  const next = until(d.nextCheckAt, now);
  return (
    <article className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200" aria-labelledby={`domain-${d.id}`} data-testid="domain-card">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-gray-100 px-5 py-4">
        <div className="min-w-0">
          <h2 id={`domain-${d.id}`} className="flex flex-wrap items-center gap-2 text-base font-semibold text-gray-900">
            <span className="break-all">{d.display}</span>
            <DomainStatusBadge status={d.status} />
            {d.isPrimary && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-brand-100 ring-inset">Primary</span>}
          </h2>
          {d.display !== d.hostname && <p className="text-xs text-gray-500">In DNS: {d.hostname}</p>}
          <p className="mt-1 text-sm text-gray-700">{statusSentence[d.status]}</p>
          {/* The records table says what is missing; what broke, or why we could not check, is worth a line here. */}
          {d.lastError && (d.status === "misconfigured" || d.checks.some((c) => c.status === "error")) && <p className="mt-1 text-sm text-red-800">{d.lastError}</p>}
          <p className="mt-1 text-xs text-gray-500">
            Last checked {ago(d.lastCheckedAt, now)}
            {next ? `; next automatic check ${next}` : ""}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" onClick={doCheck} disabled={busy === "check"}>
            {busy === "check" ? "Checking…" : "Check now"}
          </Button>
          {!d.isPrimary && (
            <Button type="button" variant="secondary" onClick={doPrimary} disabled={busy === "primary"}>
              Make primary
            </Button>
          )}
          <ConfirmButton
            label="Remove"
            question={`Remove ${d.display}${d.companions.length ? ` and ${d.companions.map((c) => c.display).join(", ")}` : ""}? Clients using it stop reaching the portal there at once.`}
            confirmLabel="Remove domain"
            pendingLabel="Removing…"
            onConfirm={async () => {
              const res = await remove(slug, { id: d.id });
              if (!res.ok) return setNotice({ tone: "error", text: res.message });
              router.refresh();
            }}
          />
        </div>
      </header>
      <div className="space-y-4 px-5 py-4">
        <LiveNotice notice={notice} />
        <p className="text-sm text-gray-700">
          {d.status === "active" ? "The records this domain uses; keep them as they are" : `At your DNS provider, create ${d.records.length === 1 ? "this record" : "these records"}`}
          {d.kind === "apex" ? " (A records, not a CNAME: a root domain can't have one)" : ""}:
        </p>
        <Records d={d} />
        {d.companions.map((c) => (
          <section key={c.id} aria-labelledby={`domain-${c.id}`} className="space-y-2 rounded-md bg-gray-50 p-4 ring-1 ring-gray-200" data-testid="companion">
            <h3 id={`domain-${c.id}`} className="flex flex-wrap items-center gap-2 text-sm font-semibold text-gray-900">
              <span className="break-all">{c.display}</span> <DomainStatusBadge status={c.status} />
              <span className="font-normal text-gray-600">redirects to {d.display}</span>
            </h3>
            <Records d={c} />
          </section>
        ))}
      </div>
    </article>
  );
}
