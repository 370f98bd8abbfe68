"use client";

import { useMemo, useRef } from "react";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { callEmailSubject } from "@/lib/messages/email-subject";
import type { CallView } from "@/lib/messages/call-view";
import { composeSms, MAX_SMS_SEGMENTS, smsTemplateProblem } from "@/lib/messages/sms";
import { EXAMPLE_TEMPLATE, renderTemplate, TEMPLATE_VARIABLE_HINT, TEMPLATE_VARIABLES, templateProblem } from "@/lib/messages/template";
import type { ActionInput } from "@/lib/post-call-actions/schema";

type Field = "body" | "subject" | "intro";
type Form = UseFormReturn<ActionInput, unknown, unknown>;

/**
 * An SMS or email action's own words, with the message re-rendered for the sample call on every
 * keystroke by the same functions the worker sends with. Empty fields send the standard message.
 */
export function TemplateFields({ form, channel, sample }: { form: Form; channel: "sms" | "email"; sample: CallView }) {
  const template = useWatch({ control: form.control, name: "template" }) ?? {};
  const errors = form.formState.errors.template as Partial<Record<Field, { message?: string }>> & { message?: string } | undefined;
  const fields: Field[] = channel === "sms" ? ["body"] : ["subject", "intro"];
  const last = useRef<{ field: Field; el: HTMLInputElement | HTMLTextAreaElement } | null>(null);

  const insert = (name: string) => {
    // The field last focused, if it is still on screen for this channel; else the last field's end.
    const target = last.current && fields.includes(last.current.field) && last.current.el.isConnected ? last.current : null;
    const field = target?.field ?? fields[fields.length - 1]!;
    const current = form.getValues(`template.${field}`) ?? "";
    const token = `{{${name}}}`;
    const at = target ? (target.el.selectionStart ?? current.length) : current.length;
    const end = target ? (target.el.selectionEnd ?? at) : at;
    form.setValue(`template.${field}`, `${current.slice(0, at)}${token}${current.slice(end)}`, { shouldDirty: true });
    requestAnimationFrame(() => {
      if (!target) return;
      target.el.focus();
      target.el.setSelectionRange(at + token.length, at + token.length);
    });
  };

  return (
    <fieldset className="flex flex-col gap-3" aria-describedby="template-hint">
      <legend className="mb-1 text-sm font-medium">Message</legend>
      <p id="template-hint" className="text-xs text-muted-foreground">
        Leave {channel === "sms" ? "it" : "both"} empty to send the standard message. Variables in double braces are filled in for each call; a value the
        call does not have is left out.
      </p>
      {fields.map((field) => {
        const error = errors?.[field]?.message;
        const id = `action-template-${field}`;
        const reg = form.register(`template.${field}`);
        const props = {
          id,
          spellCheck: true,
          placeholder: EXAMPLE_TEMPLATE[field],
          "aria-invalid": error ? true : undefined,
          "aria-describedby": error ? `${id}-error` : undefined,
          ...reg,
          ref: (el: HTMLInputElement | HTMLTextAreaElement | null) => {
            reg.ref(el);
            if (el && !last.current) last.current = { field, el };
          },
          onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => (last.current = { field, el: e.currentTarget }),
        };
        return (
          <div key={field} className="flex flex-col gap-1.5">
            <Label htmlFor={id}>{field === "body" ? "SMS text" : field === "subject" ? "Subject" : "Intro paragraph"}</Label>
            {field === "subject" ? <Input autoComplete="off" {...props} /> : <Textarea rows={field === "body" ? 4 : 3} {...props} />}
            {error ? (
              <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {errors?.message ? (
        <p role="alert" className="text-sm text-destructive">
          {errors.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Insert a variable">
        {TEMPLATE_VARIABLES.map((v) => (
          <Button key={v} type="button" variant="outline" size="sm" className="h-7 px-2 font-mono text-xs" title={TEMPLATE_VARIABLE_HINT[v]} onClick={() => insert(v)}>
            {`{{${v}}}`}
          </Button>
        ))}
      </div>
      <p className="text-xs text-muted-foreground">
        Also <code className="font-mono">{"{{analysis.<field>}}"}</code>: a field of your voice platform&apos;s post-call analysis.
      </p>
      {channel === "sms" ? <SmsLivePreview body={template.body ?? ""} sample={sample} /> : <EmailLivePreview subject={template.subject ?? ""} intro={template.intro ?? ""} sample={sample} />}
    </fieldset>
  );
}

function Problem({ message }: { message: string }) {
  return <p className="rounded-md bg-destructive/10 p-2.5 text-sm text-destructive">{message}</p>;
}

function SmsLivePreview({ body, sample }: { body: string; sample: CallView }) {
  const problem = body.trim() ? smsTemplateProblem(body) : null;
  const sms = useMemo(() => (problem ? null : composeSms(sample, body)), [problem, sample, body]);
  return (
    <section aria-label="Live preview" className="flex flex-col gap-2 rounded-md border bg-muted/60 p-3">
      <p className="text-xs text-muted-foreground">Preview for a sample call{body.trim() ? "" : " (the standard message)"}</p>
      <div aria-live="polite">
        {sms ? (
          <div className="max-w-[92%] whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-card px-3.5 py-2.5 text-sm shadow-sm" data-testid="template-sms-preview">
            {sms.text}
          </div>
        ) : (
          <Problem message={problem!} />
        )}
      </div>
      {sms ? (
        <dl className="grid grid-cols-3 gap-2 text-center text-xs" data-testid="template-sms-stats">
          {[
            ["Characters", sms.characters.toLocaleString("en")],
            ["Encoding", sms.encoding],
            ["Segments", `${sms.segments} of ${MAX_SMS_SEGMENTS}`],
          ].map(([k, v]) => (
            <div key={k} className="rounded-md bg-card p-2">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="font-semibold tabular-nums">{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="text-xs text-muted-foreground">
        An SMS is at most {MAX_SMS_SEGMENTS} segments: a long summary is shortened to fit, your own words never are.
        {sms?.truncated ? " This sample's summary was shortened." : ""}
      </p>
    </section>
  );
}

function EmailLivePreview({ subject, intro, sample }: { subject: string; intro: string; sample: CallView }) {
  const problem = (subject.trim() && (/[\r\n]/.test(subject) ? "Keep the subject on one line." : templateProblem(subject))) || (intro.trim() && templateProblem(intro)) || null;
  return (
    <section aria-label="Live preview" className="flex flex-col gap-2 rounded-md border bg-muted/60 p-3">
      <p className="text-xs text-muted-foreground">Preview for a sample call; the call&apos;s details, summary and transcript follow the intro.</p>
      <div aria-live="polite" className="flex flex-col gap-2">
        {problem ? (
          <Problem message={problem} />
        ) : (
          <>
            <p className="text-sm">
              <span className="text-muted-foreground">Subject: </span>
              <span className="font-medium" data-testid="template-email-subject">
                {callEmailSubject(sample, subject)}
              </span>
            </p>
            {intro.trim() ? (
              <p className="whitespace-pre-line rounded-md bg-card p-2.5 text-sm" data-testid="template-email-intro">
                {renderTemplate(intro, sample).trim()}
              </p>
            ) : (
              <p className="text-xs text-muted-foreground">No intro paragraph.</p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
