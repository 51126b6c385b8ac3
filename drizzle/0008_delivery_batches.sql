CREATE TABLE "delivery_batches" (
	"key" text PRIMARY KEY NOT NULL,
	"channel" "message_channel" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_pacing" (
	"provider" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "messages_send_group";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "delivery_key" text;--> statement-breakpoint
CREATE INDEX "delivery_batches_due" ON "delivery_batches" USING btree (coalesce("locked_until", "next_attempt_at"));--> statement-breakpoint
CREATE INDEX "messages_delivery_key" ON "messages" USING btree ("delivery_key") WHERE "messages"."delivery_key" is not null;--> statement-breakpoint
CREATE INDEX "messages_sending" ON "messages" USING btree ("locked_until") WHERE "messages"."status" = 'sending';--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "send_group";