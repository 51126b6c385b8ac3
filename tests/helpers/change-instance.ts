// A second app instance for tests/changes.test.ts, in its own process: it opens DATABASE_URL, listens for changes
// as the app does at boot, and for each hostname on stdin answers on stdout what its (cached) resolveWorkspace says.
import { createInterface } from "node:readline";
import { changeListenerReady, startChangeListener } from "@/lib/changes/on-change";
import { classifyHost } from "@/lib/tenancy/host";
import { resolveWorkspace } from "@/lib/tenancy/resolve";

startChangeListener();
const lines = createInterface({ input: process.stdin });
lines.on("line", async (host) => {
  const h = classifyHost(host, process.env.APP_URL!, process.env.PORTAL_ROOT_DOMAIN!);
  const hit = h.kind === "subdomain" || h.kind === "custom" ? await resolveWorkspace(h) : null;
  process.stdout.write(`${JSON.stringify({ host, id: hit?.id ?? null })}\n`);
});
// Ready once it listens: the "all" a new listener delivers clears the cache, and a lookup under way when it comes is
// (rightly) not cached, which would make the first answers here look uncached.
void changeListenerReady().then(() => setTimeout(() => process.stdout.write("ready\n"), 100));
