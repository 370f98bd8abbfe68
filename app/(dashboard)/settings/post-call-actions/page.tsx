import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { callVolume, listActions } from "@/db/queries/post-call-actions";
import { getEnv } from "@/lib/env";
import { formatPhone } from "@/lib/phone";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { sampleCallView } from "@/lib/messages/call-view";
import { renderCallEmail } from "@/lib/messages/email";
import { composeSms } from "@/lib/messages/sms";
import { buildWebhookPayload } from "@/lib/messages/webhook-payload";
import { ActionsForm } from "./actions-form";

export const metadata: Metadata = { title: "Post-call actions" };

/**
 * No loading.tsx above this page, on purpose: its data is ready in ~20 ms, but React 19.2 reveals a
 * streamed Suspense boundary no sooner than 300 ms after the first paint, so a skeleton here held the
 * page's main text (its largest paint) back on every load (Lighthouse mobile LCP ~2.8 s).
 */
export default async function PostCallActionsPage() {
  const member = await requireMember();
  const account = await getAccount(db, member.accountId);
  if (!account) throw new Error("The member's account vanished.");
  const env = getEnv();

  // The previews are rendered here, by the same code the worker sends with, for the sample call.
  const view = sampleCallView(env.APP_URL, account.timeZone);
  const [list, volume, email] = await Promise.all([
    listActions(db, member.accountId),
    callVolume(db, member.accountId),
    renderCallEmail(view),
  ]);
  const sms = composeSms(view);
  const webhook = buildWebhookPayload(view, [], { timestamp: new Date(view.endedAt.getTime() + 1120) });

  return (
    <>
      <PageHeader
        title="Post-call actions"
        description="Choose how you receive conversation summaries of every call your agent picks up: by SMS, email, webhook or all three."
      />
      <ActionsForm
        initial={list}
        phones={Object.fromEntries(list.actions.filter((a) => a.channel === "sms").map((a) => [a.to, formatPhone(a.to)]))}
        canEdit={can(member, CAN_EDIT)}
        balance={account.creditBalance}
        volume={volume}
        schemaOptions={{ defaultCountry: account.defaultCountry, allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS }}
        previewContext={{ appUrl: env.APP_URL, timeZone: account.timeZone }}
        previews={{
          sms: { text: sms.text, characters: sms.characters, encoding: sms.encoding, segments: sms.segments, units: sms.units },
          email: { subject: email.subject, html: email.html },
          webhook,
        }}
      />
    </>
  );
}
