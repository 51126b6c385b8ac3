/**
 * What an SMS row's `meta.sms` says about how it goes out, without its sealed variables: for the screens that show an
 * SMS (the Messages page, the dev outbox). Pure, so server and client code can both read it.
 */
export type SmsFacts = {
  kind: string | null;
  dltTemplateId: string | null;
  senderId: string | null;
  msg91TemplateId: string | null;
  segments: number | null;
  encoding: "gsm7" | "ucs2" | null;
};

const str = (v: unknown) => (typeof v === "string" && v ? v : null);

export function smsFactsOf(meta: unknown): SmsFacts | null {
  const sms = (meta as { sms?: unknown } | null)?.sms ?? meta;
  if (!sms || typeof sms !== "object") return null;
  const s = sms as Record<string, unknown>;
  if (!("dltTemplateId" in s) && !("msg91TemplateId" in s) && !("senderId" in s)) return null;
  return {
    kind: str(s.kind),
    dltTemplateId: str(s.dltTemplateId),
    senderId: str(s.senderId),
    msg91TemplateId: str(s.msg91TemplateId),
    segments: typeof s.segments === "number" && Number.isFinite(s.segments) ? s.segments : null,
    encoding: s.encoding === "gsm7" || s.encoding === "ucs2" ? s.encoding : null,
  };
}

export const encodingLabel = (e: SmsFacts["encoding"]) => (e === "ucs2" ? "Unicode (UCS-2)" : e === "gsm7" ? "GSM-7" : null);
