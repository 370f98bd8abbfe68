-- Agents for what existed before agents did: every registered agent number (named by its label), then
-- every platform agent id and every other agent number seen on a call; then each call points at its agent.
-- Ids follow lib/ids.ts's shape (`agt_` + 20 characters of its alphabet; md5's hex digits are within it).
INSERT INTO "agents" ("id", "account_id", "name", "number")
SELECT 'agt_' || substr(md5(random()::text || n."id"), 1, 20), n."account_id", n."label", n."e164"
  FROM "agent_numbers" n
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "agents" ("id", "account_id", "number", "platform", "platform_agent_id")
SELECT 'agt_' || substr(md5(random()::text || c."account_id" || c."platform_agent_id"), 1, 20), c."account_id", min(c."agent_number"), c."platform", c."platform_agent_id"
  FROM "calls" c
 WHERE c."platform_agent_id" IS NOT NULL
 GROUP BY c."account_id", c."platform", c."platform_agent_id"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "agents" ("id", "account_id", "number")
SELECT 'agt_' || substr(md5(random()::text || c."account_id" || c."agent_number"), 1, 20), c."account_id", c."agent_number"
  FROM "calls" c
 WHERE c."platform_agent_id" IS NULL AND c."agent_number" IS NOT NULL
 GROUP BY c."account_id", c."agent_number"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "calls" c SET "agent_id" = a."id"
  FROM "agents" a
 WHERE a."account_id" = c."account_id"
   AND (CASE WHEN c."platform_agent_id" IS NOT NULL
             THEN a."platform" = c."platform" AND a."platform_agent_id" = c."platform_agent_id"
             ELSE a."platform_agent_id" IS NULL AND a."number" = c."agent_number" END);
