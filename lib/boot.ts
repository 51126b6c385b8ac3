import "server-only";
import { getHandles } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/boss";

const g = globalThis as unknown as { __booted?: Promise<void> };

/** Server start-up: migrate, seed the demo workspace into an empty database, start the outbox worker. Once. */
export function boot(): Promise<void> {
  g.__booted ??= (async () => {
    const h = getHandles();
    await migrate(h.db, h.kind);
    if (env.seedDemo && (await seedDemoIfEmpty(h.db))) console.log("[boot] seeded the demo workspace 'acme'");
    if (env.inProcessWorker) await startWorker({ db: h.db, pglite: h.pglite, databaseUrl: env.databaseUrl });
  })();
  return g.__booted;
}
