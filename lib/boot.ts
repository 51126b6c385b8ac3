import "server-only";
import { startChangeListener } from "@/lib/changes/on-change";
import { getHandles } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { env } from "@/lib/env";
import { startKicker, startWorker } from "@/lib/jobs/boss";

const g = globalThis as unknown as { __booted?: Promise<void> };
const BOOT_LOCK = 0x706f7274; // any constant shared by every instance of this app

/**
 * Server start-up: migrate, seed the demo workspace into an empty database, listen for other instances' changes,
 * start the outbox worker. Once.
 */
export function boot(): Promise<void> {
  g.__booted ??= (async () => {
    const h = getHandles();
    // Several instances starting against one Postgres take turns, so they neither migrate nor seed twice.
    const conn = h.sql ? await h.sql.reserve() : null;
    try {
      if (conn) await conn`select pg_advisory_lock(${BOOT_LOCK})`;
      await migrate(h.db, h.kind);
      if (env.seedDemo && (await seedDemoIfEmpty(h.db))) console.log("[boot] seeded the demo workspace 'acme'");
    } finally {
      if (conn) {
        await conn`select pg_advisory_unlock(${BOOT_LOCK})`;
        conn.release();
      }
    }
    startChangeListener();
    if (!env.resendApiKey && !env.devOutboxEnabled) {
      console.warn(
        "[boot] WARNING: no email provider is configured (RESEND_API_KEY) and the dev outbox is off for this APP_URL: " +
          "sign-in and invitation emails will not reach anyone. Set RESEND_API_KEY.",
      );
    }
    if (env.inProcessWorker) await startWorker({ db: h.db, pglite: h.pglite, databaseUrl: env.databaseUrl });
    else if (env.databaseUrl) await startKicker(env.databaseUrl);
  })();
  return g.__booted;
}
