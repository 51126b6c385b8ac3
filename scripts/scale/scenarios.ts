// The four things several instances must get right, each driven through Caddy as clients and admins do. An instance
// is addressed directly only to check what it answers (a session it accepts, a domain it still serves).
import type postgres from "postgres";
import { DEMO } from "@/lib/demo/seed-demo";
import { openRedis } from "@/lib/redis";
import type { startFakeResend } from "@/tests/helpers/fake-resend";
import { crash, isRunning, waitFor, type Proc } from "./cluster";
import { cookiesOf, formFrom, get, postForm, request, type Answer } from "./http";
import { CODE_CLIENT_2, type World } from "./seed";

type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
export type Instance = { name: string; port: number; proc: Proc };
export type Ctx = {
  caddy: number;
  appHost: string;
  portalHost: string;
  customHost: string;
  instances: Instance[];
  world: World;
  fake: FakeResend;
  sql: postgres.Sql;
  worker: () => Proc;
  restartWorker: () => Promise<Proc>;
};

export class Failure extends Error {}
const fail = (msg: string): never => {
  throw new Failure(msg);
};
const brief = (a: Answer) => `${a.status}${a.headers.location ? ` → ${a.headers.location}` : ""} from ${a.servedBy ?? "?"}`;
const other = (c: Ctx, name: string | null) => c.instances.find((i) => i.name !== name)!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const recipients = (e: { to: string | string[] }) => ([] as string[]).concat(e.to);

/** The sign-in code emailed to `to` after `since` (the fake's delivered list index), as the client reads it. */
async function codeFor(c: Ctx, to: string, since: number): Promise<string> {
  const mail = await waitFor(
    `the sign-in code email to ${to}`,
    () => c.fake.delivered.slice(since).find((e) => recipients(e).includes(to) && /is your .* sign-in code/.test(e.subject)),
    20_000,
    100,
  );
  return /^(\d{6}) is your/.exec(mail.subject)?.[1] ?? fail(`no code in the subject "${mail.subject}"`);
}

/** 1. A code asked for through one instance, typed in through the other; both accept the session. */
export async function signInAcrossInstances(c: Ctx): Promise<string> {
  const ip = "10.77.1.1";
  const since = c.fake.delivered.length;
  const asked = await postForm(c.caddy, "/api/portal/sign-in", c.portalHost, { identifier: DEMO.codeClient }, { "x-forwarded-for": ip });
  if (asked.status !== 303 || asked.headers.location !== "/sign-in/check-email") fail(`asking for a code: ${brief(asked)}`);
  const pending = [...cookiesOf(asked)].map(([k, v]) => `${k}=${v}`).join("; ");
  if (!pending) fail("asking for a code set no pending sign-in cookie");
  const code = await codeFor(c, DEMO.codeClient, since);
  // Caddy's round robin alternates, and nothing else goes through it meanwhile: this lands on the other instance.
  const verified = await postForm(c.caddy, "/api/portal/verify-code", c.portalHost, { code }, { cookie: pending, "x-forwarded-for": ip });
  if (verified.status !== 303 || verified.headers.location !== "/") fail(`verifying the code: ${brief(verified)}`);
  if (verified.servedBy === asked.servedBy) fail(`both steps were served by ${asked.servedBy}: Caddy did not alternate, nothing crossed instances`);
  const session = cookiesOf(verified).get("portal_session") ?? fail("verifying set no portal_session cookie");
  for (const i of c.instances) {
    const home = await get(i.port, "/", c.portalHost, { cookie: `portal_session=${session}` });
    if (home.status !== 200 || !home.body.includes("Priya")) fail(`instance ${i.name} does not accept the session: ${brief(home)}`);
  }
  const anonymous = await get(c.instances[0].port, "/", c.portalHost);
  if (anonymous.status === 200 && anonymous.body.includes("Priya")) fail("the portal home shows the client without a session");
  return `code asked on ${asked.servedBy}, verified on ${verified.servedBy}; the session is accepted by ${c.instances.map((i) => i.name).join(" and ")}`;
}

