"use client";

import {
  BookUser,
  Code2,
  Coins,
  LayoutDashboard,
  Menu,
  PhoneCall,
  Settings,
  Users,
  Workflow,
  X,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/lib/utils";

export const NAV_ITEMS = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/calls", label: "Calls", icon: PhoneCall },
  { href: "/contacts", label: "Contacts", icon: BookUser },
  { href: "/settings/post-call-actions", label: "Post-call actions", icon: Workflow },
  { href: "/developers/webhooks", label: "Developer Tools", icon: Code2, match: "/developers" },
  { href: "/credits", label: "Credits", icon: Coins },
  { href: "/settings/team", label: "Team", icon: Users },
  { href: "/settings", label: "Settings", icon: Settings, exact: true },
] as const;

function isActive(pathname: string, item: (typeof NAV_ITEMS)[number]) {
  if (item.href === "/") return pathname === "/";
  if ("exact" in item && item.exact) return pathname === item.href || pathname.startsWith("/settings/phone-numbers") || pathname.startsWith("/settings/audit-log");
  const base = "match" in item ? item.match : item.href;
  return pathname === base || pathname.startsWith(`${base}/`);
}

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item);
        const Icon = item.icon;
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
              <Icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function SidebarNav() {
  return (
    <nav aria-label="Main" className="hidden lg:block">
      <NavLinks />
    </nav>
  );
}

/** The phone-width menu: a button that opens the same links as a panel. */
export function MobileNav() {
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
        {open ? <X className="size-4" aria-hidden /> : <Menu className="size-4" aria-hidden />}
        <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
      </button>
      {open ? (
        <nav id="mobile-nav" aria-label="Main" className="absolute inset-x-0 top-14 z-40 border-b bg-card p-3 shadow-lg">
          <NavLinks onNavigate={() => setOpen(false)} />
        </nav>
      ) : null}
    </div>
  );
}
