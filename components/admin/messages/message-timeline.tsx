import type { MessageEventRow } from "@/lib/db/queries/messages";
import { eventLabel, eventTone, providerLabel, SMS_FINAL_EVENTS } from "./labels";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const FINAL = new Set(["email.bounced", "email.complained", "email.failed", "email.suppressed"]);

export type TimelineItem = { key: string; at: Date; label: string; detail?: string | null; tone: string; code?: string };

/** Our own milestones (queued, sent, delivered) merged with what the provider reported, oldest first. */
export function timelineOf(m: { createdAt: Date; sentAt: Date | null; provider: string | null; status?: string }, events: MessageEventRow[]): TimelineItem[] {
  const items: TimelineItem[] = [{ key: "queued", at: m.createdAt, label: "Queued", tone: "bg-gray-400" }];
  if (m.sentAt) items.push({ key: "sent", at: m.sentAt, label: m.provider === "outbox" ? "Kept in the dev outbox (no provider)" : `Handed to ${providerLabel(m.provider) ?? "the provider"}`, tone: "bg-sky-500" });
  let outcome: string | null = null; // a bounce, complaint or failure is final: later good news does not undo it
  for (const e of events) {
    // An SMS's delivered and failed reports are both final: whichever arrived first stands, which the status tells.
    if (SMS_FINAL_EVENTS.has(e.type) && (m.status === "delivered" || m.status === "failed") && (e.type === "sms.delivered") !== (m.status === "delivered")) {
      const detail = `Reported after the message was already ${m.status}, so the status stayed as it was.${e.detail ? ` ${e.detail}` : ""}`;
      items.push({ key: e.id, at: e.occurredAt, label: eventLabel(e.type), detail, tone: eventTone(e.type), code: e.type });
      continue;
    }
    const late = outcome && (e.type === "email.delivered" || e.type === "email.sent");
    const detail = late ? `Reported after “${outcome}”, so the status stayed as it was.` : e.detail;
    items.push({ key: e.id, at: e.occurredAt, label: eventLabel(e.type), detail, tone: eventTone(e.type), code: e.type });
    if (FINAL.has(e.type)) outcome ??= eventLabel(e.type);
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function MessageTimeline({ items }: { items: TimelineItem[] }) {
  return (
    <ol className="relative space-y-4 border-l border-gray-200 pl-5" aria-label="Message timeline, oldest first">
      {items.map((i) => (
        <li key={i.key} className="relative" data-testid="timeline-item">
          <span aria-hidden className={`absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full ring-4 ring-white ${i.tone}`} />
          <p className="text-sm font-medium text-gray-900">
            {i.label}
            {i.code && <span className="ml-2 font-mono text-xs font-normal text-gray-500">{i.code}</span>}
          </p>
          <p className="text-xs text-gray-500">
            <time dateTime={i.at.toISOString()}>{when.format(i.at)} UTC</time>
          </p>
          {i.detail && <p className="mt-1 text-sm text-gray-700">{i.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
