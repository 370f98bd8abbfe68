ALTER TABLE "contacts" ADD COLUMN "phone_type_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone_type_lookup_started_at" timestamp with time zone;