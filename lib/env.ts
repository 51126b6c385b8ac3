import "server-only";
import { portalOrigin } from "@/lib/public-origin.mjs";

/** Every setting the app reads, with its default, in one place (the README's configuration table mirrors this). */
export const env = {
  get appUrl() {
    return (process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
  },
  get portalRootDomain() {
    return (process.env.PORTAL_ROOT_DOMAIN ?? "localhost").toLowerCase();
  },
  /**
   * A portal hostname's public origin: PORTAL_PUBLIC_SCHEME and PORTAL_PUBLIC_PORT when a proxy serves portals on
   * another scheme or port than APP_URL's, else APP_URL's. (TRUSTED_PROXIES is read by scripts/server.mjs.)
   */
  portalOrigin(hostname: string) {
    return portalOrigin(hostname, process.env);
  },
  /** What a custom subdomain's CNAME must point at (the load balancer's name). */
  get portalCnameTarget() {
    return (process.env.PORTAL_CNAME_TARGET ?? `cname.${this.portalRootDomain}`).toLowerCase().replace(/\.$/, "");
  },
  /** The IPv4 addresses an apex domain's A records must point at; without any, apex domains cannot be added. */
  get portalARecords(): string[] {
    return (process.env.PORTAL_A_RECORD ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  },
  get databaseUrl() {
    return process.env.DATABASE_URL || undefined;
  },
  /** Postgres: queries as named prepared statements (lib/db/client.ts) unless DATABASE_PREPARE=false. */
  get databasePrepare() {
    return process.env.DATABASE_PREPARE !== "false";
  },
  /** A Redis server (`redis://[user:pass@]host:6379[/db]`) for the rate limits and sign-in cooldowns; unset: Postgres keeps them. */
  get redisUrl() {
    return process.env.REDIS_URL || undefined;
  },
  get pgliteDir() {
    return process.env.PGLITE_DIR ?? ".data/pglite";
  },
  get secret() {
    const s = process.env.APP_SECRET ?? process.env.NEXTAUTH_SECRET;
    if (!s) throw new Error("APP_SECRET is not set (npm start generates one into .data/ for local use)");
    return s;
  },
  get resendApiKey() {
    return process.env.RESEND_API_KEY || undefined;
  },
  get resendBaseUrl() {
    return process.env.RESEND_BASE_URL || undefined;
  },
  /** The sender of platform mail (admin sign-in, member invitations). */
  get emailFrom() {
    return process.env.EMAIL_FROM ?? "Client Portal <no-reply@portal.localhost>";
  },
  /** The signing secret Resend shows for our webhook endpoint (`whsec_…`); without it the endpoint refuses events. */
  get resendWebhookSecret() {
    return process.env.RESEND_WEBHOOK_SECRET || undefined;
  },
  get msg91AuthKey() {
    return process.env.MSG91_AUTH_KEY || undefined;
  },
  get msg91BaseUrl() {
    return process.env.MSG91_BASE_URL || "https://control.msg91.com";
  },
  /** The secret path segment of MSG91's delivery-report webhook (/api/webhooks/msg91/<secret>); unset: the endpoint is off. */
  get msg91WebhookSecret() {
    return process.env.MSG91_WEBHOOK_SECRET || undefined;
  },
  /** Runs the outbox worker inside the web server (default); set to "false" when `npm run worker` runs separately. */
  get inProcessWorker() {
    return process.env.RUN_WORKER !== "false";
  },
  /** The Acme demo goes into an empty database on a local install; a public one gets it only when asked. */
  get seedDemo() {
    if (process.env.SEED_DEMO) return process.env.SEED_DEMO === "true";
    return isLoopback(new URL(this.appUrl).hostname);
  },
  /**
   * The dev outbox exposes every message (sign-in links included), so it is on only when explicitly asked for or
   * when the app host is loopback. `next start` sets NODE_ENV=production even for the local demo, so NODE_ENV
   * cannot decide this.
   */
  get devOutboxEnabled() {
    if (process.env.DEV_OUTBOX === "false") return false;
    if (process.env.DEV_OUTBOX === "true") return true;
    return isLoopback(new URL(this.appUrl).hostname);
  },
};

export function isLoopback(hostname: string) {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" || hostname.endsWith(".localhost");
}
