-- The Client Centre tables were empty placeholders until issue 11; they are recreated in full by 0011.
ALTER TYPE "public"."access_link_kind" ADD VALUE 'two_factor';--> statement-breakpoint
DROP TABLE "documents" CASCADE;--> statement-breakpoint
DROP TABLE "opportunities" CASCADE;--> statement-breakpoint
DROP TABLE "opportunity_applicants" CASCADE;--> statement-breakpoint
DROP TABLE "request_items" CASCADE;--> statement-breakpoint
DROP TABLE "requests" CASCADE;--> statement-breakpoint
ALTER TABLE "access_links" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "access_links" ADD COLUMN "delivery" text;--> statement-breakpoint
ALTER TABLE "access_links" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "access_links_user" ON "access_links" USING btree ("portal_user_id","created_at" DESC NULLS LAST);