/** 2. A custom domain removed through one instance stops serving on the other within a second. */
export async function domainRemovalReachesOthers(c: Ctx): Promise<string> {
  const served = (port: number) => get(port, "/sign-in", c.customHost);
  // Each instance serves it first, so each has it in its host cache: a cold lookup would prove nothing.
  for (const i of c.instances) {
    const a = await served(i.port);
    if (a.status !== 200) fail(`before the removal, instance ${i.name} does not serve ${c.customHost}: ${brief(a)}`);
  }
  const admin = { cookie: `next-auth.session-token=${c.world.adminSession}` };
  const pagePath = `/w/${DEMO.slug}/settings/domains`;
  const page = await get(c.caddy, pagePath, c.appHost, admin);
  if (page.status !== 200) fail(`the Domains page: ${brief(page)}`);
  const form = (await formFrom(page.body, [`value="${c.world.domainId}"`, "Remove domain"])) ?? fail("the Domains page has no Remove form for the domain");
  // Posted as a browser without JavaScript posts the confirm dialog's form (the action re-renders the page).
  const removed = await request(c.caddy, {
    method: "POST",
    path: pagePath,
    host: c.appHost,
    headers: { ...admin, origin: `http://${c.appHost}`, "content-type": form.contentType },
    body: form.body,
  });
  const t0 = performance.now();
  const [{ n }] = await c.sql`select count(*)::int as n from domains where id = ${c.world.domainId}`;
  if (removed.status >= 400 || n !== 0) fail(`the removal did not happen (${brief(removed)}; the domain row is ${n ? "still there" : "gone"})`);
  const by = c.instances.find((i) => i.name === removed.servedBy) ?? fail(`the removal was answered by an unknown instance (${removed.servedBy})`);
  const own = await served(by.port);
  if (own.status !== 404) fail(`the instance that removed it (${by.name}) still serves ${c.customHost}: ${brief(own)}`);
  // The other instance, polled every 50 ms until it stops serving (a minute at most: the old cache TTL was 60 s).
  const o = other(c, by.name);
  let last: Answer | null = null;
  let polls = 0;
  for (let next = t0; performance.now() - t0 < 65_000; ) {
    last = await served(o.port);
    polls++;
    if (last.status === 404) break;
    next += 50;
    await sleep(Math.max(0, next - performance.now()));
  }
  const delayMs = performance.now() - t0;
  if (last?.status !== 404) fail(`removed through ${by.name}; ${o.name} still serves ${c.customHost} after ${(delayMs / 1000).toFixed(1)} s (${polls} polls, last ${last ? brief(last) : "none"})`);
  const verdict = `removed through ${by.name}; ${o.name} stopped serving it after ${Math.round(delayMs)} ms (${polls} ${polls === 1 ? "poll" : "polls"}, one every 50 ms)`;
  if (delayMs > 1000) fail(`${verdict}: more than the 1 s allowed (each instance's host cache holds a domain up to 60 s unless told of the change)`);
  return verdict;
}

