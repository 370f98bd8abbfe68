"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "@/lib/toast";
import { Button, type ButtonProps } from "@/components/ui/button";

/**
 * Copies `value` (or what `getValue` fetches, for secrets that are not on the page) and confirms
 * without showing it.
 */
export function CopyButton({
  value,
  getValue,
  label = "Copy",
  copiedMessage = "Copied to the clipboard",
  ...props
}: { value?: string; getValue?: () => Promise<string | null>; label?: string; copiedMessage?: string } & Omit<ButtonProps, "value" | "onClick">) {
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  async function copy() {
    setBusy(true);
    try {
      const text = value ?? (await getValue?.());
      if (!text) return;
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.success(copiedMessage);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("Could not copy. Select the text and copy it by hand.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button type="button" variant="outline" size="sm" onClick={copy} disabled={busy} {...props}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      {copied ? "Copied" : label}
    </Button>
  );
}
