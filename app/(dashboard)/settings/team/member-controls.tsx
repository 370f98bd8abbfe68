"use client";

import { useState, useTransition } from "react";
import { toast } from "@/lib/toast";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/select";
import type { ActionResult } from "@/lib/action-result";
import { changeMemberRole, leaveAccount, removeTeamMember, withdrawInvitation } from "./actions";
import { ROLES } from "./roles";

type Role = (typeof ROLES)[number];

export function RoleSelect({ userId, email, role }: { userId: string; email: string; role: Role }) {
  const [pending, startTransition] = useTransition();
  const [value, setValue] = useState<Role>(role);
  return (
    <NativeSelect
      aria-label={`Role of ${email}`}
      value={value}
      disabled={pending}
      className="w-36"
      onChange={(e) => {
        const next = e.target.value as Role;
        setValue(next);
        startTransition(async () => {
          const result = await changeMemberRole({ userId, role: next });
          if (!result.ok) {
            setValue(role);
            toast.error(result.error);
          } else toast.success(`${email} is now ${next === "owner" ? "an" : "a"} ${next}.`);
        });
      }}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r[0]!.toUpperCase() + r.slice(1)}
        </option>
      ))}
    </NativeSelect>
  );
}

/** A destructive step behind a confirmation dialog, with the outcome as a toast. */
function ConfirmButton({
  label,
  title,
  description,
  confirm,
  run,
  success,
}: {
  label: string;
  title: string;
  description: string;
  confirm: string;
  run: () => Promise<ActionResult>;
  success: string;
}) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm">
          {label}
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={confirm}
      action={run}
      success={success}
      closeOnError
    />
  );
}

export function RemoveButton({ userId, email }: { userId: string; email: string }) {
  return (
    <ConfirmButton
      label="Remove"
      title={`Remove ${email}?`}
      description="They lose access to this account at once. You can invite them again later."
      confirm="Remove"
      run={() => removeTeamMember({ userId })}
      success={`${email} was removed.`}
    />
  );
}

export function LeaveButton({ accountName }: { accountName: string }) {
  return (
    <ConfirmButton
      label="Leave"
      title={`Leave ${accountName}?`}
      description="You lose access to this account at once. An owner can invite you again."
      confirm="Leave account"
      run={() => leaveAccount()}
      success={`You left ${accountName}.`}
    />
  );
}

export function WithdrawButton({ invitationId, email }: { invitationId: string; email: string }) {
  return (
    <ConfirmButton
      label="Withdraw"
      title={`Withdraw the invitation to ${email}?`}
      description="The link in their email stops working."
      confirm="Withdraw"
      run={() => withdrawInvitation({ invitationId })}
      success={`Invitation to ${email} withdrawn.`}
    />
  );
}
