import { ActionResultBadge } from "@/components/calls/action-result";
import { db } from "@/db";
import { callMessageDeliveries } from "@/db/queries/delivery-lifecycle";
import { actionResult } from "@/lib/delivery/receipts";
import { formatPhone } from "@/lib/phone";
import { CHANNEL_LABEL } from "@/lib/pricing";

/**
 * The call's SMS and email results now, beside the webhook that reported them: the payload holds
 * them as they stood when it was built (a first outcome), while the carrier's and the mailbox's
 * receipts (delivered, undelivered, bounced) usually arrive later and show only here and in the API.
 */
export async function MessageResults({ accountId, callId, test }: { accountId: string; callId: string; test: boolean }) {
  const rows = await callMessageDeliveries(db, accountId, callId, test);
  if (rows.length === 0) return null;
  return (
    <>
      <dt className="text-muted-foreground">Messages now</dt>
      <dd>
        <ul className="grid gap-1.5" data-testid="message-results">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span>{CHANNEL_LABEL[r.channel]}</span>
              <span className="break-all text-muted-foreground">{r.channel === "sms" ? formatPhone(r.destination) : r.destination}</span>
              <ActionResultBadge result={actionResult(r)} />
              {r.receiptDetail ? <span className="basis-full text-xs text-muted-foreground">{r.receiptDetail}</span> : null}
            </li>
          ))}
        </ul>
        <p className="mt-1.5 text-xs text-muted-foreground">The payload holds them as they stood when it was built; later receipts show here and in the API.</p>
      </dd>
    </>
  );
}
