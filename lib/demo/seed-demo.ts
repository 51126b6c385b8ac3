import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { auditEvents, contacts, emailProfiles, memberships, portalUsers, portalUserTypes, users, workspaces } from "@/lib/db/schema";
import { seedDemoClientCentre } from "./seed-demo-client-centre";
import { seedDemoHub } from "./seed-demo-hub";
import { seedDemoSms } from "./seed-demo-sms";

/** `client` signs in with an emailed link, `codeClient` with an emailed 6-digit code (both joined already). */
export const DEMO = { slug: "acme", name: "Acme", owner: "owner@acme.test", client: "aarav.sharma0@example.com", codeClient: "priya.kapoor1@example.com" } as const;

const DAY = 86_400_000;

/** Portal users in every state, spread over the last four weeks so the 30-day chart has a shape. */
export function demoPortalUsers(contactIds: string[], types: { link: string; code: string }, now = Date.now()) {
  return contactIds.slice(0, 24).map((contactId, i) => {
    const status = i < 9 ? "joined" : i < 21 ? "invited" : "revoked";
    const invitedAt = new Date(now - ((i * 37) % 27) * DAY - (i % 5) * 3_600_000 - DAY / 2);
    const joinedAt = status === "joined" ? new Date(Math.min(now - 60_000, invitedAt.getTime() + ((i % 3) + 1) * DAY)) : null;
    return {
      contactId,
      userTypeId: i === 1 ? types.code : types.link,
      status: status as "joined" | "invited" | "revoked",
      invitedAt,
      joinedAt,
      lastSeenAt: joinedAt,
      revokedAt: status === "revoked" ? new Date(invitedAt.getTime() + DAY) : null,
    };
  });
}

const first = ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Isha", "Arjun", "Kavya", "Rahul", "Meera", "Sanjay", "Nisha", "Karan", "Pooja", "Aditya", "Sneha", "Emma", "Liam", "Olivia", "Noah", "Sofia", "Lucas", "Mia", "Ethan", "Chloe"];
const last = ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Mehta", "Kapoor", "Rao", "Joshi", "Singh", "Das", "Müller", "Smith", "García", "Rossi", "Dubois", "Tanaka", "Brown", "Wilson"];
const companies = ["Sunrise Traders", "Kaveri Textiles", "Blue Lotus Design", "Northwind Logistics", "Zenith Realty", "Greenleaf Organics", ""];

/** The rows of the demo workspace: deterministic, so screenshots and docs stay stable. */
export function demoContacts(n = 50) {
  return Array.from({ length: n }, (_, i) => {
    const f = first[i % first.length];
    const l = last[(i * 7) % last.length];
    const indian = i % 5 !== 4; // most clients have Indian mobiles; every fifth one is abroad or has none
    const phone = indian ? `+91${9800000000 + i * 7919}` : i % 10 === 4 ? `+4479460${String(10000 + i).slice(-5)}` : null;
    const ascii = `${f}.${l}`.toLowerCase().normalize("NFKD").replace(/[^a-z.]/g, "");
    return { firstName: f, lastName: l, email: `${ascii}${i}@example.com`, phone, company: companies[i % companies.length] };
  });
}

/** Seeds the Acme demo workspace when the database has no workspace at all; a no-op otherwise. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  if (n > 0) return false;
  const made = await db.transaction(async (tx) => {
    const [owner] = await tx
      .insert(users)
      .values({ email: DEMO.owner, name: "Acme Owner", emailVerified: new Date() })
      .onConflictDoUpdate({ target: users.email, set: { name: "Acme Owner" } })
      .returning();
    const [ws] = await tx
      .insert(workspaces)
      .values({
        slug: DEMO.slug,
        name: DEMO.name,
        country: "IN",
        branding: { portalName: "Acme Client Portal", primaryColor: "#4f46e5", supportEmail: "support@acme.test" },
        smsSettings: { enabled: false, dailyCap: 500 }, // seedDemoSms turns it on, as an admin would
      })
      .returning();
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: owner.id, role: "owner" });
    await tx.insert(emailProfiles).values({ workspaceId: ws.id, fromName: "Acme", fromAddress: "support@acme.test", replyTo: "support@acme.test", isDefault: true });
    const [linkType, codeType] = await tx
      .insert(portalUserTypes)
      .values([
        { workspaceId: ws.id, name: "Client", invitationPreference: "email", signInMethod: "email_link", isDefault: true },
        { workspaceId: ws.id, name: "Client (code)", invitationPreference: "email", signInMethod: "email_code" },
      ])
      .returning({ id: portalUserTypes.id });
    const made = await tx
      .insert(contacts)
      .values(demoContacts().map((c) => ({ ...c, workspaceId: ws.id, createdBy: owner.id })))
      .returning({ id: contacts.id, email: contacts.email });
    const ordered = demoContacts().map((c) => made.find((m) => m.email === c.email)!.id);
    await tx.insert(portalUsers).values(demoPortalUsers(ordered, { link: linkType.id, code: codeType.id }).map((u) => ({ ...u, workspaceId: ws.id })));
    await tx.insert(auditEvents).values({ workspaceId: ws.id, actorUserId: owner.id, actorEmail: owner.email, action: "workspace.create", targetType: "workspace", targetId: ws.id, summary: "Demo workspace seeded" });
    return { workspace: { id: ws.id, slug: ws.slug, name: ws.name, country: ws.country }, owner: { id: owner.id, email: owner.email } };
  });
  await seedDemoSms(db, made);
  await seedDemoClientCentre(db, { workspaceId: made.workspace.id, ownerUserId: made.owner.id });
  await seedDemoHub(db, { workspaceId: made.workspace.id, ownerUserId: made.owner.id });
  return true;
}
