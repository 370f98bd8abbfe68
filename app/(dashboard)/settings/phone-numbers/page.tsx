import { Phone } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listAgentNumbers } from "@/db/queries/agent-numbers";
import { formatDateTime } from "@/lib/format-time";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { formatPhone } from "@/lib/phone";
import { PhoneNumbersForm } from "./phone-numbers-form";
import { RemoveNumberButton } from "./remove-number-button";

export const metadata: Metadata = { title: "Phone numbers" };

export default async function PhoneNumbersPage() {
  const member = await requireMember();
  const [account, numbers] = await Promise.all([getAccount(db, member.accountId), listAgentNumbers(db, member.accountId)]);
  const editable = can(member, CAN_EDIT);
  const timeZone = account?.timeZone ?? "UTC";

  return (
    <>
      <Link href="/settings" className="mb-3 inline-block text-sm text-muted-foreground hover:text-foreground">
        ← Settings
      </Link>
      <PageHeader
        title="Phone numbers"
        description="The numbers your AI agent answers on. Aftercall files each call-end event under the account that owns its number."
      />
      <div className="flex flex-col gap-4">
        {editable ? (
          <Card>
            <CardHeader>
              <CardTitle>Add a number</CardTitle>
              <CardDescription>Each number belongs to one Aftercall account.</CardDescription>
            </CardHeader>
            <CardContent>
              <PhoneNumbersForm country={account?.defaultCountry ?? "AU"} />
            </CardContent>
          </Card>
        ) : (
          <p className="rounded-md border bg-card px-4 py-3 text-sm text-muted-foreground">
            You can view these numbers. Owners and developers can add and remove them.
          </p>
        )}

        {numbers.length === 0 ? (
          <EmptyState icon={Phone} title="No phone numbers yet">
            Add the number your agent answers on; until then call-end events for it are refused.
          </EmptyState>
        ) : (
          <Card>
            <CardHeader>
              <CardTitle>Your numbers</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="flex flex-col divide-y" aria-label="Phone numbers" data-testid="agent-numbers">
                {numbers.map((n) => (
                  <li key={n.id} className="flex items-center gap-3 py-3 first:pt-0 last:pb-0">
                    <Phone className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                    <div className="min-w-0 flex-1">
                      <p className="font-medium tabular-nums">{formatPhone(n.e164)}</p>
                      <p className="text-xs text-muted-foreground">
                        {n.label ? `${n.label} · ` : ""}Added {formatDateTime(n.createdAt, timeZone)}
                      </p>
                    </div>
                    {editable ? <RemoveNumberButton id={n.id} display={formatPhone(n.e164)} /> : null}
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        )}
      </div>
    </>
  );
}
