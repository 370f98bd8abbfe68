"use client";

import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/lib/toast";
import { saveContactFromCallAction } from "./actions";
import { ContactForm } from "./contact-form";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { formatPhone } from "@/lib/phone";

/**
 * "Save contact" for a caller who is not in the address book: a dialog prefilled with their number
 * and the name the agent heard. Saving names this caller in every notification from then on and
 * links the call (`callId`) to the new contact. Render it for owners and developers only.
 */
export function SaveContactButton({
  phone,
  nameHeard,
  callId,
  variant = "default",
  size = "default",
}: {
  /** The caller's number, E.164. */
  phone: string;
  /** The name the agent heard on the call (`calls.contact_name_heard`), if any. */
  nameHeard?: string | null;
  /** The call the button sits on; the saved contact is linked to it. */
  callId?: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
}) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size={size}>
          <UserPlus aria-hidden />
          Save contact
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Save {formatPhone(phone)} as a contact</DialogTitle>
          <DialogDescription>
            {nameHeard
              ? `The agent heard “${nameHeard}”. Check the spelling: the saved name is used in every notification about this caller.`
              : "The saved name is used in every notification about this caller."}
          </DialogDescription>
        </DialogHeader>
        <ContactForm
          defaults={{ phone: formatPhone(phone), name: nameHeard ?? "" }}
          submit={(values) => saveContactFromCallAction({ ...values, callId })}
          submitLabel="Save contact"
          onSaved={(c) => {
            setOpen(false);
            toast.success(`Saved ${c.name}`, {
              action: { label: "View contact", onClick: () => router.push(`/contacts/${c.id}`) },
            });
            router.refresh();
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
