CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text,
	"number" text,
	"platform" "platform",
	"platform_agent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_has_key" CHECK ("agents"."number" is not null or "agents"."platform_agent_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "agent_id" text;--> statement-breakpoint
ALTER TABLE "post_call_actions" ADD COLUMN "agent_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_account_number_uq" ON "agents" USING btree ("account_id","number") WHERE "agents"."platform_agent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_account_platform_agent_uq" ON "agents" USING btree ("account_id","platform","platform_agent_id") WHERE "agents"."platform_agent_id" is not null;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_agent_ended_idx" ON "calls" USING btree ("agent_id","ended_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "calls"."agent_id" is not null;