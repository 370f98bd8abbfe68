-- The live dashboard (lib/live/): a NOTIFY on channel aftercall_live, sent at commit of the very
-- transaction that stores a call or moves a delivery on, so an open calls list, call page or delivery
-- log learns of it without polling. Each web process LISTENs once and fans out to its open streams.
--
-- A trigger rather than pg_notify in each writer: the writers are many (native and platform ingest,
-- the wait's release, test sends, every transition in db/queries/delivery-lifecycle.ts) and a missed
-- one would leave a dashboard silently stale. It stays cheap on the hot path because it fires only
-- where a page changes: once per call stored (the deliveries created with it ride on that one), and
-- per delivery only when its status, attempt count, reason or receipt moves — not on a charge or an SMS's
-- attempt mark. Those transactions already send a NOTIFY (the job queue's wake-up, a message's
-- settled signal), so the commit-time notify-queue lock they take is paid already; ours adds a queue
-- entry. The payload is small and carries ids only: the page re-reads through its scoped queries.
-- A bulk load (the benchmark's million calls, a data migration) turns it off for its own session with
-- `SET aftercall.live_notify = 'off'` (or that startup parameter): nobody watches it row by row.
CREATE OR REPLACE FUNCTION aftercall_live_notify() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'calls' THEN
    PERFORM pg_notify('aftercall_live', json_build_object('a', NEW.account_id, 'k', 'call', 'c', NEW.id)::text);
  ELSE
    PERFORM pg_notify('aftercall_live',
      json_build_object('a', NEW.account_id, 'k', 'delivery', 'c', NEW.call_id, 'd', NEW.id, 'ch', NEW.channel)::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER calls_live_insert AFTER INSERT ON calls
  FOR EACH ROW WHEN (current_setting('aftercall.live_notify', true) IS DISTINCT FROM 'off') EXECUTE FUNCTION aftercall_live_notify();
--> statement-breakpoint
-- A platform's later event, the wait's release of the actions, a deleted or purged recording.
CREATE TRIGGER calls_live_update AFTER UPDATE ON calls
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.* AND current_setting('aftercall.live_notify', true) IS DISTINCT FROM 'off')
  EXECUTE FUNCTION aftercall_live_notify();
--> statement-breakpoint
-- A call's deliveries are announced by the call's own notification; test sends have no call.
CREATE TRIGGER deliveries_live_insert AFTER INSERT ON deliveries
  FOR EACH ROW WHEN (NEW.call_id IS NULL AND current_setting('aftercall.live_notify', true) IS DISTINCT FROM 'off')
  EXECUTE FUNCTION aftercall_live_notify();
--> statement-breakpoint
CREATE TRIGGER deliveries_live_update AFTER UPDATE OF status, attempt_count, reason, receipt ON deliveries
  FOR EACH ROW WHEN ((OLD.status, OLD.attempt_count, OLD.reason, OLD.receipt) IS DISTINCT FROM (NEW.status, NEW.attempt_count, NEW.reason, NEW.receipt)
                     AND current_setting('aftercall.live_notify', true) IS DISTINCT FROM 'off')
  EXECUTE FUNCTION aftercall_live_notify();
