"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/developers/webhooks", label: "Webhooks", exact: true },
  { href: "/developers/webhooks/deliveries", label: "Delivery log" },
  { href: "/developers/api-keys", label: "API keys" },
  { href: "/developers/outbox", label: "Outbox" },
];

export function DeveloperTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Developer Tools" className="-mx-4 mb-6 overflow-x-auto border-b px-4 lg:mx-0 lg:px-0">
      <ul className="flex min-w-max gap-1">
        {TABS.map((tab) => {
          const active = tab.exact ? pathname === tab.href : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-3 py-2 text-sm font-medium transition-colors",
                  active ? "border-primary text-primary" : "border-transparent text-muted-foreground hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
