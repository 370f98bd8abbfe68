CREATE TYPE "public"."delivery_receipt" AS ENUM('delayed', 'delivered', 'complained', 'undelivered', 'bounced');--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt" "delivery_receipt";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_code" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_detail" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_at" timestamp with time zone;