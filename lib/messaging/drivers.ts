import "server-only";
import type { messages } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { createResendDriver } from "./email/resend";

export type MessageRow = typeof messages.$inferSelect;

export type SendResult =
  | { id: string; ok: true; providerId: string | null }
  | { id: string; ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/** A provider for one channel. `send` gets up to `batchSize` messages and answers for each of them. */
export interface Driver {
  name: string;
  batchSize: number;
  send(batch: MessageRow[]): Promise<SendResult[]>;
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

/** Chosen from the environment: Resend when RESEND_API_KEY is set, MSG91 when MSG91_AUTH_KEY is (later issue). */
export function driversFromEnv(): Drivers {
  return {
    email: env.resendApiKey ? createResendDriver({ apiKey: env.resendApiKey, baseUrl: env.resendBaseUrl, from: env.emailFrom }) : outboxDriver,
    sms: outboxDriver,
  };
}
