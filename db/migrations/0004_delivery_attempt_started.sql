ALTER TABLE "deliveries" ADD COLUMN "attempt_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "attempt_number" integer;--> statement-breakpoint
CREATE INDEX "deliveries_provider_message_idx" ON "deliveries" USING btree ("provider_message_id") WHERE "deliveries"."provider_message_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_delivery_attempt_uq" ON "outbox" USING btree ("delivery_id","attempt_number");