ALTER TYPE "public"."message_status" ADD VALUE 'bounced';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'complained';--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "message_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid,
	"workspace_id" uuid,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" text NOT NULL,
	"detail" text,
	"payload" jsonb,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "access_links_one_active";--> statement-breakpoint
DROP INDEX "portal_users_status";--> statement-breakpoint
DROP INDEX "messages_workspace";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_group" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_workspace" ON "api_keys" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_events_provider_event" ON "message_events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "message_events_message" ON "message_events" USING btree ("message_id","occurred_at");--> statement-breakpoint
CREATE INDEX "portal_users_joined" ON "portal_users" USING btree ("workspace_id","joined_at") WHERE "portal_users"."joined_at" is not null;--> statement-breakpoint
CREATE INDEX "portal_users_invited" ON "portal_users" USING btree ("workspace_id","invited_at");--> statement-breakpoint
CREATE INDEX "messages_send_group" ON "messages" USING btree ("send_group") WHERE "messages"."send_group" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_links_one_active" ON "access_links" USING btree ("portal_user_id",("kind" = 'sign_in')) WHERE "access_links"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "portal_users_status" ON "portal_users" USING btree ("workspace_id","status","invited_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_workspace" ON "messages" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);