CREATE TYPE "public"."platform" AS ENUM('vapi', 'retell', 'bland', 'elevenlabs', 'synthflow');--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"platform" "platform" NOT NULL,
	"name" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"wait_seconds" integer DEFAULT 180 NOT NULL,
	"refused_count" integer DEFAULT 0 NOT NULL,
	"last_refused_at" timestamp with time zone,
	"last_refused_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_wait_range" CHECK ("connections"."wait_seconds" between 0 and 3600)
);
--> statement-breakpoint
DROP INDEX "calls_agent_number_external_id_uq";--> statement-breakpoint
ALTER TABLE "calls" ALTER COLUMN "agent_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ALTER COLUMN "from_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ALTER COLUMN "to_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "connection_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "platform" "platform";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "platform_agent_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "analysis" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "actions_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "actions_released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_account_idx" ON "connections" USING btree ("account_id","created_at");--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calls_connection_external_id_uq" ON "calls" USING btree ("connection_id","external_id") WHERE "calls"."connection_id" is not null;--> statement-breakpoint
CREATE INDEX "calls_connection_created_idx" ON "calls" USING btree ("connection_id","created_at" DESC NULLS LAST) WHERE "calls"."connection_id" is not null;--> statement-breakpoint
CREATE INDEX "calls_actions_due_idx" ON "calls" USING btree ("actions_due_at") WHERE "calls"."actions_due_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "calls_agent_number_external_id_uq" ON "calls" USING btree ("agent_number","external_id") WHERE "calls"."connection_id" is null and "calls"."platform" is null;