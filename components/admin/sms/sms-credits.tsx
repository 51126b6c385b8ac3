import Link from "next/link";
import { topUpSmsCreditsFormAction } from "@/app/(admin)/w/[slug]/settings/sms/credits-actions";
import { Alert, Card } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { getDb } from "@/lib/db";
import { decodeLedgerCursor, getSmsCreditSummary, listSmsCreditLedger, type SmsLedgerEntry } from "@/lib/db/queries/sms-credits";
import type { Role } from "@/lib/db/schema";
import { SmsCreditsTopUp } from "./sms-credits-top-up";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const n = (v: number) => v.toLocaleString("en-IN");

const REASONS: Record<string, string> = { top_up: "Top-up", reserve: "Reserved for an SMS", settle: "Settled from the delivery report", refund: "Refunded (not delivered)" };

/** The query parameter that holds the ledger's page (a keyset cursor), so the settings page's own parameters stay free. */
export const LEDGER_PARAM = "ledger";

/**
 * SMS credits on the SMS settings page: the balance (with a warning under the workspace's low-balance mark), today's
 * SMS against the daily cap, the owner's top-up form (works before JavaScript loads) and the ledger, newest first,
 * page by page (cards on a phone, a table from `lg`). Give it the page's `?ledger=` value as `ledgerAfter`.
 */
export async function SmsCredits({ workspaceSlug, workspaceId, role, ledgerAfter }: { workspaceSlug: string; workspaceId: string; role: Role; ledgerAfter?: string | null }) {
  const db = getDb();
  const after = decodeLedgerCursor(ledgerAfter ?? null);
  const [summary, page] = await Promise.all([getSmsCreditSummary(db, { workspaceId }), listSmsCreditLedger(db, { workspaceId, after, limit: 25 })]);
  const base = `/w/${workspaceSlug}/settings/sms`;
  const capReached = summary.sentToday >= summary.dailyCap;
  return (
    <div id="sms-credits" className="space-y-6">
      <Card title="SMS credits" description="One credit is one SMS part (segment). Each SMS reserves its credits when it is queued; the delivery report settles them, and an SMS that is not delivered gets them back.">
        <div className="space-y-4">
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <div className="rounded-md bg-gray-50 px-4 py-3 ring-1 ring-gray-200 ring-inset">
              <dt className="text-xs font-medium tracking-wide text-gray-500 uppercase">Balance</dt>
              <dd className={`mt-1 text-2xl font-semibold tabular-nums ${summary.low ? "text-amber-700" : "text-gray-900"}`} data-testid="sms-credit-balance">
                {n(summary.balance)}
              </dd>
            </div>
            <div className="rounded-md bg-gray-50 px-4 py-3 ring-1 ring-gray-200 ring-inset">
              <dt className="text-xs font-medium tracking-wide text-gray-500 uppercase">SMS today (UTC)</dt>
              <dd className="mt-1 text-2xl font-semibold text-gray-900 tabular-nums" data-testid="sms-sent-today">
                {n(summary.sentToday)} <span className="text-base font-normal text-gray-500">of {n(summary.dailyCap)} a day</span>
              </dd>
            </div>
          </dl>
          {summary.low && (
            <Alert tone="warning">
              {summary.balance === 0 ? "There are no SMS credits left" : `Only ${n(summary.balance)} SMS credit${summary.balance === 1 ? "" : "s"} left`} (the warning shows under{" "}
              {n(summary.lowBalance)}). Sign-in codes and invitations by SMS are refused when credits run out.{" "}
              {role === "owner" ? "Add credits below." : "Ask an owner of this workspace to add credits."}
            </Alert>
          )}
          {capReached && <Alert tone="warning">Today&apos;s SMS cap is reached: no more SMS go out until midnight UTC.</Alert>}
          {role === "owner" ? (
            <SmsCreditsTopUp slug={workspaceSlug} action={topUpSmsCreditsFormAction} />
          ) : (
            <p className="text-sm text-gray-600">Only owners can add credits.</p>
          )}
        </div>
      </Card>
      <Card title="Credit ledger" description="Every change to the balance, newest first. Times are in UTC.">
        {page.entries.length === 0 ? (
          <p className="text-sm text-gray-600">No credits yet.{role === "owner" ? " Add some above to start sending SMS." : ""}</p>
        ) : (
          <Ledger entries={page.entries} slug={workspaceSlug} />
        )}
        <OlderPager
          label="Credit ledger pages"
          newestHref={after ? `${base}#sms-credits` : null}
          olderHref={page.nextCursor ? `${base}?${LEDGER_PARAM}=${page.nextCursor}#sms-credits` : null}
          olderLabel="Older entries"
        />
      </Card>
    </div>
  );
}

function Delta({ value }: { value: number }) {
  return <span className={`font-medium tabular-nums ${value > 0 ? "text-green-700" : value < 0 ? "text-gray-900" : "text-gray-500"}`}>{value > 0 ? `+${n(value)}` : n(value)}</span>;
}

function Details({ e, slug }: { e: SmsLedgerEntry; slug: string }) {
  return (
    <>
      {e.note && <span className="block break-words text-gray-800">{e.note}</span>}
      {e.actorEmail && <span className="block truncate text-xs text-gray-500">by {e.actorEmail}</span>}
      {e.messageId && (
        <Link href={`/w/${slug}/messages/${e.messageId}`} className="text-xs text-brand-700 hover:underline">
          View the SMS
        </Link>
      )}
    </>
  );
}

function Ledger({ entries, slug }: { entries: SmsLedgerEntry[]; slug: string }) {
  return (
    <>
      <ul className="-mx-5 divide-y divide-gray-100 lg:hidden" aria-label="Credit ledger, newest first">
        {entries.map((e) => (
          <li key={e.id} className="space-y-1 px-5 py-3 text-sm">
            <div className="flex items-center justify-between gap-3">
              <span className="font-medium text-gray-900">{REASONS[e.reason] ?? e.reason}</span>
              <Delta value={e.delta} />
            </div>
            <Details e={e} slug={slug} />
            <p className="text-xs text-gray-500">
              <time dateTime={e.createdAt.toISOString()}>{when.format(e.createdAt)} UTC</time> · balance {n(e.balanceAfter)}
            </p>
          </li>
        ))}
      </ul>
      <div className="-mx-5 hidden lg:block">
        <table className="w-full table-fixed text-left text-sm">
          <caption className="sr-only">Credit ledger, newest first. Times are in UTC.</caption>
          <thead className="border-b border-gray-100 text-xs font-medium tracking-wide text-gray-500 uppercase">
            <tr>
              <th scope="col" className="w-44 px-5 py-2">
                When (UTC)
              </th>
              <th scope="col" className="w-56 px-3 py-2">
                What
              </th>
              <th scope="col" className="px-3 py-2">
                Details
              </th>
              <th scope="col" className="w-24 px-3 py-2 text-right">
                Change
              </th>
              <th scope="col" className="w-28 px-5 py-2 text-right">
                Balance
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {entries.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="px-5 py-2.5 whitespace-nowrap text-gray-700">
                  <time dateTime={e.createdAt.toISOString()}>{when.format(e.createdAt)}</time>
                </td>
                <td className="px-3 py-2.5 text-gray-900">{REASONS[e.reason] ?? e.reason}</td>
                <td className="min-w-0 px-3 py-2.5">
                  <Details e={e} slug={slug} />
                </td>
                <td className="px-3 py-2.5 text-right">
                  <Delta value={e.delta} />
                </td>
                <td className="px-5 py-2.5 text-right text-gray-700 tabular-nums">{n(e.balanceAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
