import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_PGLITE_DIR ?? `.data/e2e-${process.pid}`;
// A loopback stand-in for the Resend API (e2e/fake-resend.mjs), so mail goes through the real Resend driver and
// gets provider ids a spec can sign webhooks for; e2e/messages.spec.ts uses the same port.
const FAKE_RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? PORT + 50);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Custom domains in e2e/domains.spec.ts: names a DNS server on loopback answers for, reached on 127.0.0.1.
        "--host-resolver-rules=MAP portal.example.com 127.0.0.1, MAP unknown.example.com 127.0.0.1",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /\.setup\.ts$/ },
    { name: "e2e", testMatch: /\.spec\.ts$/, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node e2e/fake-resend.mjs",
      url: `http://127.0.0.1:${FAKE_RESEND_PORT}/health`,
      reuseExistingServer: false,
      timeout: 20_000,
      env: { FAKE_RESEND_PORT: String(FAKE_RESEND_PORT) },
    },
    {
      // The same start-up as `npm start` (binding, secret, banner); scripts/e2e.mjs has built the app already.
      command: "node scripts/start.mjs",
      url: `http://localhost:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        SKIP_BUILD: "true",
        APP_URL: `http://localhost:${PORT}`,
        NEXTAUTH_URL: `http://localhost:${PORT}`,
        APP_SECRET: "e2e-secret-not-for-production",
        PORTAL_ROOT_DOMAIN: "localhost",
        PGLITE_DIR: dataDir,
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
        NEXT_TELEMETRY_DISABLED: "1",
        // e2e/client-centre.spec.ts moves the server's clock past the idle limit (lib/clock.ts).
        TEST_CLOCK: "1",
        // e2e/domains.spec.ts runs the DNS server these point at; PORTAL_CNAME_TARGET defaults to cname.localhost.
        DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT ?? 3153}`,
        PORTAL_A_RECORD: "127.0.0.1",
        RESEND_API_KEY: "re_e2e_fake_key",
        RESEND_BASE_URL: `http://127.0.0.1:${FAKE_RESEND_PORT}`,
        // base64 of "e2e-webhook-secret-not-for-production"; e2e/messages.spec.ts signs with the same bytes
        RESEND_WEBHOOK_SECRET: "whsec_ZTJlLXdlYmhvb2stc2VjcmV0LW5vdC1mb3ItcHJvZHVjdGlvbg==",
      },
    },
  ],
});
