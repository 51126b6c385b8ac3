import QRCode from "qrcode";
import { adminRoute } from "@/lib/actions/admin-route";
import { portalUrl } from "@/lib/portal/portal-url";

export const dynamic = "force-dynamic";


/** The portal URL as a QR code (SVG by default, `?format=png`), for every member, marketing included. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminRoute(slug, "marketing");
  if (ctx instanceof Response) return ctx;
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
