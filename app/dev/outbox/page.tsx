import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { listDevOutbox } from "@/lib/messaging/list-dev-outbox";
import { env } from "@/lib/env";
import { encodingLabel } from "@/lib/sms/sms-facts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dev outbox" };

const statusTone: Record<string, string> = {
  queued: "bg-amber-100 text-amber-900",
  sending: "bg-blue-100 text-blue-900",
  sent: "bg-green-100 text-green-900",
  delivered: "bg-green-100 text-green-900",
  failed: "bg-red-100 text-red-900",
};

export default async function DevOutbox({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!env.devOutboxEnabled) notFound();
  const { to } = await searchParams;
  const rows = await listDevOutbox(getDb(), { limit: 100, to: to || undefined });
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-gray-900">Dev outbox</h1>
          <p className="mt-1 text-sm text-gray-600">
            Every email and SMS the app sent, newest first. No provider is configured, so nothing left this machine. Also as{" "}
            <a className="text-brand-700 underline" href="/dev/outbox?format=json">
              JSON
            </a>
            .
          </p>
        </div>
        <form className="flex gap-2" action="/dev/outbox">
          <label htmlFor="to" className="sr-only">
            Filter by recipient
          </label>
          <input id="to" name="to" defaultValue={to} placeholder="Filter by recipient" className="rounded-md px-3 py-2 text-sm ring-1 ring-gray-300" />
          <button className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-gray-300 hover:bg-gray-50">Filter</button>
        </form>
      </div>
      {rows.length === 0 && <p className="rounded-lg bg-white p-6 text-sm text-gray-600 ring-1 ring-gray-200">Nothing sent yet.</p>}
      <ol className="space-y-4">
        {rows.map((m) => (
          <li key={m.id} className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200" data-testid="outbox-message">
            <div className="flex flex-wrap items-center justify-between gap-2 border-b border-gray-100 px-4 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-semibold text-gray-900">{m.subject ?? (m.channel === "sms" ? "SMS" : "(no subject)")}</p>
                <p className="text-xs text-gray-600">
                  {m.channel.toUpperCase()} to <span className="font-medium">{m.to}</span> · {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                </p>
              </div>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[m.status] ?? ""}`}>{m.status}</span>
            </div>
            {m.channel === "sms" && (
              // What the operator checks an Indian SMS against (DLT template and header) and what it costs.
              <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 border-b border-gray-100 px-4 py-2 text-xs text-gray-700 sm:grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)]" data-testid="outbox-sms-facts">
                <dt className="text-gray-500">Channel</dt>
                <dd>SMS</dd>
                <dt className="text-gray-500">Sender ID</dt>
                <dd className="font-mono">{m.sms?.senderId ?? "—"}</dd>
                <dt className="text-gray-500">DLT template</dt>
                <dd className="font-mono break-all">{m.sms?.dltTemplateId ?? "—"}</dd>
                <dt className="text-gray-500">Segments</dt>
                <dd>
                  {m.sms?.segments ?? m.credits ?? "—"}
                  {m.sms?.encoding ? ` · ${encodingLabel(m.sms.encoding)}` : ""}
                </dd>
              </dl>
            )}
            <div className="space-y-3 px-4 py-3">
              {m.links.length > 0 && (
                <ul className="space-y-1">
                  {m.links.map((l) => (
                    <li key={l}>
                      <a href={l} className="break-all text-sm font-medium text-brand-700 underline">
                        {l}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {m.html ? (
                <details>
                  <summary className="cursor-pointer text-sm text-gray-700">Show the rendered email</summary>
                  <iframe title={`Email to ${m.to}`} srcDoc={m.html} sandbox="" className="mt-2 h-96 w-full rounded border border-gray-200" />
                </details>
              ) : null}
              <details open={!m.html}>
                <summary className="cursor-pointer text-sm text-gray-700">Plain text</summary>
                <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-gray-50 p-3 text-xs text-gray-800">{m.text}</pre>
              </details>
            </div>
          </li>
        ))}
      </ol>
    </main>
  );
}