/** 3. The per-IP send limit and the per-address cooldown count across both instances. */
export async function limitsAcrossInstances(c: Ctx): Promise<string> {
  const ip = "10.77.3.3";
  const since = c.fake.delivered.length;
  const by = new Map<string, number>();
  const send = async (identifier: string, from = ip) => {
    const a = await postForm(c.caddy, "/api/portal/sign-in", c.portalHost, { identifier }, { "x-forwarded-for": from });
    if (a.servedBy) by.set(a.servedBy, (by.get(a.servedBy) ?? 0) + 1);
    return a;
  };
  const first = await send(CODE_CLIENT_2);
  if (first.headers.location !== "/sign-in/check-email") fail(`the first send: ${brief(first)}`);
  const again = await send(CODE_CLIENT_2);
  if (again.servedBy === first.servedBy) fail(`both sends to one address were served by ${first.servedBy}: nothing crossed instances`);
  if (again.headers.location !== "/sign-in/check-email?wait=1") fail(`a second send to the same address within its cooldown, on the other instance, was not held back: ${brief(again)}`);
  for (let i = 3; i <= 10; i++) {
    const a = await send(`nobody${i}@scale.test`);
    if (a.headers.location !== "/sign-in/check-email") fail(`send ${i} of 10 from one IP was refused: ${brief(a)}`);
  }
  const split = [...by].map(([k, v]) => `${v} on ${k}`).join(", ");
  const eleventh = await send("nobody11@scale.test");
  if (eleventh.status !== 303 || !eleventh.headers.location?.includes("error=RATE_LIMITED")) fail(`the 11th send from one IP (${by.size} instances served the 10 before) was not refused: ${brief(eleventh)}`);
  if (by.size < 2) fail(`all sends were served by ${[...by.keys()].join(", ")}: nothing crossed instances`);
  const elsewhere = await send("nobody12@scale.test", "10.77.3.4");
  if (elsewhere.headers.location !== "/sign-in/check-email") fail(`another IP was refused too (Caddy or TRUSTED_PROXIES lost the client's address): ${brief(elsewhere)}`);
  // The address held back got exactly one email (give the worker time to deliver anything queued).
  await codeFor(c, CODE_CLIENT_2, since);
  await sleep(2000);
  const mails = c.fake.delivered.slice(since).filter((e) => recipients(e).includes(CODE_CLIENT_2)).length;
  if (mails !== 1) fail(`${CODE_CLIENT_2} was sent ${mails} emails for two sends inside its cooldown`);
  return `the 11th send from one IP was refused (RATE_LIMITED) after 10 sends served ${split}; the cooldown held across instances (1 email); another IP still sends`;
}

/**
 * 3r. Scenario 3 again once both instances run with REDIS_URL (run.ts restarts them): the same limits, now counted in
 * Redis. Scenario 3's counts are still in Postgres, so the first sends pass only if the instances count elsewhere;
 * the IP's count in Redis shows where.
 */
export async function limitsAcrossInstancesInRedis(c: Ctx, redisUrl: string): Promise<string> {
  const verdict = await limitsAcrossInstances(c);
  const conn = openRedis(redisUrl);
  try {
    const counted = Number(await (await conn.ready()).get(`portal-send-ip:${c.world.workspaceId}:10.77.3.3`));
    if (counted !== 11) fail(`${verdict}, but Redis holds ${counted} sends for the IP, not 11: the instances did not count in Redis`);
  } finally {
    await conn.close();
  }
  return `${verdict}; all counted in Redis`;
}

/**
 * 4. A login email to every bulk client through the API, delivered exactly once while the instance that took the
 * request is SIGKILLed mid-delivery and the worker is SIGKILLed holding a request the provider had accepted but not
 * yet answered (so its restart must send that request again, under the same idempotency key).
 */
