import "server-only";
// PLACEHOLDER until the sms part lands (replaced wholesale at merge).
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SmsTemplateKind, SmsValues } from "./sms-templates";

export async function enqueueSms(
  _tx: Tx,
  _p: { workspaceId: string; kind: SmsTemplateKind; batchId?: string; messages: { to: string; values: SmsValues; meta?: Record<string, unknown> }[] },
): Promise<{ id: string }[]> {
  throw new AppError("SMS_TEMPLATE_NOT_READY");
}
