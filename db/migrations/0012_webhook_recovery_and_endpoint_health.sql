CREATE TABLE "webhook_recoveries" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"destination" text,
	"since" timestamp with time zone NOT NULL,
	"delivery_ids" text[] NOT NULL,
	"more" boolean NOT NULL,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD COLUMN "action_id" text;--> statement-breakpoint
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_recoveries_account_created_idx" ON "webhook_recoveries" USING btree ("account_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "delivery_attempts_endpoint_health_idx" ON "delivery_attempts" USING btree ("account_id","action_id","started_at","outcome","latency_ms") WHERE "delivery_attempts"."action_id" is not null;