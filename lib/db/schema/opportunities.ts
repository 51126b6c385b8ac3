import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { contacts } from "./contacts";
import { workspaces } from "./workspaces";

// Client Centre: opportunities carry requests for their applicants. Filled out by the issues that bring them.
export const opportunities = pgTable(
  "opportunities",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    stage: text("stage").notNull().default("open"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("opportunities_workspace").on(t.workspaceId, t.createdAt)],
);

export const opportunityApplicants = pgTable(
  "opportunity_applicants",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    role: text("role").notNull().default("applicant"),
    createdAt: createdAt(),
  },
  (t) => [index("opportunity_applicants_opportunity").on(t.opportunityId)],
);

export const requests = pgTable(
  "requests",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    status: text("status").notNull().default("open"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("requests_opportunity").on(t.opportunityId)],
);

export const requestItems = pgTable("request_items", {
  id: id(),
  workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
  label: text("label").notNull(),
  status: text("status").notNull().default("pending"),
  createdAt: createdAt(),
});

export const documents = pgTable("documents", {
  id: id(),
  workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
  requestItemId: uuid("request_item_id").references(() => requestItems.id, { onDelete: "set null" }),
  name: text("name").notNull(),
  contentType: text("content_type"),
  size: text("size"),
  storageKey: text("storage_key"),
  createdAt: createdAt(),
});
