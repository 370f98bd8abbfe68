"use client";

import { Trash2 } from "lucide-react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { removeNumberAction } from "./actions";

export function RemoveNumberButton({ id, display }: { id: string; display: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Remove ${display}`}>
          <Trash2 aria-hidden />
          <span className="hidden sm:inline">Remove</span>
        </Button>
      }
      title={`Remove ${display}?`}
      description="Call-end events for this number will be refused until it is added again. Calls already stored stay."
      confirmLabel="Remove number"
      pendingLabel="Removing…"
      icon={<Trash2 aria-hidden />}
      action={() => removeNumberAction({ id })}
      success={`Removed ${display}.`}
    />
  );
}
