import { db } from "@/db";
import { allContacts, countContacts } from "@/db/queries/contacts";
import { audit } from "@/db/audit";
import { EXPORT_HEADER } from "@/lib/contacts/csv";
import { csvRow } from "@/lib/csv";
import { AppError, problemFromError } from "@/lib/errors";
import { memberActor, routeMember } from "../route-member";

export const dynamic = "force-dynamic";

/**
 * GET /contacts/export: the account's saved contacts as CSV, streamed page by page. Every cell is
 * escaped against formula injection. Any member may export; the export is audited.
 */
export async function GET() {
  let member;
  try {
    member = await routeMember();
  } catch (error) {
    if (error instanceof AppError) return problemFromError(error);
    throw error;
  }
  const accountId = member.accountId;
  await audit(db, { accountId, actor: memberActor(member), action: "contacts.exported", meta: { count: await countContacts(db, accountId) } });

  const encoder = new TextEncoder();
  const pages = allContacts(db, accountId);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // The BOM makes Excel read the file as UTF-8, so “Chloé” stays Chloé.
      controller.enqueue(encoder.encode(`\uFEFF${csvRow(EXPORT_HEADER)}`));
    },
    async pull(controller) {
      const { done, value } = await pages.next();
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          value
            .map((c) => csvRow([c.name, c.phone, c.email, c.company, c.notes, c.phoneType, c.lastCallAt?.toISOString() ?? ""]))
            .join(""),
        ),
      );
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="contacts-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
