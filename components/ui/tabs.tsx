"use client";

import * as React from "react";

/**
 * Tabs after the WAI-ARIA pattern, with the parts, attributes and keys of Radix's Tabs (automatic
 * activation, arrows wrap, Home/End; only the selected panel is mounted). Written here because Radix's
 * version brings roving focus, collections and presence along: ~8 kB gzipped for one preview card.
 */
type TabsState = { value: string; setValue: (value: string) => void; baseId: string };

const TabsContext = React.createContext<TabsState | null>(null);

function useTabs(component: string) {
  const state = React.useContext(TabsContext);
  if (!state) throw new Error(`<${component}> must be inside <Tabs.Root>`);
  return state;
}

const ids = (baseId: string, value: string) => ({ trigger: `${baseId}-trigger-${value}`, content: `${baseId}-content-${value}` });

export function Root({
  defaultValue,
  value: valueProp,
  onValueChange,
  ...props
}: Omit<React.ComponentProps<"div">, "defaultValue"> & {
  defaultValue?: string;
  value?: string;
  onValueChange?: (value: string) => void;
}) {
  const [uncontrolled, setUncontrolled] = React.useState(defaultValue ?? "");
  const value = valueProp ?? uncontrolled;
  const baseId = React.useId();
  const setValue = React.useCallback(
    (next: string) => {
      if (valueProp === undefined) setUncontrolled(next);
      onValueChange?.(next);
    },
    [valueProp, onValueChange],
  );
  const state = React.useMemo(() => ({ value, setValue, baseId }), [value, setValue, baseId]);
  return (
    <TabsContext.Provider value={state}>
      <div data-orientation="horizontal" {...props} />
    </TabsContext.Provider>
  );
}

const FOCUS_KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  PageUp: () => 0,
  End: (_, n) => n - 1,
  PageDown: (_, n) => n - 1,
};

export function List({ onKeyDown, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      role="tablist"
      aria-orientation="horizontal"
      data-orientation="horizontal"
      {...props}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        const move = FOCUS_KEYS[e.key];
        if (e.defaultPrevented || !move || e.metaKey || e.ctrlKey || e.altKey || e.shiftKey) return;
        const tabs = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not(:disabled)')];
        const from = tabs.indexOf(e.target as HTMLButtonElement);
        if (from === -1) return;
        e.preventDefault();
        tabs[move(from, tabs.length)]?.focus(); // focus selects it (automatic activation)
      }}
    />
  );
}

export function Trigger({
  value,
  disabled,
  onMouseDown,
  onKeyDown,
  onFocus,
  ...props
}: React.ComponentProps<"button"> & { value: string }) {
  const tabs = useTabs("Tabs.Trigger");
  const selected = tabs.value === value;
  const { trigger, content } = ids(tabs.baseId, value);
  return (
    <button
      type="button"
      role="tab"
      id={trigger}
      aria-selected={selected}
      aria-controls={content}
      data-state={selected ? "active" : "inactive"}
      data-disabled={disabled ? "" : undefined}
      data-orientation="horizontal"
      disabled={disabled}
      tabIndex={selected ? 0 : -1}
      {...props}
      onMouseDown={(e) => {
        onMouseDown?.(e);
        if (e.defaultPrevented || disabled) return;
        if (e.button === 0 && !e.ctrlKey) tabs.setValue(value);
        else e.preventDefault(); // as Radix: no focus (and so no selection) on other clicks
      }}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        if (!e.defaultPrevented && !disabled && (e.key === "Enter" || e.key === " ")) tabs.setValue(value);
      }}
      onFocus={(e) => {
        onFocus?.(e);
        if (!e.defaultPrevented && !selected && !disabled) tabs.setValue(value);
      }}
    />
  );
}

export function Content({ value, children, ...props }: React.ComponentProps<"div"> & { value: string }) {
  const tabs = useTabs("Tabs.Content");
  const { trigger, content } = ids(tabs.baseId, value);
  if (tabs.value !== value) return null;
  return (
    <div role="tabpanel" id={content} aria-labelledby={trigger} data-state="active" data-orientation="horizontal" tabIndex={0} {...props}>
      {children}
    </div>
  );
}
