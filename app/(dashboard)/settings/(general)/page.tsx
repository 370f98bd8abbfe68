import { AudioLines, Bot, ChevronRight, Phone, ScrollText, Users } from "lucide-react";
import { getCountries } from "libphonenumber-js";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { can, requireMember } from "@/lib/member";
import { SettingsForm } from "../settings-form";

export const metadata: Metadata = { title: "Settings" };

const LINKS = [
  {
    href: "/settings/phone-numbers",
    title: "Phone numbers",
    body: "The agent numbers whose calls come to this account.",
    icon: Phone,
  },
  {
    href: "/settings/voice-platforms",
    title: "Voice platforms",
    body: "Calls from Vapi, Retell, Bland, ElevenLabs and Synthflow.",
    icon: AudioLines,
  },
  { href: "/settings/agents", title: "Agents", body: "Name your agents; route actions by agent.", icon: Bot },
  { href: "/settings/team", title: "Team", body: "Members, roles and invitations.", icon: Users },
  { href: "/settings/audit-log", title: "Audit log", body: "Who did what, and when.", icon: ScrollText },
] as const;

export default async function SettingsPage() {
  const member = await requireMember();
  const account = (await getAccount(db, member.accountId))!;
  const isOwner = can(member, ["owner"]);
  const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
  const countries = (getCountries() as string[])
    .map((c) => ({ value: c, label: `${regionNames.of(c) ?? c} (${c})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const zones = Intl.supportedValuesOf("timeZone");
  const timeZones = zones.includes(account.timeZone) ? zones : [account.timeZone, ...zones];
  const values = {
    name: account.name,
    defaultCountry: account.defaultCountry,
    timeZone: account.timeZone,
    recordingRetentionMonths: account.recordingRetentionMonths,
  };
  return (
    <>
      <PageHeader
        title="Settings"
        description={`How ${member.accountName} reads numbers, shows times and keeps recordings.`}
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {LINKS.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            className="group flex items-start gap-3 rounded-lg border bg-card p-4 shadow-sm transition-colors hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
          >
            <l.icon className="mt-0.5 size-5 shrink-0 text-primary" aria-hidden />
            <span className="min-w-0 flex-1">
              <span className="block font-medium">{l.title}</span>
              <span className="block text-sm text-muted-foreground">{l.body}</span>
            </span>
            <ChevronRight className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
          </Link>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Account</CardTitle>
          <CardDescription>
            {isOwner ? "Owners can change these." : "Only owners can change these."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {isOwner ? (
            <SettingsForm defaults={values} countries={countries} timeZones={timeZones} />
          ) : (
            <dl className="grid gap-4 text-sm sm:grid-cols-2" data-testid="settings-readonly">
              <Item label="Account name" value={values.name} />
              <Item
                label="Default country for phone numbers"
                value={
                  countries.find((c) => c.value === values.defaultCountry)?.label ?? values.defaultCountry
                }
              />
              <Item label="Time zone" value={values.timeZone.replace(/_/g, " ")} />
              <Item
                label="Keep call recordings for"
                value={`${values.recordingRetentionMonths} month${values.recordingRetentionMonths === 1 ? "" : "s"}`}
              />
            </dl>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="mt-1 font-medium">{value}</dd>
    </div>
  );
}
