import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { allLedgerRows } from "@/db/queries/credits";
import { csvRow } from "@/lib/csv";
import { requireMember } from "@/lib/member";

/**
 * The whole ledger as CSV. Session-authenticated (requireMember redirects to /login without one)
 * and scoped to the member's current account; streamed page by page.
 */
export async function GET() {
  const member = await requireMember();
  const account = await getAccount(db, member.accountId);
  const timeZone = account?.timeZone ?? "UTC";
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(
          encoder.encode(
            csvRow([
              "id",
              "time_utc",
              "time_local",
              "kind",
              "channel",
              "amount",
              "balance_after",
              "note",
              "delivery_id",
              "call_id",
            ]),
          ),
        );
        const local = new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "medium" });
        for await (const r of allLedgerRows(db, member.accountId)) {
          controller.enqueue(
            encoder.encode(
              csvRow([
                r.id,
                r.createdAt.toISOString(),
                local.format(r.createdAt),
                r.kind,
                r.channel,
                r.amount,
                r.balanceAfter,
                r.note,
                r.deliveryId,
                r.callId,
              ]),
            ),
          );
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="aftercall-credits-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
