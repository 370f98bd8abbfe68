-- Attempts stored before delivery_attempts.action_id existed take their delivery's action, so endpoint
-- health covers them too.
UPDATE "delivery_attempts" a SET "action_id" = d."action_id"
  FROM "deliveries" d
 WHERE d."id" = a."delivery_id" AND a."action_id" IS NULL AND d."action_id" IS NOT NULL;
