import "server-only";
import { env } from "@/lib/env";

/**
 * The URL of a portal on one of its hostnames, on the portals' public scheme and port (`PORTAL_PUBLIC_SCHEME`,
 * `PORTAL_PUBLIC_PORT`; by default APP_URL's): https and no port behind Caddy on 443, the local scheme and port in
 * development and tests. Never from a request's Host or the app's own listening port.
 */
export function hostUrl(hostname: string): string {
  return env.portalOrigin(hostname);
}
