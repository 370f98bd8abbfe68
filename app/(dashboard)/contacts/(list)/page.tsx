import { BookUser, ChevronLeft, ChevronRight, Download, Search, SearchX, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { countContacts, listContacts } from "@/db/queries/contacts";
import { AppError } from "@/lib/errors";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { formatPhone } from "@/lib/phone";
import { AddContactButton, ContactRowActions } from "../contact-dialogs";
import { formatWhen } from "../format";
import { ScrollTable } from "../scroll-table";

export const metadata: Metadata = { title: "Contacts" };

const PAGE_SIZE = 25;

type SearchParams = Promise<{ q?: string; after?: string; before?: string }>;

export default async function ContactsPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember();
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.trim().slice(0, 100) : "";
  const account = (await getAccount(db, member.accountId))!;
  const editor = can(member, CAN_EDIT);

  let page;
  let badCursor = false;
  try {
    page = await listContacts(db, member.accountId, {
      q,
      after: typeof params.after === "string" ? params.after : undefined,
      before: typeof params.before === "string" ? params.before : undefined,
      limit: PAGE_SIZE,
      defaultCountry: account.defaultCountry,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    badCursor = true;
    page = await listContacts(db, member.accountId, { q, limit: PAGE_SIZE, defaultCountry: account.defaultCountry });
  }
  const total = await countContacts(db, member.accountId);
  const href = (extra: Record<string, string>) => `/contacts?${new URLSearchParams({ ...(q ? { q } : {}), ...extra })}`;

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Saved contacts name the caller in every SMS, email and webhook."
        actions={
          <>
            {total > 0 ? (
              <Button variant="outline" asChild>
                <a href="/contacts/export" download>
                  <Download aria-hidden />
                  Export CSV
                </a>
              </Button>
            ) : null}
            {editor ? (
              <>
                <Button variant="outline" asChild>
                  <Link href="/contacts/import">
                    <Upload aria-hidden />
                    Import CSV
                  </Link>
                </Button>
                <AddContactButton defaultCountry={account.defaultCountry} />
              </>
            ) : null}
          </>
        }
      />

      {total === 0 ? (
        <EmptyState icon={BookUser} title="No saved contacts yet">
          <p>
            When a caller’s number is saved, their name appears in the SMS, the email and the webhook for every call they make.
            {editor ? " Add someone, import a CSV from your CRM or phone, or save a caller from a call’s page." : " Owners and developers can add contacts."}
          </p>
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          <form role="search" action="/contacts" className="flex gap-2">
            <label htmlFor="contact-search" className="sr-only">
              Search contacts by name, email or number
            </label>
            <Input
              id="contact-search"
              name="q"
              type="search"
              defaultValue={q}
              placeholder="Name, email or number"
              className="max-w-md"
            />
            <Button type="submit" variant="secondary">
              <Search aria-hidden />
              Search
            </Button>
          </form>
          {badCursor ? (
            <p role="status" className="text-sm text-muted-foreground">
              That page link had expired, so this is the first page.
            </p>
          ) : null}

          {page.contacts.length === 0 ? (
            <EmptyState icon={SearchX} title={`No contacts match “${q}”`}>
              <p>
                Try part of a name, or a number in any format: +61 412 345 678, 0412 345 678 or just 345678.{" "}
                <Link href="/contacts" className="font-medium text-primary underline-offset-4 hover:underline">
                  Show all contacts
                </Link>
              </p>
            </EmptyState>
          ) : (
            <div className="rounded-lg border bg-card">
              <ScrollTable label="Contacts">
                <caption className="sr-only">{q ? `Contacts matching “${q}”` : "Saved contacts, by name"}</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>Phone</TableHead>
                    <TableHead className="hidden md:table-cell">Email</TableHead>
                    <TableHead className="hidden lg:table-cell">Company</TableHead>
                    <TableHead className="hidden sm:table-cell">Last call</TableHead>
                    {editor ? (
                      <TableHead className="w-12">
                        <span className="sr-only">Actions</span>
                      </TableHead>
                    ) : null}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {page.contacts.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell className="max-w-36 font-medium sm:max-w-64">
                        <Link href={`/contacts/${c.id}`} className="block truncate text-primary underline-offset-4 hover:underline">
                          {c.name}
                        </Link>
                        {c.company ? <span className="block truncate text-xs text-muted-foreground lg:hidden">{c.company}</span> : null}
                      </TableCell>
                      <TableCell className="whitespace-nowrap tabular-nums">{formatPhone(c.phone)}</TableCell>
                      <TableCell className="hidden max-w-56 truncate md:table-cell">{c.email ?? <span className="text-muted-foreground">—</span>}</TableCell>
                      <TableCell className="hidden max-w-48 truncate lg:table-cell">{c.company ?? <span className="text-muted-foreground">—</span>}</TableCell>
                      <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                        {c.lastCallAt ? formatWhen(c.lastCallAt, account.timeZone) : "Never"}
                      </TableCell>
                      {editor ? (
                        <TableCell className="text-right">
                          <ContactRowActions contact={c} defaultCountry={account.defaultCountry} />
                        </TableCell>
                      ) : null}
                    </TableRow>
                  ))}
                </TableBody>
              </ScrollTable>
            </div>
          )}

          <nav aria-label="Pages" className="flex items-center justify-between gap-2 text-sm">
            <p className="text-muted-foreground">
              {total.toLocaleString("en")} saved {total === 1 ? "contact" : "contacts"}
            </p>
            <div className="flex gap-2">
              {page.prevCursor ? (
                <Button variant="outline" size="sm" asChild>
                  <Link href={href({ before: page.prevCursor })} rel="prev">
                    <ChevronLeft aria-hidden />
                    Previous
                  </Link>
                </Button>
              ) : null}
              {page.nextCursor ? (
                <Button variant="outline" size="sm" asChild>
                  <Link href={href({ after: page.nextCursor })} rel="next">
                    Next
                    <ChevronRight aria-hidden />
                  </Link>
                </Button>
              ) : null}
            </div>
          </nav>
        </div>
      )}
    </>
  );
}
