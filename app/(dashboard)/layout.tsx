import { LogOut } from "lucide-react";
import Link from "next/link";
import { AccountSwitcher } from "./account-switcher";
import { MobileNav, SidebarNav } from "@/components/dashboard-nav";
import { Logo } from "@/components/logo";
import { NAV_ICONS } from "@/components/nav-icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { signOut } from "@/lib/auth";
import { requireMember } from "@/lib/member";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

/** Every dashboard page requires a member; this is the server-side check (proxy.ts only redirects). */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="hidden border-r bg-card lg:flex lg:flex-col lg:gap-6 lg:px-3 lg:py-5">
        <Link href="/" className="px-3">
          <Logo />
        </Link>
        <SidebarNav icons={NAV_ICONS} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="relative flex h-14 items-center justify-between gap-3 border-b bg-card px-4 lg:px-8">
          <div className="flex items-center gap-3">
            <MobileNav icons={NAV_ICONS} />
            <Link href="/" className="lg:hidden" aria-label="Aftercall home">
              <Logo />
            </Link>
            <div className="hidden items-center gap-2 lg:flex">
              {member.accounts.length > 1 ? (
                <AccountSwitcher id="account-switcher" current={member.accountId} accounts={member.accounts} />
              ) : null}
              <span className={member.accounts.length > 1 ? "sr-only" : "font-medium"} data-testid="account-name">{member.accountName}</span>
              <Badge variant="outline" data-testid="account-role">{member.role}</Badge>
            </div>
          </div>
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-muted-foreground sm:inline">{member.email}</span>
            <form action={signOutAction}>
              <Button variant="ghost" size="sm" type="submit">
                <LogOut aria-hidden />
                Sign out
              </Button>
            </form>
          </div>
        </header>
        {/* A labelled section, so this bar sits in a landmark (axe "region") on phones. */}
        <section aria-label="Current account" className="flex items-center gap-2 border-b bg-card px-4 py-2 text-sm lg:hidden">
          {member.accounts.length > 1 ? (
            <AccountSwitcher id="account-switcher-mobile" current={member.accountId} accounts={member.accounts} />
          ) : (
            <span className="font-medium">{member.accountName}</span>
          )}{" "}
          <Badge variant="outline">{member.role}</Badge>
        </section>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
