import { ArrowLeft, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { ImportWizard } from "./import-wizard";

export const metadata: Metadata = { title: "Import contacts" };

export default async function ImportContactsPage() {
  const member = await requireMember();
  const account = (await getAccount(db, member.accountId))!;
  return (
    <>
      <Link href="/contacts" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Contacts
      </Link>
      <PageHeader
        title="Import contacts"
        description="Upload a CSV from your CRM, phone or spreadsheet, check how its columns map, then import."
      />
      {can(member, CAN_EDIT) ? (
        <ImportWizard defaultCountry={account.defaultCountry} />
      ) : (
        <EmptyState icon={Lock} title="Only owners and developers can import contacts">
          Ask an owner of {member.accountName} to import the file, or to change your role.
        </EmptyState>
      )}
    </>
  );
}
