// `npm run bench`, delivery part: 10,000 login emails through a healthy fake Resend that keeps the real API's limit
// (2 requests a second, 100 emails a request, so at most 200 emails a second), delivered by the real deliverer with
// its shared pace. Reports emails a second and the share of the provider's ceiling (goal ≥ 90%), and checks that the
// provider never saw more than 2 requests in a second.
import { performance } from "node:perf_hooks";
import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { messages } from "@/lib/db/schema";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { outboxDriver } from "@/lib/messaging/drivers";
import { createResendDriver } from "@/lib/messaging/email/resend";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { startFakeResend } from "../tests/helpers/fake-resend";

const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
const CEILING = 200; // emails a second: 2 requests × 100 emails
const GOAL = 0.9;

type Open = () => Promise<{ db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> }>;

export async function deliveryBench(open: Open) {
  process.env.APP_SECRET ??= randomBytes(32).toString("hex"); // bodies are sealed in the outbox; a throwaway key
  const { db, kind, close } = await open();
  const resend = await startFakeResend({ rateLimit: 2 });
  try {
    const batchId = randomUUID();
    const html = `<p>Hello,</p><p>Open your client portal: <a href="https://acme.portal.example/l/${"x".repeat(43)}">Sign in</a></p>${"<p>Lorem ipsum dolor sit amet.</p>".repeat(40)}`;
    for (let i = 0; i < EMAILS; i += 1000) {
      await enqueueMessages(
        db,
        Array.from({ length: Math.min(1000, EMAILS - i) }, (_, j) => ({
          workspaceId: null,
          channel: "email" as const,
          to: `client${i + j}@example.test`,
          subject: "Your sign-in link for Acme",
          text: `Hello,\n\nOpen your client portal: https://acme.portal.example/l/${"x".repeat(43)}\n`,
          html,
          template: "portal.login_email",
          batchId,
        })),
      );
    }
    const drivers = { email: createResendDriver({ apiKey: "re_bench", baseUrl: resend.url, from: "Acme <hello@acme.example>" }), sms: outboxDriver };
    console.log(`\nDelivering ${EMAILS.toLocaleString()} login emails through a fake Resend at 2 requests/s (${kind})…`);
    const t0 = performance.now();
    const report = await deliverDue(db, drivers, { budgetMs: 30 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    const [{ sent }] = await db.select({ sent: sql<number>`count(*)::int` }).from(messages).where(eq(messages.status, "sent"));
    const perSecond = EMAILS / seconds;
    const share = perSecond / CEILING;
    const gaps = resend.calls.slice(1).map((c, i) => c.at - resend.calls[i].at);
    console.log(`Delivery of ${EMAILS.toLocaleString()} login emails (${kind})\n`);
    console.log(`  sent                       ${report.sent.toLocaleString()} (${sent.toLocaleString()} rows marked sent)`);
    console.log(`  requests                   ${resend.calls.length} (429s: ${resend.rateLimited()})`);
    console.log(`  time                       ${seconds.toFixed(1)} s`);
    console.log(`  emails/s                   ${perSecond.toFixed(1)}`);
    console.log(`  share of the 200/s ceiling ${(share * 100).toFixed(1)}%  (goal ≥ ${GOAL * 100}%: ${share >= GOAL ? "yes" : "NO"})`);
    console.log(`  most requests in any 1 s   ${resend.mostInWindow(1000)} (limit 2); smallest gap ${Math.min(...gaps)} ms`);
    if (report.sent !== EMAILS || resend.rateLimited() > 0 || resend.mostInWindow(1000) > 2 || share < GOAL) process.exitCode = 1;
  } finally {
    await resend.close();
    await close();
  }
}
