ALTER TABLE "post_call_actions" ADD COLUMN "template" jsonb;--> statement-breakpoint
ALTER TABLE "post_call_actions" ADD COLUMN "headers" jsonb DEFAULT '[]'::jsonb NOT NULL;