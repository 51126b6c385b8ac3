CREATE TYPE "public"."domain_kind" AS ENUM('apex', 'subdomain');--> statement-breakpoint
ALTER TABLE "domains" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "domains" ALTER COLUMN "status" SET DEFAULT 'pending'::text;--> statement-breakpoint
UPDATE "domains" SET "status" = 'misconfigured' WHERE "status" = 'failed';--> statement-breakpoint
DROP TYPE "public"."domain_status";--> statement-breakpoint
CREATE TYPE "public"."domain_status" AS ENUM('pending', 'verified', 'active', 'misconfigured');--> statement-breakpoint
ALTER TABLE "domains" ALTER COLUMN "status" SET DEFAULT 'pending'::"public"."domain_status";--> statement-breakpoint
ALTER TABLE "domains" ALTER COLUMN "status" SET DATA TYPE "public"."domain_status" USING "status"::"public"."domain_status";--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "kind" "domain_kind" DEFAULT 'subdomain' NOT NULL;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "redirect_to_id" uuid;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "checks" jsonb;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "check_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "misconfigured_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_redirect_to_id_domains_id_fk" FOREIGN KEY ("redirect_to_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domains_due" ON "domains" USING btree ("next_check_at");