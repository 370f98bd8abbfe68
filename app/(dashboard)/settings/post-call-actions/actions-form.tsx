"use client";

import { Eye, Loader2, Plus, Workflow } from "lucide-react";
import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { preloadDialog } from "@/components/ui/dialog";
import { lazyComponent } from "@/lib/lazy-component";
import { EmptyState } from "@/components/ui/empty-state";
import type { ActionListState } from "@/db/queries/post-call-actions";
import { CHANNEL_LABEL, MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";
import { ActionCard } from "./action-card";
import { ChannelOverview } from "./channel-overview";
import { loadActions, saveActions } from "./actions";
import { costPreview, type CallVolume, type CostPreview as Preview } from "@/lib/post-call-actions/cost";
import { CostPreview } from "./cost-preview";
import { destinationText, withPhones, type PhoneDisplay } from "./destination";
import { fromSaved, newKey, sameAction, sameList, toCostActions, toPayload, type DraftAction, type PreviewContext, type Previews } from "./draft";
import { LeaveGuard } from "./leave-guard";
import { MessagePreview } from "./message-preview";
import { LIMIT_MESSAGE } from "@/lib/post-call-actions/labels";
import type { ActionData, SchemaOptions } from "@/lib/post-call-actions/schema";

// The add/edit dialog (react-hook-form, zod, libphonenumber) is fetched when it is first opened.
const loadDialog = () => import("./action-dialog");
function preloadActionDialog() {
  preloadDialog();
  void loadDialog().catch(() => {});
}
const ActionDialog = lazyComponent(() => loadDialog().then((m) => m.ActionDialog));

const n = (v: number) => v.toLocaleString("en");

/** The figure the save toast repeats, worded like the preview so they can be compared at a glance. */
function costSentence(p: Preview) {
  return `${n(p.perCall)} credits per call · ${n(p.monthlyCredits)} credits a month`;
}

export function ActionsForm({
  initial,
  phones: initialPhones,
  canEdit,
  balance,
  volume,
  schemaOptions,
  previews,
  previewContext,
}: {
  initial: ActionListState;
  /** The saved SMS numbers, formatted on the server (destination.ts). */
  phones: PhoneDisplay;
  canEdit: boolean;
  balance: number;
  volume: CallVolume;
  schemaOptions: SchemaOptions;
  previews: Previews;
  previewContext: PreviewContext;
}) {
  // `saved` is what the server holds (as far as this tab knows); `draft` is what the page shows.
  const [saved, setSaved] = useState<{ version: number; actions: DraftAction[] }>(() => ({
    version: initial.version,
    actions: fromSaved(initial.actions),
  }));
  const [draft, setDraft] = useState<DraftAction[]>(saved.actions);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [dialog, setDialog] = useState<{ open: boolean; editing: DraftAction | null }>({ open: false, editing: null });
  const [dialogUsed, setDialogUsed] = useState(false);
  if (dialog.open && !dialogUsed) setDialogUsed(true);
  const [phones, setPhones] = useState(initialPhones);
  const [saving, startSaving] = useTransition();

  const dirty = !sameList(draft, saved.actions);
  const preview = useMemo(() => costPreview(toCostActions(draft), volume, balance), [draft, volume, balance]);
  const savedById = useMemo(() => new Map(saved.actions.map((a) => [a.id!, a])), [saved.actions]);
  const atLimit = draft.length >= MAX_ACTIONS_PER_ACCOUNT;

  const update = (next: DraftAction[]) => {
    setDraft(next);
    setErrors({});
  };

  const upsert = (data: ActionData, destination: string) => {
    if (data.channel === "sms") setPhones((p) => (p[data.to] === destination ? p : { ...p, [data.to]: destination }));
    const editing = dialog.editing;
    if (editing) {
      update(draft.map((a) => (a.key === editing.key ? { ...a, ...data, id: a.id } : a)));
    } else {
      update([...draft, { ...data, key: newKey(), disabled_reason: null }]);
    }
  };

  const remove = (action: DraftAction) => {
    const index = draft.findIndex((a) => a.key === action.key);
    update(draft.filter((a) => a.key !== action.key));
    toast(`${CHANNEL_LABEL[action.channel]} action removed`, {
      description: "Save to make it final.",
      action: { label: "Undo", onClick: () => setDraft((d) => [...d.slice(0, index), action, ...d.slice(index)]) },
    });
  };

  const reload = async () => {
    const result = await loadActions();
    if (!result.ok) {
      toast.error(result.error);
      return;
    }
    const fresh = { version: result.data.version, actions: fromSaved(result.data.actions) };
    setPhones(await withPhones(phones, fresh.actions));
    setSaved(fresh);
    update(fresh.actions);
    toast.success("Loaded the latest actions.");
  };

  const save = () => {
    const before = saved;
    const sent = draft;
    const figure = costSentence(preview);
    // Optimistic: the list reads as saved at once; a refusal puts the old state back.
    setSaved({ version: before.version, actions: sent });
    startSaving(async () => {
      const result = await saveActions({ version: before.version, actions: toPayload(sent) });
      if (result.ok) {
        const fresh = { version: result.data.version, actions: fromSaved(result.data.actions) };
        void withPhones(phones, fresh.actions).then(setPhones, () => {});
        setSaved(fresh);
        // Swap in server ids, unless the list was edited again while saving.
        setDraft((current) => (current === sent ? fresh.actions : current));
        const check = costSentence(costPreview(toCostActions(fresh.actions), volume, balance));
        toast.success("Post-call actions saved", { description: check === figure ? figure : check });
        return;
      }
      setSaved(before);
      const fieldErrors: Record<number, string> = {};
      for (const f of result.fields ?? []) {
        const m = /^actions\[(\d+)\]/.exec(f.field);
        if (m) fieldErrors[Number(m[1])] ??= f.message;
      }
      setErrors(fieldErrors);
      if (/another tab/i.test(result.error)) {
        toast.error(result.error, { duration: 15_000, action: { label: "Reload", onClick: () => void reload() } });
      } else {
        toast.error(result.error);
      }
    });
  };

  const discard = () => update(saved.actions);

  const addButton = canEdit ? (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <Button
        type="button"
        onClick={() => setDialog({ open: true, editing: null })}
        onPointerEnter={preloadActionDialog}
        onFocus={preloadActionDialog}
        disabled={atLimit}
        aria-describedby="limit-note"
      >
        <Plus aria-hidden /> Add action
      </Button>
      <p id="limit-note" className="text-xs text-muted-foreground" data-testid="limit-note">
        {atLimit ? LIMIT_MESSAGE : `${draft.length} of ${MAX_ACTIONS_PER_ACCOUNT} actions used`}
      </p>
    </div>
  ) : null;

  return (
    <div className="pb-28">
      {!canEdit ? (
        <p className="mb-4 flex items-center gap-2 rounded-md border bg-card px-3 py-2 text-sm" data-testid="read-only-note">
          <Eye className="size-4 text-muted-foreground" aria-hidden />
          You have view-only access. Ask an owner or developer to change post-call actions.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <section aria-labelledby="actions-title" className="flex min-w-0 flex-col gap-4">
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
            <div>
              <h2 id="actions-title" className="text-lg font-semibold">
                Actions
              </h2>
              <p className="text-sm text-muted-foreground">Run in this order after every call that matches their conditions.</p>
            </div>
            {addButton}
          </div>

          {draft.length === 0 ? (
            <>
              <EmptyState icon={Workflow} title="No post-call actions yet">
                Get a summary of every call your agent picks up by SMS, email or a signed webhook. Webhooks are free; see the{" "}
                <Link href="/docs/webhooks" className="text-primary underline underline-offset-4">
                  webhook integration guide
                </Link>
                .
              </EmptyState>
              <ChannelOverview />
            </>
          ) : (
            <ul className="flex flex-col gap-3" aria-label="Post-call actions">
              {draft.map((action, i) => {
                const original = action.id ? savedById.get(action.id) : undefined;
                const state = !original ? "new" : sameAction(action, original) ? "saved" : "edited";
                return (
                  <ActionCard
                    key={action.key}
                    action={action}
                    destination={destinationText(action, phones)}
                    state={state}
                    canEdit={canEdit}
                    savedId={state === "saved" && !saving ? action.id! : null}
                    error={errors[i]}
                    onToggle={(enabled) => update(draft.map((a) => (a.key === action.key ? { ...a, enabled } : a)))}
                    onEdit={() => {
                      preloadActionDialog();
                      setDialog({ open: true, editing: action });
                    }}
                    onDelete={() => remove(action)}
                  />
                );
              })}
            </ul>
          )}
        </section>

        <aside className="flex min-w-0 flex-col gap-6 lg:sticky lg:top-6" aria-label="Previews">
          <CostPreview preview={preview} draft={draft} phones={phones} balance={balance} dirty={dirty} />
          <MessagePreview previews={previews} draft={draft} previewContext={previewContext} />
        </aside>
      </div>

      {canEdit && dialogUsed ? (
        <ActionDialog
          open={dialog.open}
          onOpenChange={(open) => setDialog((d) => ({ ...d, open }))}
          editing={dialog.editing}
          schemaOptions={schemaOptions}
          previewContext={previewContext}
          onSubmit={upsert}
        />
      ) : null}
      <LeaveGuard dirty={dirty} />

      {dirty || saving ? (
        <div className="fixed inset-x-0 bottom-0 z-40 border-t bg-card/95 shadow-[0_-4px_16px_rgba(0,0,0,0.08)] backdrop-blur lg:left-60" data-testid="save-bar">
          <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between lg:px-8">
            <p className="text-sm" role="status">
              <span className="font-medium">{saving ? "Saving…" : "Unsaved changes"}</span>
              <span className="text-muted-foreground"> · {costSentence(preview)}</span>
            </p>
            <div className="flex gap-2">
              <Button type="button" variant="outline" onClick={discard} disabled={saving} className="flex-1 sm:flex-none">
                Discard
              </Button>
              <Button type="button" onClick={save} disabled={saving || !dirty} className="flex-1 sm:flex-none">
                {saving ? <Loader2 className="animate-spin" aria-hidden /> : null}
                {saving ? "Saving…" : "Save changes"}
              </Button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
