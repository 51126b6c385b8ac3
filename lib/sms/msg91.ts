import "server-only";

/**
 * Our typed MSG91 client (Flow API v5), over fetch. The official `msg91` package hard-codes its hosts and returns
 * `unknown`; this is the one call we need, with MSG91's error codes turned into reasons and a retry decision.
 */

/** One recipient of a Flow request: the number without "+" (91XXXXXXXXXX) and the template's variables by MSG91 name. */
export type Msg91Recipient = { mobiles: string; [variable: string]: string };

export type FlowRequest = { templateId: string; recipients: Msg91Recipient[] };

export type FlowResult =
  | { ok: true; requestId: string }
  | {
      ok: false;
      /** MSG91's error code when it gave one ("207"), else null. */
      code: string | null;
      /** What went wrong, in words an admin can act on (shown as the message's last error). */
      reason: string;
      retryable: boolean;
      retryAfterMs?: number;
      /**
       * True when MSG91 may have taken the request although we got no clear answer (a timeout after the request left,
       * a 5xx, a dropped connection): a retry may then send the SMS twice, MSG91 has no idempotency key.
       */
      maybeSent: boolean;
    };

/** 301: the MSG91 account is out of balance; someone must top it up, so look again in 15 minutes, not in 30 s. */
export const INSUFFICIENT_BALANCE_RETRY_MS = 15 * 60_000;
/** 311: MSG91 refuses the same text to the same number within 10 s; 15 s clears it with a margin. */
export const SAME_TEXT_RETRY_MS = 15_000;

type Known = { reason: string; retryable: boolean; retryAfterMs?: number };

/** MSG91's documented codes (DESIGN.md §10); any other 4xx is a refusal, any 5xx a fault worth retrying. */
const CODES: Record<string, Known> = {
  "203": { reason: "MSG91 refused the sender ID or DLT entity: check that the sender ID and the DLT template are registered to your entity on MSG91.", retryable: false },
  "207": { reason: "MSG91 refused the auth key (MSG91_AUTH_KEY is wrong or was revoked): set a valid key and send again.", retryable: false },
  "301": { reason: "The MSG91 account has insufficient balance: top up the MSG91 account; we try again in 15 minutes.", retryable: true, retryAfterMs: INSUFFICIENT_BALANCE_RETRY_MS },
  "311": { reason: "MSG91 refused the same text to the same number within 10 seconds; we try again shortly.", retryable: true, retryAfterMs: SAME_TEXT_RETRY_MS },
  "418": { reason: "MSG91 refused this server's IP address: whitelist it in MSG91 (API security) or turn IP security off.", retryable: false },
};

export function explainMsg91Error(code: string | null, httpStatus: number | null, message: string | null): Known & { maybeSent: boolean } {
  const said = message ? ` (MSG91: ${message.slice(0, 200)})` : "";
  const known = code ? CODES[code] : undefined;
  if (known) return { ...known, reason: `msg91 ${code}: ${known.reason}${said}`, maybeSent: false };
  if (httpStatus !== null && httpStatus >= 500) {
    return { reason: `msg91 ${httpStatus}: MSG91 had a server error; we try again later${said}.`, retryable: true, maybeSent: true };
  }
  if (httpStatus === 429) return { reason: `msg91 429: too many requests to MSG91; we try again later${said}.`, retryable: true, maybeSent: false };
  const label = code ?? (httpStatus !== null ? String(httpStatus) : "error");
  return { reason: `msg91 ${label}: MSG91 refused the request${said || "."}`, retryable: false, maybeSent: false };
}

/** Errors from fetch that prove nothing left this machine (the connection was never made). */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function causeCode(e: unknown): string | null {
  const cause = (e as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === "string" ? cause.code : null;
}

export function createMsg91Client(o: { authKey: string; baseUrl?: string }) {
  const url = `${(o.baseUrl ?? "https://control.msg91.com").replace(/\/+$/, "")}/api/v5/flow`;
  return {
    /** Sends one Flow request; never throws (a timeout comes back as a retryable failure). */
    async sendFlow(req: FlowRequest, opts: { signal?: AbortSignal } = {}): Promise<FlowResult> {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { authkey: o.authKey, "content-type": "application/json", accept: "application/json" },
          // short_url "0": our links are our own short links (DESIGN.md §10), MSG91 must not rewrite them.
          body: JSON.stringify({ template_id: req.templateId, short_url: "0", recipients: req.recipients }),
          signal: opts.signal,
        });
      } catch (e) {
        const code = causeCode(e);
        if (opts.signal?.aborted || (e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError") {
          return { ok: false, code: null, reason: "msg91 timeout: MSG91 did not answer in time; we try again later.", retryable: true, maybeSent: true };
        }
        const notSent = code !== null && NOT_CONNECTED.has(code);
        return {
          ok: false,
          code: null,
          reason: `msg91 network: could not reach MSG91 (${code ?? (e as Error)?.message ?? "connection error"}); we try again later.`,
          retryable: true,
          maybeSent: !notSent,
        };
      }
      let body: unknown = null;
      try {
        body = JSON.parse(await res.text());
      } catch {
        if (opts.signal?.aborted) return { ok: false, code: null, reason: "msg91 timeout: MSG91 did not finish its answer in time; we try again later.", retryable: true, maybeSent: true };
        body = null;
      }
      const b = (body && typeof body === "object" ? body : {}) as { type?: unknown; message?: unknown; code?: unknown };
      const message = typeof b.message === "string" ? b.message : null;
      if (res.ok && b.type === "success" && message) return { ok: true, requestId: message };
      const code = typeof b.code === "string" || typeof b.code === "number" ? String(b.code) : null;
      // A 2xx that is neither success nor error cannot be read: MSG91 may have taken it, so it is retried as unknown.
      if (res.ok && b.type !== "error") {
        return { ok: false, code: null, reason: `msg91 ${res.status}: MSG91 gave an answer we could not read; we try again later.`, retryable: true, maybeSent: true };
      }
      const e = explainMsg91Error(code, res.ok ? null : res.status, message);
      return { ok: false, code, ...e };
    },
  };
}

export type Msg91Client = ReturnType<typeof createMsg91Client>;
