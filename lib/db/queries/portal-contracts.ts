import "server-only";
// What a client sees of contracts and proposals: those they are a signer of, in this workspace, never a draft. An id
// that is not theirs reads exactly like one that does not exist.
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contractFields, contracts, contractSigners, type ContractFieldKind, type ContractKind, type ContractPage, type ContractSignerStatus, type ContractStatus } from "@/lib/db/schema";
import { createdAtText, decodeTimeCursor, encodeTimeCursor, isUuid } from "./time-cursor";
import { contractFieldBox } from "./contracts";

export type PortalContractRow = {
  id: string;
  kind: ContractKind;
  title: string;
  status: ContractStatus;
  myStatus: ContractSignerStatus;
  sentAt: Date | null;
  completedAt: Date | null;
};

const PAGE = 25;

/** The viewer's contracts, newest sent first, a page at a time (`older` is the cursor of the next page). */
export async function listViewerContracts(db: DbOrTx, p: { workspaceId: string; contactId: string; cursor?: string | null }) {
  const after = decodeTimeCursor(p.cursor);
  const sentText = createdAtText(contracts.sentAt);
  const rows = await db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      title: contracts.title,
      status: contracts.status,
      myStatus: contractSigners.status,
      sentAt: contracts.sentAt,
      completedAt: contracts.completedAt,
      cursorAt: sentText,
    })
    .from(contractSigners)
    .innerJoin(contracts, and(eq(contracts.id, contractSigners.contractId), eq(contracts.workspaceId, contractSigners.workspaceId)))
    .where(
      and(
        eq(contractSigners.workspaceId, p.workspaceId),
        eq(contractSigners.contactId, p.contactId),
        ne(contracts.status, "draft"),
        sql`${contracts.sentAt} is not null`,
        after ? sql`(${contracts.sentAt}, ${contracts.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(contracts.sentAt), desc(contracts.id))
    .limit(PAGE + 1);
  const more = rows.length > PAGE;
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    rows: page.map(({ cursorAt: _c, ...r }) => r) as PortalContractRow[],
    older: more && last ? encodeTimeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

export type PortalContractField = {
  id: string;
  signerId: string;
  mine: boolean;
  kind: ContractFieldKind;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string | null;
  required: boolean;
  value: string | null;
};

export type PortalContract = {
  id: string;
  kind: ContractKind;
  title: string;
  message: string | null;
  status: ContractStatus;
  signingOrder: "sequential" | "parallel";
  originalName: string;
  originalStorageKey: string;
  signedStorageKey: string | null;
  pages: ContractPage[];
  sentAt: Date | null;
  completedAt: Date | null;
  declinedAt: Date | null;
  voidedAt: Date | null;
  me: { id: string; name: string; status: ContractSignerStatus; signedAt: Date | null; declinedAt: Date | null; comment: string | null };
  signers: { id: string; name: string; status: ContractSignerStatus; position: number; signedAt: Date | null }[];
  fields: PortalContractField[];
};

/** One contract for its signer, with every signer's progress and every field (the viewer's own marked `mine`). */
export async function viewerContract(db: DbOrTx, p: { workspaceId: string; contactId: string; contractId: string }): Promise<PortalContract | null> {
  if (!isUuid(p.contractId)) return null;
  const [c] = await db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      title: contracts.title,
      message: contracts.message,
      status: contracts.status,
      signingOrder: contracts.signingOrder,
      originalName: contracts.originalName,
      originalStorageKey: contracts.originalStorageKey,
      signedStorageKey: contracts.signedStorageKey,
      pages: contracts.pages,
      sentAt: contracts.sentAt,
      completedAt: contracts.completedAt,
      declinedAt: contracts.declinedAt,
      voidedAt: contracts.voidedAt,
    })
    .from(contracts)
    .where(
      and(
        eq(contracts.id, p.contractId),
        eq(contracts.workspaceId, p.workspaceId),
        ne(contracts.status, "draft"),
        sql`exists (select 1 from contract_signers s where s.contract_id = ${contracts.id} and s.workspace_id = ${p.workspaceId} and s.contact_id = ${p.contactId})`,
      ),
    );
  if (!c) return null;
  const [signers, fields] = await Promise.all([
    db
      .select({
        id: contractSigners.id,
        contactId: contractSigners.contactId,
        name: contractSigners.name,
        status: contractSigners.status,
        position: contractSigners.position,
        signedAt: contractSigners.signedAt,
        declinedAt: contractSigners.declinedAt,
        comment: contractSigners.comment,
      })
      .from(contractSigners)
      .where(and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, p.workspaceId)))
      .orderBy(asc(contractSigners.position), asc(contractSigners.createdAt)),
    db
      .select({
        ...contractFieldBox,
        value: contractFields.value,
      })
      .from(contractFields)
      .where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, p.workspaceId)))
      .orderBy(asc(contractFields.page), asc(contractFields.y), asc(contractFields.x)),
  ]);
  const mine = signers.find((s) => s.contactId === p.contactId)!;
  return {
    ...c,
    me: { id: mine.id, name: mine.name, status: mine.status, signedAt: mine.signedAt, declinedAt: mine.declinedAt, comment: mine.comment },
    signers: signers.map((s) => ({ id: s.id, name: s.name, status: s.status, position: s.position, signedAt: s.signedAt })),
    // Other signers' values stay theirs: the viewer sees where their fields are, not what they typed.
    fields: fields.map((f) => ({ ...f, mine: f.signerId === mine.id, value: f.signerId === mine.id ? f.value : null })),
  };
}
