"use client";
import { Fragment, useActionState, useEffect, useState, type ReactNode } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { CopyButton } from "@/components/ui/copy-button";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { relativeTime } from "./relative-time";
import { DomainStatusBadge, statusSentence } from "./status-badge";
import type { CheckView, DomainView } from "./types";

type Props = {
  slug: string;
  domain: DomainView;
  /** When the server rendered the page, so the first render in the browser says the same times. */
  renderedAt: number;
  /** Form POSTs, so each button works before hydration. */
  check: FormAction<{ status: string; checkedAt: string }[]>;
  makePrimary: FormAction<unknown>;
  remove: FormAction<unknown>;
};

/**
 * Long names and tokens wrap at dots (and after the "=" of a TXT value), never mid-label: each label of a long word
 * is kept whole (`nowrap`, so not even at its hyphens) with a break opportunity after it. Only a label too long for
 * any line (over 30 characters) may be split inside, by the container's `wrap-anywhere`. Inline spans, not boxes, so
 * a screen reader still reads one name. Short words (an IP address, an ordinary word) are left as they are.
 */
export function Breakable({ text }: { text: string }) {
  return (
    <>
      {text.split(/(\s+)/).map((word, i) => {
        const labels = word.length > 20 ? word.split(/(?<=[.=])(?=[^\s.=])/) : [word];
        if (labels.length === 1) return <Fragment key={i}>{word}</Fragment>;
        return (
          <Fragment key={i}>
            {labels.map((l, j) => (
              <Fragment key={j}>
                {j > 0 && <wbr />}
                <span className={l.length <= 30 ? "whitespace-nowrap" : undefined}>{l}</span>
              </Fragment>
            ))}
          </Fragment>
        );
      })}
    </>
  );
}

const resultLabel: Record<CheckView["status"], string> = { found: "Found", missing: "Not found yet", wrong: "Wrong value", conflict: "Conflict", error: "Couldn't check" };
const resultTone: Record<CheckView["status"], string> = {
  found: "text-green-800",
  missing: "text-amber-800",
  wrong: "text-red-800",
  conflict: "text-red-800",
  error: "text-gray-700",
};

/** What the last check said about one record, or, for a TXT no longer needed, that it is not needed. */
function CheckResult({ c, d }: { c: CheckView | undefined; d: DomainView }): ReactNode {
  if (!c) return <span className="text-gray-500">Not checked yet</span>;
  if (c.type === "TXT" && d.proof && c.status !== "found") {
    return (
      <>
        <span className="font-medium text-gray-700">Not needed any more</span>
        <p className="mt-1 text-gray-700">
          Ownership proven on {d.proof.since}; you may delete this record.
          {d.proof.lapsesOn && ` If the domain is still broken on ${d.proof.lapsesOn}, it will be needed again.`}
        </p>
      </>
    );
  }
  return (
    <>
      <span className={`font-medium ${resultTone[c.status]}`}>{resultLabel[c.status]}</span>
      {c.status !== "found" && c.detail && (
        <p className="mt-1 wrap-anywhere text-gray-700">
          <Breakable text={c.detail} />
        </p>
      )}
    </>
  );
}

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
                  <code className="min-w-0 font-mono text-xs wrap-anywhere text-gray-900">
                    <Breakable text={r.host} />
                  </code>
                  <CopyButton value={r.host} small ariaLabel={`Copy the ${r.type} record's name`} />
                </div>
                {r.host !== r.name && (
                  <p className="mt-1 text-xs wrap-anywhere text-gray-500">
                    Full name: <Breakable text={r.name} />
                  </p>
                )}
              </div>
              <div role="cell" className="min-w-0">
                <span className="block text-xs text-gray-500 md:hidden">Value</span>
                <div className="flex items-start gap-2">
                  <code className="min-w-0 font-mono text-xs wrap-anywhere text-gray-900">
                    <Breakable text={r.value} />
                  </code>
                  <CopyButton value={r.value} small ariaLabel={`Copy the ${r.type} record's value`} />
                </div>
              </div>
              <div role="cell" className="min-w-0 text-xs">
                <CheckResult c={c} d={d} />
              </div>
            </div>
          );
        })}
      </div>
      {conflict && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm wrap-anywhere text-red-900 ring-1 ring-red-200 ring-inset">
          <Breakable text={conflict.detail ?? "Use either the A record or the CNAME, not both."} />
        </p>
      )}
    </div>
  );
}

