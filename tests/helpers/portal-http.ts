// A portal form POST as a browser sends it after proxy.ts routed it: the workspace and host headers, a same-origin
// Origin, and (unless given) a fresh client address per request, so per-IP limits are not what a test measures.
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";

export type Site = { workspaceId: string; host: string };

let ipSeq = 0;
/** A client address no other request of this test run used. */
export const freshIp = () => `10.${100 + Math.floor(++ipSeq / 62500)}.${Math.floor(ipSeq / 250) % 250}.${ipSeq % 250}`;

export function portalPost(site: Site, path: string, fields: Record<string, string>, opts: { cookie?: string; ip?: string } = {}) {
  const headers: Record<string, string> = {
    [WORKSPACE_HEADER]: site.workspaceId,
    [HOST_HEADER]: site.host,
    host: site.host,
    origin: `http://${site.host}`,
    "x-forwarded-for": opts.ip ?? freshIp(),
    "content-type": "application/x-www-form-urlencoded",
  };
  if (opts.cookie) headers.cookie = opts.cookie;
  return new Request(`http://${site.host}${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

/** The cookies a response sets, as `name=value`. */
export const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
