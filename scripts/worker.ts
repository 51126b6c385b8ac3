// `npm run worker`: the outbox worker as its own process, for scale-out against a Postgres server.
import { openDatabase } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/boss";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("npm run worker needs DATABASE_URL: with the embedded database the worker runs inside the server (PGlite allows one process).");
  process.exit(1);
}
async function main(databaseUrl: string) {
  const h = openDatabase({ url: databaseUrl });
  const worker = await startWorker({ db: h.db, databaseUrl });
  console.log("[worker] delivering the outbox; Ctrl+C to stop");
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, async () => {
      await worker.stop({ timeout: 10_000 });
      await h.sql?.end();
      process.exit(0);
    });
  }
}

main(url).catch((e) => {
  console.error(e);
  process.exit(1);
});
