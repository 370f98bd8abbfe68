import { unstable_rethrow } from "next/navigation";
import { db } from "@/db";
import { importCsv, readImportBody } from "@/lib/contacts/import";
import { AppError, fieldErrorsFromZod, isUnstorableText, problem, problemFromError, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { CAN_EDIT } from "@/lib/member";
import { memberActor, routeMember } from "../../route-member";
import { columnMappingSchema } from "@/lib/contacts/schema";

export const dynamic = "force-dynamic";

const log = logger("contacts-import");

/**
 * POST /contacts/import/upload?mapping=<json>&filename=<name>: the raw CSV file as the body. The size
 * is checked before the body is read (content-length) and while it is read (a stream cap).
 */
export async function POST(request: Request) {
  try {
    const member = await routeMember(CAN_EDIT);
    const url = new URL(request.url);
    let mappingJson: unknown;
    try {
      mappingJson = JSON.parse(url.searchParams.get("mapping") ?? "");
    } catch {
      throw AppError.badRequest("Choose which columns to import.");
    }
    const mapping = columnMappingSchema.safeParse(mappingJson);
    if (!mapping.success) throw AppError.badRequest("The column mapping is not valid.", fieldErrorsFromZod(mapping.error.issues));
    const bytes = await readImportBody(request);
    const report = await importCsv(db, member.accountId, memberActor(member), bytes, mapping.data, url.searchParams.get("filename") ?? undefined);
    log.info({ accountId: member.accountId, imported: report.imported, merged: report.merged, rejected: report.rejected, ms: report.durationMs }, "contacts imported");
    return Response.json(report);
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) return problemFromError(error);
    if (isUnstorableText(error)) return problem(400, UNSTORABLE_TEXT_MESSAGE, { code: "bad_request" });
    log.error({ err: error }, "contacts import failed");
    return problem(500, "The import failed and nothing was saved. Please try again.");
  }
}
