import "server-only";
// The client hub part of the demo: a "Welcome pack" folder shared with the default user type (a small PDF made with
// pdf-lib), a conversation with the demo client (one team message unread for them), and a proposal sent to the demo
// client with a signature field, as send-contract leaves it (status sent, signer pending, the PDF in storage).
// Idempotent: each part is looked up by its natural key first. No notices are queued: nothing was "just" shared.
import { and, eq } from "drizzle-orm";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import type { Db } from "@/lib/db";
import { contacts, contracts, contractEvents, contractFields, contractSigners, conversationMessages, conversationReads, conversations, portalUserTypes, sharedAudiences, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { getStorage } from "@/lib/files/storage";
import { DEMO } from "./seed-demo";

export const DEMO_HUB = { folder: "Welcome pack", file: "Welcome to Acme.pdf", proposal: "Home loan proposal" } as const;

/** A one-page PDF with a title and a few lines, small enough to keep the seed fast. */
export async function demoPdf(title: string, lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreationDate(new Date(Date.UTC(2026, 0, 1))); // stable bytes, stable hash
  pdf.setModificationDate(new Date(Date.UTC(2026, 0, 1)));
  const page = pdf.addPage([595, 842]);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText(title, { x: 56, y: 770, size: 22, font: bold, color: rgb(0.1, 0.1, 0.2) });
  lines.forEach((l, i) => page.drawText(l, { x: 56, y: 730 - i * 20, size: 12, font }));
  return pdf.save();
}

async function store(bytes: Uint8Array, prefix: string) {
  return getStorage().put(
    (async function* () {
      yield bytes;
    })(),
    { maxBytes: bytes.length + 1, prefix },
  );
}

export async function seedDemoHub(db: Db, p: { workspaceId: string; ownerUserId: string | null; now?: number }): Promise<void> {
  const ws = p.workspaceId;
  const now = p.now ?? Date.now();
  const [client] = await db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws), eq(contacts.email, DEMO.client)));
  if (!client) return;

  // Documents: the folder, shared with the default type, holding the welcome PDF.
  const [existingFolder] = await db.select({ id: sharedFolders.id }).from(sharedFolders).where(and(eq(sharedFolders.workspaceId, ws), eq(sharedFolders.name, DEMO_HUB.folder)));
  if (!existingFolder) {
    const [type] = await db.select({ id: portalUserTypes.id }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, ws), eq(portalUserTypes.isDefault, true)));
    const bytes = await demoPdf("Welcome to Acme", [
      "Thank you for choosing Acme.",
      "This portal is where we share documents, exchange messages",
      "and send you contracts to sign. Nothing here needs a password:",
      "sign in with the link or code we send you.",
    ]);
    const stored = await store(bytes, `ws/${ws}/shared`);
    await db.transaction(async (tx) => {
      const [folder] = await tx.insert(sharedFolders).values({ workspaceId: ws, name: DEMO_HUB.folder, createdByUserId: p.ownerUserId }).returning({ id: sharedFolders.id });
      await tx.insert(sharedFiles).values({
        workspaceId: ws,
        folderId: folder.id,
        name: DEMO_HUB.file,
        note: "Start here: how the portal works.",
        contentType: stored.contentType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedByUserId: p.ownerUserId,
        createdAt: new Date(now - 2 * 86_400_000),
      });
      if (type) await tx.insert(sharedAudiences).values({ workspaceId: ws, folderId: folder.id, userTypeId: type.id });
    });
  }

  // A conversation: the client wrote, the team answered; the answer is unread for the client.
  const [existingConversation] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.workspaceId, ws), eq(conversations.contactId, client.id)));
  if (!existingConversation) {
    const clientName = `${client.firstName ?? ""} ${client.lastName ?? ""}`.trim() || "Client";
    const msgs = [
      { seq: 1, fromClient: true, authorContactId: client.id, authorUserId: null, authorName: clientName, body: "Hello! Could you send me the proposal for the home loan?", at: now - 3 * 3_600_000 },
      { seq: 2, fromClient: false, authorContactId: null, authorUserId: p.ownerUserId, authorName: "Acme", body: "Of course. It's in Contracts now, ready for you to review and accept.", at: now - 2 * 3_600_000 },
    ];
    await db.transaction(async (tx) => {
      const last = msgs[msgs.length - 1];
      const [c] = await tx
        .insert(conversations)
        .values({ workspaceId: ws, contactId: client.id, lastSeq: 2, lastClientSeq: 1, lastTeamSeq: 2, lastMessageAt: new Date(last.at), lastMessagePreview: last.body.slice(0, 140) })
        .returning({ id: conversations.id });
      await tx.insert(conversationMessages).values(msgs.map(({ at, ...m }) => ({ workspaceId: ws, conversationId: c.id, ...m, createdAt: new Date(at) })));
      await tx.insert(conversationReads).values({ workspaceId: ws, conversationId: c.id, contactId: client.id, lastReadSeq: 1 });
      if (p.ownerUserId) await tx.insert(conversationReads).values({ workspaceId: ws, conversationId: c.id, userId: p.ownerUserId, lastReadSeq: 2 });
    });
  }

  // A proposal sent to the client, with one signature field on its only page.
  const [existingProposal] = await db.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.workspaceId, ws), eq(contracts.title, DEMO_HUB.proposal)));
  if (!existingProposal) {
    const bytes = await demoPdf(DEMO_HUB.proposal, [
      "Loan amount: Rs 45,00,000",
      "Tenure: 20 years",
      "Rate: 8.4% p.a., floating",
      "Processing fee: 0.5%",
      "",
      "Accept this proposal by signing below.",
    ]);
    const stored = await store(bytes, `contracts/${ws}`);
    const sentAt = new Date(now - 2 * 3_600_000);
    await db.transaction(async (tx) => {
      const [k] = await tx
        .insert(contracts)
        .values({
          workspaceId: ws,
          kind: "proposal",
          title: DEMO_HUB.proposal,
          message: "Here is the proposal we discussed. Review it and accept it with your signature, or decline with a comment.",
          status: "sent",
          signingOrder: "parallel",
          originalName: "home-loan-proposal.pdf",
          originalStorageKey: stored.key,
          originalSha256: stored.sha256,
          originalSize: stored.size,
          pages: [{ width: 595, height: 842 }],
          sentAt,
          createdByUserId: p.ownerUserId,
          createdAt: new Date(sentAt.getTime() - 600_000),
        })
        .returning({ id: contracts.id });
      const [s] = await tx
        .insert(contractSigners)
        .values({ workspaceId: ws, contractId: k.id, contactId: client.id, position: 0, status: "pending", name: `${client.firstName ?? ""} ${client.lastName ?? ""}`.trim(), email: client.email })
        .returning({ id: contractSigners.id });
      await tx.insert(contractFields).values({ workspaceId: ws, contractId: k.id, signerId: s.id, kind: "signature", page: 0, x: 0.1, y: 0.72, width: 0.35, height: 0.07, label: "Signature" });
      await tx.insert(contractEvents).values([
        { workspaceId: ws, contractId: k.id, kind: "created", actorUserId: p.ownerUserId, actorName: "Acme", createdAt: new Date(sentAt.getTime() - 600_000) },
        { workspaceId: ws, contractId: k.id, kind: "sent", actorUserId: p.ownerUserId, actorName: "Acme", detail: { signingOrder: "parallel", signers: [client.firstName] }, createdAt: sentAt },
      ]);
    });
  }
}
