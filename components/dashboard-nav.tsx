"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/lib/utils";

export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/calls", label: "Calls" },
  { href: "/contacts", label: "Contacts" },
  { href: "/settings/post-call-actions", label: "Post-call actions" },
  { href: "/developers/webhooks", label: "Developer Tools", match: "/developers" },
  { href: "/credits", label: "Credits" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings", label: "Settings", exact: true },
] as const;

export type NavHref = (typeof NAV_ITEMS)[number]["href"];

/**
 * The nav's icons, drawn by the server layout (components/nav-icons.tsx) and passed in, so the icon
 * code stays out of the browser bundle; this part only knows which link is the current page.
 */
export type NavIcons = Record<NavHref | "menu" | "close", React.ReactNode>;

/** Settings pages reached from the Settings page (not from the nav itself): "Settings" stays current on them. */
const SETTINGS_SUBPAGES = ["/settings/phone-numbers", "/settings/voice-platforms", "/settings/agents", "/settings/audit-log"];

function isActive(pathname: string, item: (typeof NAV_ITEMS)[number]) {
  if (item.href === "/") return pathname === "/";
  if ("exact" in item && item.exact) return pathname === item.href || SETTINGS_SUBPAGES.some((p) => pathname.startsWith(p));
  const base = "match" in item ? item.match : item.href;
  return pathname === base || pathname.startsWith(`${base}/`);
}

/**
 * /calls and /settings/post-call-actions have no loading skeleton (a streamed one held their first
 * paint back, see calls/page.tsx), so a click on their link shows nothing until the server answers:
 * this dot says the page is on its way. It fades in after 150 ms, so fast answers show nothing, and
 * goes at once when the page arrives.
 */
function PendingDot() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden
      className={cn("ml-auto size-1.5 rounded-full bg-current", pending ? "opacity-100 transition-opacity delay-150" : "opacity-0")}
    />
  );
}

function NavLinks({ icons, onNavigate }: { icons: NavIcons; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-secondary text-primary" : "text-muted-foreground hover:bg-accent hover:text-foreground",
              )}
            >
              {icons[item.href]}
              {item.label}
              <PendingDot />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function SidebarNav({ icons }: { icons: NavIcons }) {
  return (
    <nav aria-label="Main" className="hidden lg:block">
      <NavLinks icons={icons} />
    </nav>
  );
}

/** The phone-width menu: a button that opens the same links as a panel. */
export function MobileNav({ icons }: { icons: NavIcons }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="lg:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-nav"
        onClick={() => setOpen((v) => !v)}
        className="grid size-9 place-items-center rounded-md border bg-card"
      >
        {open ? icons.close : icons.menu}
        <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
      </button>
      {open ? (
        <nav id="mobile-nav" aria-label="Main" className="absolute inset-x-0 top-14 z-40 border-b bg-card p-3 shadow-lg">
          <NavLinks icons={icons} onNavigate={() => setOpen(false)} />
        </nav>
      ) : null}
    </div>
  );
}
