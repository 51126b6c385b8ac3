import { z } from "zod";
import { apiRoute, json } from "@/lib/api/api-route";
import { AppError } from "@/lib/errors";
import { copyMagicLink } from "@/lib/portal/magic-link";

export const dynamic = "force-dynamic";

const portalUserId = z.uuid();

// The portal user's current magic link (the one workflow emails embed), issued if they have none; never replaced.
export const GET = apiRoute<{ id: string }>(async (ctx, _req, { id }) => {
  if (!portalUserId.safeParse(id).success) throw new AppError("NOT_FOUND");
  const link = await copyMagicLink(ctx, { portalUserId: id });
  return json({ data: { portalUserId: id, url: link.url, expiresAt: link.expiresAt, created: link.created } });
});
