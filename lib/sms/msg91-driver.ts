import "server-only";
import type { Driver, MessageRow, SendResult } from "@/lib/messaging/drivers";
import { openBody } from "@/lib/messaging/sealed-body";
import { createMsg91Client, type Msg91Recipient } from "./msg91";

/** What enqueueSms puts in `meta.sms` (docs/ARCHITECTURE.md, "MSG91 and SMS credits"). */
export type SmsMeta = {
  kind?: string;
  dltTemplateId?: string;
  senderId?: string;
  msg91TemplateId?: string;
  segments?: number;
  encoding?: "gsm7" | "ucs2";
  /** sealBody(JSON.stringify(Record<msg91VarName, value>)) */
  vars?: string;
};

export function smsMetaOf(m: Pick<MessageRow, "meta">): SmsMeta | null {
  const sms = (m.meta as { sms?: unknown } | null)?.sms;
  return sms && typeof sms === "object" ? (sms as SmsMeta) : null;
}

type Prepared = { ok: true; templateId: string; recipient: Msg91Recipient } | { ok: false; error: string };

/** One outbox row as a Flow recipient, or why it cannot be sent (a row enqueueSms did not write): never retried. */
function prepare(m: MessageRow): Prepared {
  const sms = smsMetaOf(m);
  if (!sms?.msg91TemplateId) return { ok: false, error: "msg91: this SMS has no MSG91 template id (map the SMS template to one in Settings → SMS and send it again)." };
  if (!/^\+[1-9]\d{7,14}$/.test(m.to)) return { ok: false, error: `msg91: "${m.to}" is not a mobile number in international form (+91…).` };
  let vars: Record<string, unknown> = {};
  try {
    vars = sms.vars ? (JSON.parse(openBody(sms.vars)) as Record<string, unknown>) : {};
  } catch {
    return { ok: false, error: "msg91: this SMS's variables could not be read (sealed under another APP_SECRET?); send it again." };
  }
  const recipient: Msg91Recipient = { mobiles: m.to.slice(1) };
  for (const [k, v] of Object.entries(vars ?? {})) {
    if (k === "mobiles" || typeof v !== "string") continue;
    recipient[k] = v;
  }
  return { ok: true, templateId: sms.msg91TemplateId, recipient };
}

type Options = { authKey: string; baseUrl?: string; requestsPerSecond?: number };

/**
 * SMS through MSG91's Flow API. A Flow request carries one MSG91 template and up to 100 recipients with their own
 * variables, so the deliverer's request (≤100 messages, fixed members) goes out as one Flow call per template, in a
 * fixed order; every message of a call gets its request id as providerId, which delivery reports carry back with
 * the number.
 *
 * MSG91 has no idempotency key, so what the deliverer's key guarantees for Resend we can only approach:
 * - an answer that says "not taken" (MSG91's error codes, other 4xx, a connection that was never made) is safe to
 *   repeat and is never ambiguous;
 * - an answer that may hide an accepted request (a timeout, a 5xx, a connection dropped mid-way) is retried, since a
 *   lost sign-in code or invitation is worse than a rare second copy, but after the deliverer's backoff and under the
 *   same key with the same members, so one request repeats, never a fresh batch around it;
 * - if such a repeat is refused with 311 ("same text to the same number within 10 s"), the first attempt went out:
 *   the messages are marked sent (id unknown) instead of waiting and sending a copy.
 */
export function createMsg91Driver(o: Options): Driver {
  const client = createMsg91Client({ authKey: o.authKey, baseUrl: o.baseUrl });
  // Flow calls (request key + template) whose last attempt may have been taken by MSG91. In-process only: it sharpens
  // the 311 reading for repeats from this process, nothing depends on it.
  const uncertain = new Set<string>();
  return {
    name: "msg91",
    batchSize: 100,
    // MSG91 publishes no hard request rate for Flow; 10 a second keeps bulk sends well under what accounts are given.
    minGapMs: Math.ceil(1000 / (o.requestsPerSecond ?? 10)),
    async send(batch, request) {
      const results: SendResult[] = [];
      const groups = new Map<string, { ids: string[]; recipients: Msg91Recipient[] }>();
      for (const m of batch) {
        const p = prepare(m);
        if (!p.ok) {
          results.push({ id: m.id, ok: false, retryable: false, error: p.error });
          continue;
        }
        const g = groups.get(p.templateId) ?? { ids: [], recipients: [] };
        g.ids.push(m.id);
        g.recipients.push(p.recipient);
        groups.set(p.templateId, g);
      }
      for (const [templateId, g] of groups) {
        const callKey = `${request.key}:${templateId}`;
        if (request.signal?.aborted) {
          for (const id of g.ids) results.push({ id, ok: false, retryable: true, error: "msg91 timeout: no time was left to send this request; we try again later." });
          continue;
        }
        const r = await client.sendFlow({ templateId, recipients: g.recipients }, { signal: request.signal });
        if (r.ok) {
          uncertain.delete(callKey);
          for (const id of g.ids) results.push({ id, ok: true, providerId: r.requestId });
          continue;
        }
        if (r.code === "311" && uncertain.has(callKey)) {
          uncertain.delete(callKey);
          for (const id of g.ids) results.push({ id, ok: true, providerId: null });
          continue;
        }
        if (r.maybeSent) uncertain.add(callKey);
        else uncertain.delete(callKey);
        for (const id of g.ids) results.push({ id, ok: false, retryable: r.retryable, error: r.reason, retryAfterMs: r.retryAfterMs });
      }
      return results;
    },
  };
}
