import { Compass } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-12 text-center">
      <Logo className="text-lg" />
      <div className="rounded-full bg-secondary p-3 text-primary">
        <Compass className="size-6" aria-hidden />
      </div>
      <div className="flex flex-col gap-2">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="max-w-md text-sm text-muted-foreground">
          The link may be old, or the page may have moved.
        </p>
      </div>
      <Link href="/" className={buttonVariants()}>
        Go to the overview
      </Link>
    </main>
  );
}
