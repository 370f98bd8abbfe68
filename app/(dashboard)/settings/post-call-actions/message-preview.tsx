"use client";

import { useEffect, useMemo, useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import * as Tabs from "@/components/ui/tabs";
import { CHANNEL_LABEL, CHANNELS, priceOf } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import type { DraftAction, PreviewContext, Previews } from "./draft";

/**
 * Each message exactly as it is sent for a sample call, rendered by the code the worker uses: on the
 * server for the standard messages, and again as the list's first SMS and email templates change
 * (the SMS and subject in the browser, the email's HTML by the server). The webhook's `data.actions`
 * follows the list on the page.
 */
export function MessagePreview({ previews, draft, previewContext }: { previews: Previews; draft: DraftAction[]; previewContext: PreviewContext }) {
  const smsTemplate = draft.find((a) => a.enabled && a.channel === "sms" && a.template?.body)?.template?.body ?? null;
  const emailTemplate = draft.find((a) => a.enabled && a.channel === "email" && a.template)?.template ?? null;
  const emailKey = emailTemplate ? JSON.stringify(emailTemplate) : null;
  const [live, setLive] = useState<{ key: string; sms: Previews["sms"] | null; subject: string | null } | null>(null);
  const [emailHtml, setEmailHtml] = useState<{ key: string; html: string } | null>(null);
  const liveKey = JSON.stringify([smsTemplate, emailKey]);

  useEffect(() => {
    if (!smsTemplate && !emailKey) return;
    let current = true;
    void import("./live-preview").then(({ renderLivePreview }) => {
      if (!current) return;
      const out = renderLivePreview(previewContext, smsTemplate, emailKey ? (JSON.parse(emailKey) as DraftAction["template"]) : null);
      setLive({ key: liveKey, ...out });
    });
    return () => {
      current = false;
    };
  }, [smsTemplate, emailKey, liveKey, previewContext]);

  useEffect(() => {
    if (!emailKey) return;
    let current = true;
    const timer = setTimeout(() => {
      const { subject, intro } = JSON.parse(emailKey) as { subject?: string | null; intro?: string | null };
      const query = new URLSearchParams({ subject: subject ?? "", intro: intro ?? "" });
      void fetch(`/api/dashboard/email-preview?${query}`)
        .then((r) => (r.ok ? (r.json() as Promise<{ html: string }>) : null))
        .then((r) => {
          if (current && r) setEmailHtml({ key: emailKey, html: r.html });
        })
        .catch(() => {}); // the standard email stays in the preview; the dialog shows the template's own errors
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [emailKey]);

  const liveNow = live?.key === liveKey ? live : null;
  const sms = (smsTemplate && liveNow?.sms) || previews.sms;
  const subject = (emailKey && liveNow?.subject) || previews.email.subject;
  const serverEmail = emailKey && emailHtml?.key === emailKey ? emailHtml : null;
  const html = serverEmail?.html ?? previews.email.html;
  const payload = useMemo(() => {
    const actions = draft
      .filter((a) => a.enabled && a.channel !== "webhook")
      .map((a, i) => ({
        id: a.id ?? `act_new${i + 1}`,
        channel: a.channel,
        to: a.to,
        status: "sent",
        credits: priceOf(a.channel),
        error: null,
      }));
    return JSON.stringify({ ...previews.webhook, data: { ...previews.webhook.data, actions } }, null, 2);
  }, [previews.webhook, draft]);

  return (
    <Card aria-labelledby="message-preview-title">
      <CardHeader className="pb-3">
        <CardTitle id="message-preview-title">Message preview</CardTitle>
        <CardDescription>What a sample call sends on each channel.</CardDescription>
      </CardHeader>
      <CardContent>
        <Tabs.Root defaultValue="sms">
          <Tabs.List aria-label="Channel" className="mb-3 grid grid-cols-3 rounded-md bg-muted p-1">
            {CHANNELS.map((c) => (
              <Tabs.Trigger
                key={c}
                value={c}
                className="rounded-sm px-2 py-1.5 text-sm font-medium text-muted-foreground transition-colors data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-sm"
              >
                {CHANNEL_LABEL[c]}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <Tabs.Content value="sms" className="h-[26rem]">
            <div className="flex h-full flex-col gap-3 rounded-md border bg-muted/60 p-3">
              <p className="text-xs text-muted-foreground">To your mobile, from the Aftercall number</p>
              <div
                className="max-w-[92%] self-start whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-card px-3.5 py-2.5 text-sm shadow-sm"
                data-testid="sms-preview"
              >
                {sms.text}
              </div>
              <dl className="mt-auto grid grid-cols-3 gap-2 text-center text-xs">
                {[
                  ["Characters", sms.characters.toLocaleString("en")],
                  ["Encoding", sms.encoding],
                  ["Segments", String(sms.segments)],
                ].map(([k, v]) => (
                  <div key={k} className="rounded-md bg-card p-2">
                    <dt className="text-muted-foreground">{k}</dt>
                    <dd className="font-semibold tabular-nums">{v}</dd>
                  </div>
                ))}
              </dl>
              <p className="text-xs text-muted-foreground">
                {smsTemplate ? "Your SMS action's template. " : ""}An SMS is at most 2 segments (a long summary is shortened) and costs 10 credits.
              </p>
            </div>
          </Tabs.Content>
          <Tabs.Content value="email" className="h-[26rem]">
            <div className="flex h-full flex-col overflow-hidden rounded-md border">
              <p className="border-b bg-muted/60 px-3 py-2 text-sm">
                <span className="text-muted-foreground">Subject: </span>
                <span className="font-medium" data-testid="email-subject">
                  {subject}
                </span>
              </p>
              {/* A new frame for each email, never a new srcdoc on the same frame: Chromium runs a sandboxed
                  frame in its own process, and a srcdoc changed while the frame's first document was still
                  loading (the server's email arriving just as the tab opened) left the preview blank (the new
                  document there but never laid out) or still showing the standard email. */}
              <iframe
                key={serverEmail?.key ?? "standard"}
                title="Email preview"
                sandbox=""
                srcDoc={html}
                className="min-h-0 w-full flex-1 bg-white"
                data-testid="email-preview"
              />
            </div>
          </Tabs.Content>
          <Tabs.Content value="webhook" className="h-[26rem]">
            <pre
              className={cn("h-full overflow-auto rounded-md border bg-muted/60 p-3 font-mono text-xs leading-relaxed")}
              tabIndex={0}
              aria-label="Webhook JSON payload"
              data-testid="webhook-preview"
            >
              {payload}
            </pre>
          </Tabs.Content>
        </Tabs.Root>
      </CardContent>
    </Card>
  );
}
