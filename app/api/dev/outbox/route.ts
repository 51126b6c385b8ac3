import { getDb } from "@/lib/db";
import { listDevOutbox } from "@/lib/messaging/list-dev-outbox";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** /dev/outbox?format=json (rewritten here by proxy.ts): every message the app "sent", newest first. */
export async function GET(req: Request) {
  if (!env.devOutboxEnabled) return new Response("Not found", { status: 404 });
  const url = new URL(req.url);
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit")) || 100));
  const rows = await listDevOutbox(getDb(), { limit, to: url.searchParams.get("to") ?? undefined });
  return Response.json(rows, { headers: { "cache-control": "no-store" } });
}
