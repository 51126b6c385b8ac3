import "server-only";
import type { messages } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { createMsg91Driver } from "@/lib/sms/msg91-driver";
import { createResendDriver } from "./email/resend";

export type MessageRow = typeof messages.$inferSelect;

export type SendResult =
  | { id: string; ok: true; providerId: string | null }
  | { id: string; ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/**
 * One provider request: its idempotency key is fixed when the request is first claimed and repeated on every retry
 * (a driver must send exactly the same request for the same key); the signal aborts a provider that does not answer.
 */
export type SendRequest = { key: string; signal?: AbortSignal };

/**
 * A provider for one channel. `send` gets up to `batchSize` messages and answers for each of them. `minGapMs` is the
 * least time between two requests to the provider, kept by all workers together (lib/jobs/pace-provider.ts).
 */
export interface Driver {
  name: string;
  batchSize: number;
  minGapMs?: number;
  /** Anything slow to do once (loading a client), awaited before the first paced request. */
  ready?(): Promise<void>;
  send(batch: MessageRow[], request: SendRequest): Promise<SendResult[]>;
}

/** Dev default: nothing leaves the machine; the messages stay readable at /dev/outbox. */
export const outboxDriver: Driver = {
  name: "outbox",
  batchSize: 500,
  async send(batch) {
    return batch.map((m) => ({ id: m.id, ok: true as const, providerId: null }));
  },
};

export type Drivers = { email: Driver; sms: Driver };

/** Chosen from the environment: Resend when RESEND_API_KEY is set, MSG91 when MSG91_AUTH_KEY is; else the dev outbox. */
export function driversFromEnv(): Drivers {
  return {
    email: env.resendApiKey ? createResendDriver({ apiKey: env.resendApiKey, baseUrl: env.resendBaseUrl, from: env.emailFrom }) : outboxDriver,
    sms: env.msg91AuthKey ? createMsg91Driver({ authKey: env.msg91AuthKey, baseUrl: env.msg91BaseUrl }) : outboxDriver,
  };
}
