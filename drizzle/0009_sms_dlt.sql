CREATE TABLE "sms_credit_balances" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"sent_day" date,
	"sent_today" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_credit_balances_not_negative" CHECK ("sms_credit_balances"."balance" >= 0)
);
--> statement-breakpoint
DROP INDEX "sms_credit_ledger_workspace";--> statement-breakpoint
ALTER TABLE "dlt_templates" ADD COLUMN "content_type" text DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE "dlt_templates" ADD COLUMN "entity_id" text;--> statement-breakpoint
ALTER TABLE "dlt_templates" ADD COLUMN "consent_template_id" text;--> statement-breakpoint
ALTER TABLE "dlt_templates" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_credit_ledger" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "sms_credit_ledger" ADD COLUMN "actor_email" text;--> statement-breakpoint
ALTER TABLE "sms_credit_ledger" ADD COLUMN "balance_after" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_templates" ADD COLUMN "sender_id" text;--> statement-breakpoint
ALTER TABLE "sms_templates" ADD COLUMN "msg91_template_id" text;--> statement-breakpoint
ALTER TABLE "sms_templates" ADD COLUMN "msg91_vars" text[];--> statement-breakpoint
ALTER TABLE "url_whitelist" ADD COLUMN "kind" text DEFAULT 'static' NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_credit_balances" ADD CONSTRAINT "sms_credit_balances_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sms_credit_ledger_message_reason" ON "sms_credit_ledger" USING btree ("message_id","reason") WHERE "sms_credit_ledger"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "sms_credit_ledger_workspace" ON "sms_credit_ledger" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);