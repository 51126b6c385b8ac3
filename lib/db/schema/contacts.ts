import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, ts, updatedAt } from "./columns";
import { workspaces } from "./workspaces";

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull().default(""),
    email: text("email"), // stored lower-cased
    phone: text("phone"), // E.164
    company: text("company").notNull().default(""),
    // Generated so that sorting and searching use plain indexes instead of expressions rebuilt per row.
    sortName: text("sort_name")
      .notNull()
      .generatedAlwaysAs(sql`lower(trim(first_name || ' ' || last_name))`),
    search: text("search")
      .notNull()
      .generatedAlwaysAs(
        sql`lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || company)`,
      ),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("contacts_workspace_email").on(t.workspaceId, t.email).where(sql`${t.email} is not null`),
    uniqueIndex("contacts_workspace_phone").on(t.workspaceId, t.phone).where(sql`${t.phone} is not null`),
    index("contacts_workspace_sort_name").on(t.workspaceId, t.sortName, t.id),
    index("contacts_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    index("contacts_search_trgm").using("gin", sql`${t.search} gin_trgm_ops`),
  ],
);

export const contactImportStatusEnum = pgEnum("contact_import_status", ["staging", "applied"]);
export const contactImportOutcomeEnum = pgEnum("contact_import_outcome", ["created", "updated", "rejected"]);

/**
 * A CSV import in progress or done. The browser sends the parsed rows in chunks into `contact_import_rows`
 * (validated on arrival); applying it is one transaction of set-based SQL, so a failure leaves nothing half-imported
 * and any app instance can take any chunk.
 */
export const contactImports = pgTable(
  "contact_imports",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull().default(""),
    totalRows: integer("total_rows").notNull(),
    status: contactImportStatusEnum("status").notNull().default("staging"),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    rejectedCount: integer("rejected_count").notNull().default(0),
    createdAt: createdAt(),
    appliedAt: ts("applied_at"),
  },
  (t) => [index("contact_imports_workspace_created").on(t.workspaceId, t.createdAt)],
);

export type ImportRawRow = { firstName?: string; lastName?: string; fullName?: string; email?: string; phone?: string; company?: string };

/** One data row of an import: the values as sent, the normalised values, and after apply what happened to it. */
export const contactImportRows = pgTable(
  "contact_import_rows",
  {
    importId: uuid("import_id").notNull().references(() => contactImports.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(), // as a spreadsheet shows it: the header is row 1
    raw: jsonb("raw").$type<ImportRawRow>().notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    email: text("email"),
    phone: text("phone"),
    company: text("company").notNull().default(""),
    error: text("error"), // set on arrival when the row itself is invalid
    outcome: contactImportOutcomeEnum("outcome"),
    reason: text("reason"),
    contactId: uuid("contact_id"), // no FK: the report outlives a later deletion of the contact
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);
