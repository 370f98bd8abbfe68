import { createContext, useContext } from "react";
import type { Dialog as DialogPrimitive } from "radix-ui";

/** The open state a Dialog shares with its trigger and its (lazily loaded) content. */
export type DialogState = {
  open: boolean;
  setOpen: (open: boolean) => void;
  contentId: string;
  /** The trigger's ref callback, so focus can go back to it on close. */
  setTrigger: (node: HTMLButtonElement | null) => void;
  focusTrigger: () => void;
};

export const DialogStateContext = createContext<DialogState | null>(null);

export function useDialogState(component: string): DialogState {
  const state = useContext(DialogStateContext);
  if (!state) throw new Error(`<${component}> must be inside <Dialog>`);
  return state;
}

/** Radix's dialog parts, provided by the loaded content to the title, description and close button inside it. */
export const DialogPartsContext = createContext<typeof DialogPrimitive | null>(null);
