// `npm run bench`: the contacts list and search against 100,000 contacts in one workspace (plus a noisy
// neighbour), seeded by the bench itself. Embedded PGlite by default; BENCH_DATABASE_URL=postgres://… measures a
// Postgres server (a throwaway database is created and dropped). Prints median and p95 server time per operation.
// Then bench/portal-http.ts: the built app under HTTP load (portal sign-in page vs a static page, code verification),
// bench/delivery.ts: 10,000 login emails through a fake Resend at its real rate limit, bench/dlt-import.ts: the
// import of a 5,000-row DLT export, and bench/hosts.ts: host resolution with 10,000 workspaces and 5,000 custom
// domains. BENCH_ONLY=db, http, delivery, dlt or hosts runs one of them.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { countContacts, listContacts } from "@/lib/db/queries/contacts";
import { workspaces } from "@/lib/db/schema";
import { deliveryBench } from "./delivery";
import { dltImportBench } from "./dlt-import";
import { hostsBench } from "./hosts";
import { portalHttpBench } from "./portal-http";

const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 50;

async function open(): Promise<{ db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const h = openDatabase({ dir: "memory://" });
    await migrate(h.db, "pglite");
    return { db: h.db, kind: "pglite", close: () => h.pglite!.close() };
  }
  const name = `bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const h = openDatabase({ url: u.toString() });
  await migrate(h.db, "postgres");
  return {
    db: h.db,
    kind: "postgres",
    close: async () => {
      await h.sql!.end();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Realistic spread: 60 first names × 60 last names, unique emails and Indian mobiles, a few companies. */
async function seed(db: Db, workspaceId: string, n: number, offset: number) {
  await db.execute(sql`
    insert into contacts (workspace_id, first_name, last_name, email, phone, company, created_at)
    select ${workspaceId}::uuid,
      (array['Aarav','Priya','Rohan','Ananya','Vikram','Isha','Arjun','Kavya','Rahul','Meera','Sanjay','Nisha','Karan','Pooja','Aditya',
             'Sneha','Emma','Liam','Olivia','Noah','Sofia','Lucas','Mia','Ethan','Chloe','Amit','Divya','Suresh','Lakshmi','Manoj',
             'Deepa','Ravi','Geeta','Vijay','Anita','Harish','Swati','Naveen','Rekha','Gopal','Tara','Kiran','Asha','Mohan','Uma',
             'Ajay','Neha','Sunil','Ritu','Vinod','Jaya','Ashok','Sapna','Rajesh','Sita','Prakash','Lata','Dinesh','Maya','Farhan'])[1 + (i % 60)],
      (array['Sharma','Patel','Iyer','Reddy','Nair','Gupta','Mehta','Kapoor','Rao','Joshi','Singh','Das','Müller','Smith','García',
             'Rossi','Dubois','Tanaka','Brown','Wilson','Khan','Verma','Mishra','Pillai','Menon','Bose','Sen','Ghosh','Chopra','Malhotra',
             'Bhat','Kulkarni','Desai','Shah','Jain','Agarwal','Saxena','Pandey','Yadav','Thakur','Chauhan','Rana','Kaur','Gill','Sethi',
             'Arora','Bajaj','Goel','Mittal','Bansal','Anand','Dutta','Roy','Paul','Thomas','George','Mathew','Varghese','Fernandes','DSouza'])[1 + ((i / 60)::int % 60)],
      'client' || (i + ${offset}) || '@example' || (i % 97) || '.com',
      '+9198' || lpad(((i + ${offset}) * 7)::text, 8, '0'),
      (array['', 'Sunrise Traders', 'Kaveri Textiles', 'Blue Lotus Design', 'Northwind Logistics', 'Zenith Realty'])[1 + (i % 6)],
      now() - make_interval(secs => i)
    from generate_series(1, ${n}) as i`);
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95) };
}

async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run(); // warm caches and plans
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function dbBench() {
  const { db, kind, close } = await open();
  console.log(`Seeding ${N.toLocaleString()} contacts (+${(N / 10).toLocaleString()} in a second workspace) into ${kind}…`);
  const t0 = performance.now();
  const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench", country: "IN" }).returning();
  const [other] = await db.insert(workspaces).values({ slug: "other", name: "Other", country: "IN" }).returning();
  await seed(db, ws.id, N, 0);
  await seed(db, other.id, N / 10, N);
  await db.execute(sql`analyze contacts`);
  console.log(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const workspaceId = ws.id;
  let deepCursor: string | null = null;
  {
    // The cursor of page 200 (row 10,000) in name order, to show a deep page costs what the first does.
    let next: string | null = null;
    for (let i = 0; i < 200; i++) next = (await listContacts(db, { workspaceId, sort: "name_asc", after: next })).next;
    deepCursor = next;
  }
  const cases: [string, () => Promise<unknown>][] = [
    ["first page, name A–Z", () => listContacts(db, { workspaceId, sort: "name_asc" })],
    ["first page, newest first", () => listContacts(db, { workspaceId, sort: "newest" })],
    ["page 201 (keyset), name A–Z", () => listContacts(db, { workspaceId, sort: "name_asc", after: deepCursor })],
    ["search 'sharma' (common name)", () => listContacts(db, { workspaceId, sort: "name_asc", q: "sharma" })],
    ["search 'priya pat' (full name)", () => listContacts(db, { workspaceId, sort: "name_asc", q: "priya pat" })],
    ["search 'client4242@' (email)", () => listContacts(db, { workspaceId, sort: "name_asc", q: "client4242@" })],
    ["search '98000 29694' (phone)", () => listContacts(db, { workspaceId, sort: "name_asc", q: "98000 29694" })],
    ["search 'zzqx' (no match)", () => listContacts(db, { workspaceId, sort: "name_asc", q: "zzqx" })],
    ["count (dashboard)", () => countContacts(db, { workspaceId })],
  ];

  const rows: { op: string; found: number; median: string; p95: string; ok: string }[] = [];
  for (const [op, run] of cases) {
    const r = await measure(run);
    const out = (await run()) as { rows?: unknown[] } | number;
    const found = typeof out === "number" ? out : (out.rows?.length ?? 0);
    rows.push({ op, found, median: r.median.toFixed(2), p95: r.p95.toFixed(2), ok: r.median < TARGET_MS ? "yes" : "NO" });
  }
  const w = Math.max(...rows.map((r) => r.op.length));
  console.log(`Contacts list and search, ${N.toLocaleString()} contacts, ${kind}, ${RUNS} runs each (ms)\n`);
  console.log(`${"operation".padEnd(w)}  ${"rows".padStart(6)}  ${"median".padStart(8)}  ${"p95".padStart(8)}  under ${TARGET_MS} ms`);
  console.log(`${"-".repeat(w)}  ${"-".repeat(6)}  ${"-".repeat(8)}  ${"-".repeat(8)}  ----------`);
  for (const r of rows) console.log(`${r.op.padEnd(w)}  ${String(r.found).padStart(6)}  ${r.median.padStart(8)}  ${r.p95.padStart(8)}  ${r.ok}`);
  await close();
  if (rows.some((r) => r.ok !== "yes")) process.exitCode = 1;
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only && !["db", "http", "delivery", "dlt", "hosts"].includes(only)) throw new Error(`BENCH_ONLY is "db", "http", "delivery", "dlt" or "hosts", not "${only}"`);
  if (!only || only === "db") await dbBench();
  if (!only || only === "http") await portalHttpBench();
  if (!only || only === "delivery") await deliveryBench(open);
  if (!only || only === "dlt") await dltImportBench(open);
  if (!only || only === "hosts") await hostsBench(open);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
