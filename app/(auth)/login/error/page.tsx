import { TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, { title: string; body: string }> = {
  Verification: {
    title: "This sign-in link has expired or was already used",
    body: "Sign-in links work once and expire after 24 hours. Ask for a new one and use the newest email.",
  },
  AccessDenied: { title: "Access denied", body: "This account is not allowed to sign in." },
  Configuration: {
    title: "Sign-in is not available right now",
    body: "The server is not configured for sign-in. Try again in a minute, or contact the administrator.",
  },
};

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const message = MESSAGES[error ?? ""] ?? {
    title: "We could not sign you in",
    body: "Something went wrong with that sign-in attempt. Ask for a new link and try again.",
  };
  return (
    <Card>
      <CardHeader className="items-center text-center">
        <div className="mb-2 rounded-full bg-warning/15 p-3 text-warning">
          <TriangleAlert className="size-6" aria-hidden />
        </div>
        <CardTitle as="h1" className="text-xl">{message.title}</CardTitle>
        <CardDescription>{message.body}</CardDescription>
      </CardHeader>
      <CardContent className="flex justify-center">
        <Link href="/login" className={buttonVariants()}>
          Get a new sign-in link
        </Link>
      </CardContent>
    </Card>
  );
}
