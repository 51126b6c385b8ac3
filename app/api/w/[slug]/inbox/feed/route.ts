import { adminRoute } from "@/lib/actions/admin-route";
import { contextFor } from "@/lib/auth/admin-context";
import { sseResponse } from "@/lib/conversations/event-stream";

export const dynamic = "force-dynamic";

/** "Something changed" for the inbox list: one event per changed conversation of this workspace; the page re-renders. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  return sseResponse(request, {
    key: { workspaceId: ctx.workspace.id },
    pump: async (send, reason) => {
      if (reason === "start") return true;
      try {
        await contextFor(ctx.db, ctx.user, ctx.workspace.slug, "admin");
      } catch {
        return false;
      }
      if (reason === "wake") send({ event: "changed", data: {} });
      return true;
    },
  });
}
