"use client";

import { Trash2 } from "lucide-react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { deleteRecordingAction } from "./actions";

export function DeleteRecordingButton({ callId }: { callId: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" className="self-start">
          <Trash2 aria-hidden />
          Delete recording
        </Button>
      }
      title="Delete this recording?"
      description="Links to it in emails and webhooks stop working at once. The call, its summary and transcript stay. This cannot be undone."
      confirmLabel="Delete recording"
      pendingLabel="Deleting…"
      icon={<Trash2 aria-hidden />}
      action={() => deleteRecordingAction({ callId })}
      success="Recording deleted. Its links no longer work."
    />
  );
}
