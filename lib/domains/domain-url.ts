import "server-only";
import { env } from "@/lib/env";

/**
 * The URL of a portal on one of its hostnames, with the app's scheme and port: https and no port in production
 * (Caddy terminates TLS on 443), the local scheme and port in development and tests.
 */
export function hostUrl(hostname: string): string {
  const app = new URL(env.appUrl);
  return `${app.protocol}//${hostname}${app.port ? `:${app.port}` : ""}`;
}
