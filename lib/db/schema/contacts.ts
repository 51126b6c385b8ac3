import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, updatedAt } from "./columns";
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
