import { ArrowLeft, PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { SaveContactButton } from "../save-contact-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { contactCalls, getContactRow } from "@/db/queries/contacts";
import type { CallStatus } from "@/db/schema";
import { CALL_STATUS_LABEL } from "@/lib/call-status";
import { formatDuration } from "@/lib/messages/call-view";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { formatPhone, PHONE_TYPE_LABEL } from "@/lib/phone";
import { ContactPageActions } from "../contact-dialogs";
import { contactIdSchema } from "@/lib/contacts/schema";
import { formatWhen } from "../format";

type Params = Promise<{ id: string }>;

async function load(id: string) {
  const member = await requireMember();
  if (!contactIdSchema.safeParse(id).success) notFound();
  const contact = await getContactRow(db, member.accountId, id);
  if (!contact) notFound();
  return { member, contact };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { contact } = await load((await params).id);
  return { title: contact.saved && contact.name ? contact.name : formatPhone(contact.phone) };
}

const STATUS_LABEL: Record<CallStatus, string> = CALL_STATUS_LABEL;

/**
 * A contact and its calls. A remembered caller (not saved) has a page too, reached from its calls:
 * it shows the calls and offers to save the number.
 */
export default async function ContactPage({ params }: { params: Params }) {
  const { member, contact } = await load((await params).id);
  const account = (await getAccount(db, member.accountId))!;
  const editor = can(member, CAN_EDIT);
  const callList = await contactCalls(db, member.accountId, contact.id);
  const saved = contact.saved && !!contact.name;
  const lastHeard = callList.find((c) => c.contactNameHeard)?.contactNameHeard ?? null;
  const lastCallAt = callList[0]?.endedAt ?? contact.lastCallAt;

  const details: [string, React.ReactNode][] = [
    ["Phone", <span key="p" className="tabular-nums">{formatPhone(contact.phone)}</span>],
    ["Line type", PHONE_TYPE_LABEL[contact.phoneType]],
    ...(saved
      ? ([
          ["Email", contact.email ? <a key="e" href={`mailto:${contact.email}`} className="text-primary underline-offset-4 hover:underline break-all">{contact.email}</a> : "—"],
          ["Company", contact.company ?? "—"],
        ] as [string, React.ReactNode][])
      : []),
    ["Last call", lastCallAt ? formatWhen(lastCallAt, account.timeZone) : "Never"],
  ];

  return (
    <>
      <Link href="/contacts" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Contacts
      </Link>
      <PageHeader
        title={saved ? contact.name! : formatPhone(contact.phone)}
        description={
          saved ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              <Badge className="shrink-0 whitespace-nowrap">Saved contact</Badge> Named in every notification about their calls.
            </span>
          ) : (
            <span className="inline-flex flex-wrap items-center gap-2">
              <Badge variant="outline" className="shrink-0 whitespace-nowrap">Not saved</Badge>
              {lastHeard ? `The agent heard “${lastHeard}”.` : "A caller who is not in your contacts."}
            </span>
          )
        }
        actions={
          editor ? (
            saved ? (
              <ContactPageActions
                contact={{ id: contact.id, name: contact.name!, phone: contact.phone, email: contact.email, company: contact.company, notes: contact.notes }}
                defaultCountry={account.defaultCountry}
              />
            ) : (
              <SaveContactButton phone={contact.phone} nameHeard={lastHeard} callId={callList[0]?.id} />
            )
          ) : null
        }
      />

      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <Card className="self-start">
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-3 text-sm">
              {details.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="min-w-0">{value}</dd>
                </div>
              ))}
            </dl>
            {saved && contact.notes ? (
              <div className="mt-4 border-t pt-4">
                <h3 className="mb-1 text-sm text-muted-foreground">Notes</h3>
                <p className="whitespace-pre-wrap text-sm">{contact.notes}</p>
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Calls</CardTitle>
            <CardDescription>
              {callList.length === 0
                ? "No calls from this number yet."
                : `${callList.length}${callList.length === 100 ? "+" : ""} ${callList.length === 1 ? "call" : "calls"}, newest first.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {callList.length === 0 ? (
              <EmptyState icon={PhoneCall} title="No calls yet" className="py-8">
                When this number calls your agent, the call appears here.
              </EmptyState>
            ) : (
              <ul className="-mx-2 flex flex-col">
                {callList.map((call) => (
                  <li key={call.id}>
                    <Link
                      href={`/calls/${call.id}`}
                      className="flex flex-col gap-1 rounded-md px-2 py-3 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring sm:flex-row sm:items-start sm:gap-4"
                    >
                      <span className="flex shrink-0 items-center gap-2 sm:w-64">
                        <span className="whitespace-nowrap text-sm font-medium">{formatWhen(call.endedAt, account.timeZone)}</span>
                        <Badge variant={call.status === "completed" ? "default" : "outline"}>{STATUS_LABEL[call.status]}</Badge>
                      </span>
                      <span className="min-w-0 flex-1 text-sm text-muted-foreground">
                        <span className="tabular-nums">{formatDuration(call.durationSeconds)}</span>
                        {call.summary ? <> · <span className="line-clamp-2 inline text-foreground">{call.summary}</span></> : null}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