export async function bulkExactlyOnce(c: Ctx): Promise<string> {
  const mine = new Set(c.world.bulk.map((b) => b.email));
  const isMine = (body: unknown) => ([] as { to: string | string[] }[]).concat(body as { to: string }[]).some((e) => e && recipients(e).some((r) => mine.has(r)));
  const firstCall = c.fake.calls.length;
  let seen = 0;
  let accepted = 0;
  let victim: Instance | null = null;
  let instanceKilled = false;
  let workerKilled = false;
  let workerRestarted: Promise<Proc> | null = null;
  c.fake.chaos((n) => {
    if (!isMine(c.fake.calls[n - 1]?.body)) return null;
    return ++seen === 3 ? "accept-then-hang" : null; // the provider sends it; the worker never hears back
  });
  const onHeld = () => {
    workerKilled = true;
    workerRestarted = crash(c.worker()).then(() => c.restartWorker());
    workerRestarted.catch(() => {}); // awaited (and reported) once the delivery is done
  };
  const onAccepted = (n: number) => {
    if (!isMine(c.fake.calls[n - 1]?.body) || ++accepted !== 2 || !victim) return;
    instanceKilled = true;
    void crash(victim.proc);
  };
  c.fake.events.on("held", onHeld);
  c.fake.events.on("accepted", onAccepted);
  try {
    const posted = await request(c.caddy, {
      method: "POST",
      path: "/api/v1/portal/login-emails",
      host: c.appHost,
      headers: { authorization: `Bearer ${c.world.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ portalUserIds: c.world.bulk.map((b) => b.id) }),
      timeoutMs: 60_000,
    });
    if (posted.status !== 202) fail(`POST /api/v1/portal/login-emails: ${brief(posted)} ${posted.body.slice(0, 300)}`);
    const { batchId, queued } = (JSON.parse(posted.body) as { data: { batchId: string; queued: number } }).data;
    if (queued !== mine.size) fail(`${queued} of ${mine.size} login emails were queued`);
    victim = c.instances.find((i) => i.name === posted.servedBy) ?? null;
    if (accepted >= 2 && victim && !instanceKilled) {
      instanceKilled = true; // delivery outran the answer: kill it now, delivery still under way
      void crash(victim.proc);
    }
    const t0 = performance.now();
    const count = async () => (await c.sql`select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'failed')::int as failed from messages where batch_id = ${batchId}`)[0];
    const done = await waitFor("every login email to be marked sent", async () => {
      const r = await count();
      return r.sent + r.failed >= mine.size ? r : null;
    }, 180_000, 500).catch(async (e) => fail(`${(e as Error).message}; outbox now ${JSON.stringify(await count())}`));
    const deliveredS = (performance.now() - t0) / 1000;
    if (workerRestarted) await workerRestarted;
    // The survivor still answers through Caddy (passive health checks route around the dead instance).
    for (let i = 0; i < 4; i++) {
      const h = await get(c.caddy, "/api/health", c.appHost);
      if (h.status !== 200) fail(`through Caddy with ${victim?.name} dead: /api/health ${brief(h)}`);
    }
    const killed = victim as Instance | null; // assigned above; closures keep TypeScript from narrowing it
    if (!instanceKilled || !killed || isRunning(killed.proc)) return fail("the instance was not killed mid-delivery (delivery finished before the second batch was accepted?)");
    if (!workerKilled) fail("the worker was never killed holding a request (the third batch never reached the provider)");
    if (done.failed) fail(`${done.failed} login emails failed`);
    // Exactly once: per recipient in what the provider delivered, and each recipient under one idempotency key only.
    const per = c.fake.perRecipient();
    const wrong = [...mine].filter((r) => per.get(r) !== 1);
    if (wrong.length) fail(`${wrong.length} clients did not get exactly one email (e.g. ${wrong[0]}: ${per.get(wrong[0]) ?? 0})`);
    const keys = new Map<string, Set<string | null>>();
    const calls = c.fake.calls.slice(firstCall).filter((k) => isMine(k.body));
    for (const k of calls) for (const e of ([] as { to: string[] }[]).concat(k.body as { to: string[] }[])) for (const r of recipients(e)) (keys.get(r) ?? keys.set(r, new Set()).get(r)!).add(k.idempotencyKey);
    const multi = [...keys].filter(([, s]) => s.size !== 1 || s.has(null));
    if (multi.length) fail(`${multi.length} clients were sent under more than one idempotency key (or none)`);
    const replays = calls.length - new Set(calls.map((k) => k.idempotencyKey)).size;
    if (replays < 1) fail("the request the killed worker held was never sent again: the crash path was not exercised");
    return `${mine.size} emails in ${calls.length} provider requests (${replays} repeated under its key after the worker's crash), each client exactly once; ${killed.name} and the worker SIGKILLed mid-way; all sent ${deliveredS.toFixed(1)} s after the API's answer`;
  } finally {
    c.fake.chaos(null);
    c.fake.events.off("held", onHeld);
    c.fake.events.off("accepted", onAccepted);
  }
}