export function DomainCard({ slug, domain: d, renderedAt, check, makePrimary, remove }: Props) {
  const [checkState, checkAction] = useActionState<FormState<{ status: string; checkedAt: string }[]>, FormData>(check, {});
  const [primaryState, primaryAction] = useActionState<FormState<unknown>, FormData>(makePrimary, {});
  const [removeState, removeAction] = useActionState<FormState<unknown>, FormData>(remove, {});
  const [last, setLast] = useState<"check" | "primary" | "remove">();
  const [tick, setTick] = useState(renderedAt);
  useEffect(() => {
    setTick(Date.now());
    const t = setInterval(() => setTick(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const now = Math.max(tick, renderedAt);
  const lastChecked = d.lastCheckedAt ? Date.parse(d.lastCheckedAt) : 0;
  // The message of the last button pressed (a plain POST has only one); a check's holds until a later check.
  const shownKind = last ?? (checkState.result ? "check" : primaryState.result ? "primary" : removeState.result ? "remove" : undefined);
  const notice = shownKind === "check" ? checkNotice(checkState, d) : shownKind === "primary" ? primaryNotice(primaryState, d) : shownKind === "remove" ? refusal(removeState) : undefined;
  const current = notice && lastChecked <= notice.checkedAt ? notice.notice : undefined;
  const fields = { id: d.id };

  const removeQuestion = [
    `Remove ${d.display}${d.companions.length ? ` and ${d.companions.map((c) => c.display).join(", ")}` : ""}? Clients using it stop reaching the portal there at once.`,
    d.isPrimary ? (d.successor ? `${d.successor} becomes the primary domain.` : "Links go back to the platform address.") : "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <article className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200" aria-labelledby={`domain-${d.id}`} data-testid="domain-card">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-gray-100 px-5 py-4">
        <div className="min-w-0">
          <h2 id={`domain-${d.id}`} className="flex flex-wrap items-center gap-2 text-base font-semibold text-gray-900">
            <span className="min-w-0 wrap-anywhere">
              <Breakable text={d.display} />
            </span>
            <DomainStatusBadge status={d.status} />
            {d.isPrimary && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-brand-100 ring-inset">Primary</span>}
          </h2>
          {d.display !== d.hostname && (
            <p className="text-xs wrap-anywhere text-gray-500">
              In DNS: <Breakable text={d.hostname} />
            </p>
          )}
          <p className="mt-1 text-sm text-gray-700">{statusSentence[d.status]}</p>
          {/* The records table says what is missing; what broke, or why we could not check, is worth a line here. */}
          {d.lastError && (d.status === "misconfigured" || d.checks.some((c) => c.status === "error")) && (
            <p className="mt-1 text-sm wrap-anywhere text-red-800">
              <Breakable text={d.lastError} />
            </p>
          )}
          <p className="mt-1 text-xs text-gray-500">
            Last checked {d.lastCheckedAt ? relativeTime(d.lastCheckedAt, now) : "never"}
            {d.nextCheckAt ? `; next automatic check ${Date.parse(d.nextCheckAt) <= now ? "any moment now" : relativeTime(d.nextCheckAt, now)}` : ""}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <form action={checkAction} onSubmit={() => setLast("check")}>
            <HiddenFields slug={slug} fields={fields} />
            <SubmitButton label="Check now" pendingLabel="Checking…" />
          </form>
          {!d.isPrimary && (
            <form action={primaryAction} onSubmit={() => setLast("primary")}>
              <HiddenFields slug={slug} fields={fields} />
              <SubmitButton variant="secondary" label="Make primary" pendingLabel="Saving…" />
            </form>
          )}
          <ConfirmForm
            slug={slug}
            label="Remove"
            question={removeQuestion}
            confirmLabel="Remove domain"
            pendingLabel="Removing…"
            action={removeAction}
            onPost={() => setLast("remove")}
            fields={fields}
          />
        </div>
      </header>
      <div className="space-y-4 px-5 py-4">
        <LiveNotice notice={current} />
        <p className="text-sm text-gray-700">
          {d.status === "active" ? "The records this domain uses; keep them as they are" : `At your DNS provider, create ${d.records.length === 1 ? "this record" : "these records"}`}
          {d.kind === "apex" ? " (A records, not a CNAME: a root domain can't have one)" : ""}:
        </p>
        <Records d={d} />
        {d.companions.map((c) => (
          <section key={c.id} aria-labelledby={`domain-${c.id}`} className="space-y-2 rounded-md bg-gray-50 p-4 ring-1 ring-gray-200" data-testid="companion">
            <h3 id={`domain-${c.id}`} className="flex flex-wrap items-center gap-2 text-sm font-semibold text-gray-900">
              <span className="min-w-0 wrap-anywhere">
                <Breakable text={c.display} />
              </span>{" "}
              <DomainStatusBadge status={c.partnerStatus ?? c.status} />
              <span className="min-w-0 font-normal wrap-anywhere text-gray-600">
                redirects to <Breakable text={d.display} />
              </span>
            </h3>
            {c.partnerStatus && (
              <p className="text-sm text-gray-700">
                Works once <Breakable text={d.display} /> does: it follows that domain.
              </p>
            )}
            <Records d={c} />
          </section>
        ))}
      </div>
    </article>
  );
}

type CheckNotice = { notice: Notice; checkedAt: number };
const FOREVER = Number.MAX_SAFE_INTEGER;

function refusal(state: FormState<unknown>): CheckNotice | undefined {
  const r = state.result;
  return r && !r.ok ? { notice: { tone: "error", text: r.message }, checkedAt: FOREVER } : undefined;
}

/** What a check found, until a later check (the server's or another press) replaces it. */
function checkNotice(state: FormState<{ status: string; checkedAt: string }[]>, d: DomainView): CheckNotice | undefined {
  const r = state.result;
  if (!r) return undefined;
  if (!r.ok) return refusal(state);
  const main = r.data[0];
  return {
    notice: main?.status === "active" ? { tone: "success", text: `${d.display} is active.` } : { tone: "error", text: "Not every record is right yet: the list below says what to change." },
    checkedAt: main ? Date.parse(main.checkedAt) : FOREVER,
  };
}

function primaryNotice(state: FormState<unknown>, d: DomainView): CheckNotice | undefined {
  const r = state.result;
  if (!r) return undefined;
  if (!r.ok) return refusal(state);
  return { notice: { tone: "success", text: `${d.display} is now the primary domain${d.status === "active" ? "" : "; links switch to it once it is active"}.` }, checkedAt: FOREVER };
}
