// The contracts world the signer tests share: a workspace with portal clients and sessions, a PDF made with pdf-lib
// and stored through getStorage(), and contracts inserted in status "sent" with signers and fields, the shape
// send-contract leaves them in. Routes are called as proxy.ts would forward them.
import { randomUUID } from "node:crypto";
import { degrees, PDFDocument, StandardFonts } from "pdf-lib";
import type { Db } from "@/lib/db";
import { contacts, contractEvents, contractFields, contracts, contractSigners, portalUsers, type ContractFieldKind, type ContractKind, type ContractStatus } from "@/lib/db/schema";
import { sha256Hex, storeBytes } from "@/lib/contracts/verify-integrity";
import { createPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { makeWorkspace } from "./fixtures";
import { freshIp } from "./portal-http";

export type Site = { workspaceId: string; host: string };
export type Person = { contactId: string; portalUserId: string; name: string; email: string; cookie: string };

/** A PDF of `pages` Letter pages with a line of text on each (the last page rotated by `rotateLast` degrees). */
export async function makePdf(pages = 2, o: { rotateLast?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Agreement page ${i + 1}`, { x: 72, y: 700, size: 18, font });
    if (i === pages - 1 && o.rotateLast) page.setRotation(degrees(o.rotateLast));
  }
  return doc.save();
}

export async function contractWorld(db: Db) {
  const ctx = await makeWorkspace(db);
  const workspaceId = ctx.workspace.id;
  const site: Site = { workspaceId, host: `${ctx.workspace.slug}.localhost:3000` };

  async function person(firstName: string, o: { twoFactor?: boolean } = {}): Promise<Person> {
    const email = `${firstName.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test`;
    const [c] = await db.insert(contacts).values({ workspaceId, firstName, lastName: "Test", email }).returning();
    const [u] = await db.insert(portalUsers).values({ workspaceId, contactId: c.id, status: "joined" }).returning();
    const s = await db.transaction((tx) => createPortalSession(tx, { workspaceId, portalUserId: u.id, host: site.host, twoFactor: o.twoFactor ?? false }));
    return { contactId: c.id, portalUserId: u.id, name: `${firstName} Test`, email, cookie: `portal_session=${s.token}` };
  }

  type FieldSpec = { signer: number; kind: ContractFieldKind; page?: number; x?: number; y?: number; width?: number; height?: number; label?: string; required?: boolean };

  /** A contract as send-contract leaves it (or in another status), with its PDF in storage. */
  async function contract(o: {
    signers: Person[];
    fields?: FieldSpec[];
    kind?: ContractKind;
    order?: "sequential" | "parallel";
    status?: ContractStatus;
    title?: string;
    pdf?: Uint8Array;
  }) {
    const pdf = o.pdf ?? (await makePdf(2));
    const stored = await storeBytes(pdf, `contracts/${workspaceId}`);
    const info = await PDFDocument.load(pdf);
    const pages = info.getPages().map((p) => {
      const { width, height } = p.getSize();
      const q = p.getRotation().angle % 180 !== 0;
      return q ? { width: height, height: width } : { width, height };
    });
    const status = o.status ?? "sent";
    const [c] = await db
      .insert(contracts)
      .values({
        workspaceId,
        kind: o.kind ?? "contract",
        title: o.title ?? "Service agreement",
        message: "Please review and sign.",
        status,
        signingOrder: o.order ?? "parallel",
        originalName: "agreement.pdf",
        originalStorageKey: stored.key,
        originalSha256: sha256Hex(pdf),
        originalSize: pdf.byteLength,
        pages,
        sentAt: status === "draft" ? null : new Date(),
        voidedAt: status === "voided" ? new Date() : null,
        createdByUserId: ctx.user.id,
      })
      .returning();
    const sequential = o.order === "sequential";
    const signerRows = await db
      .insert(contractSigners)
      .values(
        o.signers.map((s, i) => ({
          workspaceId,
          contractId: c.id,
          contactId: s.contactId,
          position: i,
          status: (status === "draft" ? "waiting" : sequential && i > 0 ? "waiting" : "pending") as "waiting" | "pending",
          name: s.name,
          email: s.email,
        })),
      )
      .returning();
    const specs: FieldSpec[] = o.fields ?? o.signers.flatMap((_, i) => [{ signer: i, kind: "signature" as const, page: 1, x: 0.1, y: 0.7 + i * 0.1, width: 0.35, height: 0.06 }]);
    const fieldRows = specs.length
      ? await db
          .insert(contractFields)
          .values(
            specs.map((f) => ({
              workspaceId,
              contractId: c.id,
              signerId: signerRows[f.signer].id,
              kind: f.kind,
              page: f.page ?? 0,
              x: f.x ?? 0.1,
              y: f.y ?? 0.5,
              width: f.width ?? 0.3,
              height: f.height ?? 0.05,
              label: f.label ?? null,
              required: f.required ?? true,
            })),
          )
          .returning()
      : [];
    await db.insert(contractEvents).values([
      { workspaceId, contractId: c.id, kind: "created", actorUserId: ctx.user.id, actorName: "Test Admin" },
      ...(status === "draft" ? [] : [{ workspaceId, contractId: c.id, kind: "sent" as const, actorUserId: ctx.user.id, actorName: "Test Admin" }]),
    ]);
    return { id: c.id, pdf, signers: signerRows, fields: fieldRows };
  }

  return { ctx, site, workspaceId, person, contract };
}

/** A POST to a contract route as the browser sends it after proxy.ts (JSON unless `form` is given). */
export function contractPost(site: Site, path: string, o: { cookie?: string; json?: unknown; form?: Record<string, string>; origin?: string; ua?: string }) {
  const headers: Record<string, string> = {
    [WORKSPACE_HEADER]: site.workspaceId,
    [HOST_HEADER]: site.host,
    host: site.host,
    origin: o.origin ?? `http://${site.host}`,
    "x-forwarded-for": freshIp(),
    "user-agent": o.ua ?? "Mozilla/5.0 (vitest) ContractTest/1.0",
  };
  if (o.cookie) headers.cookie = o.cookie;
  let body: string;
  if (o.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(o.form).toString();
  } else {
    headers["content-type"] = "application/json";
    headers.accept = "application/json";
    body = JSON.stringify(o.json ?? {});
  }
  return new Request(`http://${site.host}${path}`, { method: "POST", headers, body });
}

export function contractGet(site: Site, path: string, o: { cookie?: string } = {}) {
  const headers: Record<string, string> = { [WORKSPACE_HEADER]: site.workspaceId, [HOST_HEADER]: site.host, host: site.host, "x-forwarded-for": freshIp() };
  if (o.cookie) headers.cookie = o.cookie;
  return new Request(`http://${site.host}${path}`, { headers });
}

export const params = (id: string) => ({ params: Promise.resolve({ id }) });
