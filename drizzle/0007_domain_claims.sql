ALTER TABLE "domains" DROP CONSTRAINT "domains_hostname_unique";--> statement-breakpoint
DROP INDEX "domains_workspace";--> statement-breakpoint
CREATE UNIQUE INDEX "domains_workspace_hostname" ON "domains" USING btree ("workspace_id","hostname");--> statement-breakpoint
CREATE UNIQUE INDEX "domains_hostname_claimed" ON "domains" USING btree ("hostname") WHERE "domains"."status" <> 'pending';