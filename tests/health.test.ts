import { afterEach, expect, test } from "vitest";
import { GET } from "@/app/api/health/route";
import { openDatabase } from "@/lib/db/client";

const g = globalThis as unknown as { __portalDb?: ReturnType<typeof openDatabase> };
afterEach(async () => {
  await g.__portalDb?.sql?.end({ timeout: 1 });
  await g.__portalDb?.pglite?.close();
  g.__portalDb = undefined;
});

test("health answers ok with the driver name when the database answers", async () => {
  g.__portalDb = openDatabase({ dir: "memory://" });
  const res = await GET();
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: "pglite" });
});

test("health answers 503 with a reason, and no connection details, when the database is unreachable", async () => {
  g.__portalDb = openDatabase({ url: "postgres://nobody@127.0.0.1:1/nowhere?connect_timeout=2" });
  const res = await GET();
  expect(res.status).toBe(503);
  const body = await res.json();
  expect(body).toEqual({ ok: false, db: "postgres", reason: "database unreachable" });
  expect(JSON.stringify(body)).not.toContain("127.0.0.1");
});
