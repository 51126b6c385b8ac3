import QRCode from "qrcode";
import { requireAdmin } from "@/lib/auth/admin-context";
import { isAppError } from "@/lib/errors";
import { portalUrl } from "@/lib/portal/portal-url";

export const dynamic = "force-dynamic";

const statusFor: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, WORKSPACE_NOT_FOUND: 404 };

/** The portal URL as a QR code (SVG by default, `?format=png`), for every member, marketing included. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  let ctx;
  try {
    ctx = await requireAdmin(slug, "marketing");
  } catch (e) {
    if (isAppError(e)) return new Response(e.message, { status: statusFor[e.code] ?? 400 });
    throw e;
  }
  const url = await portalUrl(ctx.db, ctx.workspace);
  const search = new URL(req.url).searchParams;
  const png = search.get("format") === "png";
  const headers: Record<string, string> = { "cache-control": "private, no-store", "x-content-type-options": "nosniff" };
  if (search.has("download")) headers["content-disposition"] = `attachment; filename="${ctx.workspace.slug}-portal-qr.${png ? "png" : "svg"}"`;
  if (png) {
    const buf = await QRCode.toBuffer(url, { type: "png", width: 1024, margin: 2, errorCorrectionLevel: "M" });
    return new Response(new Uint8Array(buf), { headers: { ...headers, "content-type": "image/png" } });
  }
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return new Response(svg, { headers: { ...headers, "content-type": "image/svg+xml" } });
}
