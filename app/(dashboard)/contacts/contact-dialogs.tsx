"use client";

import { MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/lib/toast";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { lazyComponent } from "@/lib/lazy-component";
import { createContactAction, deleteContactAction, updateContactAction } from "./actions";
import type { EditableContact } from "./contact-form";

// The form (react-hook-form, zod, phone formatting) is fetched when a dialog opens, not with the list.
const loadForm = () => import("./contact-form");
const preloadForm = () => void loadForm().catch(() => {});
const ContactForm = lazyComponent(() => loadForm().then((m) => m.ContactForm));
const EditContactForm = lazyComponent(() => loadForm().then((m) => m.EditContactForm));

export function AddContactButton({ defaultCountry }: { defaultCountry: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button onPointerEnter={preloadForm} onFocus={preloadForm}>
          <Plus aria-hidden />
          Add contact
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add contact</DialogTitle>
          <DialogDescription>
            A saved contact’s name appears in every SMS, email and webhook about their calls.
          </DialogDescription>
        </DialogHeader>
        <ContactForm
          submit={createContactAction}
          submitLabel="Save contact"
          defaultCountry={defaultCountry}
          onSaved={(c) => {
            setOpen(false);
            toast.success(
              c.promoted ? `Saved ${c.name}: their past calls now show this name` : `Saved ${c.name}`,
            );
            router.refresh();
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

export function EditContactDialog({
  contact,
  defaultCountry,
  open,
  onOpenChange,
}: {
  contact: EditableContact;
  defaultCountry: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {contact.name}</DialogTitle>
          <DialogDescription>Changes apply to the next notification about their calls.</DialogDescription>
        </DialogHeader>
        <EditContactForm
          contact={contact}
          submit={(values) => updateContactAction(contact.id, values)}
          submitLabel="Save changes"
          defaultCountry={defaultCountry}
          onSaved={(c) => {
            onOpenChange(false);
            toast.success(`Updated ${c.name}`);
            router.refresh();
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

export function DeleteContactDialog({
  contact,
  open,
  onOpenChange,
  onDeleted,
}: {
  contact: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted?: () => void;
}) {
  const router = useRouter();
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Delete ${contact.name}?`}
      description="Their calls stay in the call list, but notifications will no longer name them unless the agent hears their name."
      confirmLabel="Delete contact"
      pendingLabel="Deleting…"
      icon={<Trash2 aria-hidden />}
      action={() => deleteContactAction(contact.id)}
      success={`Deleted ${contact.name}`}
      onSuccess={() => (onDeleted ? onDeleted() : router.refresh())}
    />
  );
}

/** The row menu on the contacts list: edit or delete, for owners and developers. */
export function ContactRowActions({
  contact,
  defaultCountry,
}: {
  contact: EditableContact;
  defaultCountry: string;
}) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${contact.name}`}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem
            onSelect={() => {
              preloadForm();
              setEditing(true);
            }}
          >
            <Pencil aria-hidden className="size-4" />
            Edit
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setDeleting(true)} className="text-destructive">
            <Trash2 aria-hidden className="size-4" />
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <EditContactDialog
        contact={contact}
        defaultCountry={defaultCountry}
        open={editing}
        onOpenChange={setEditing}
      />
      <DeleteContactDialog contact={contact} open={deleting} onOpenChange={setDeleting} />
    </>
  );
}

/** Edit and delete buttons on a contact's own page. */
export function ContactPageActions({
  contact,
  defaultCountry,
}: {
  contact: EditableContact;
  defaultCountry: string;
}) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button
        variant="outline"
        onPointerEnter={preloadForm}
        onFocus={preloadForm}
        onClick={() => {
          preloadForm();
          setEditing(true);
        }}
      >
        <Pencil aria-hidden />
        Edit
      </Button>
      <Button variant="outline" onClick={() => setDeleting(true)}>
        <Trash2 aria-hidden />
        Delete
      </Button>
      <EditContactDialog
        contact={contact}
        defaultCountry={defaultCountry}
        open={editing}
        onOpenChange={setEditing}
      />
      <DeleteContactDialog
        contact={contact}
        open={deleting}
        onOpenChange={setDeleting}
        onDeleted={() => router.push("/contacts")}
      />
    </>
  );
}
