import { MailCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <Card>
      <CardHeader className="items-center text-center">
        <div className="mb-2 rounded-full bg-secondary p-3 text-primary">
          <MailCheck className="size-6" aria-hidden />
        </div>
        <CardTitle as="h1" className="text-xl">Check your email</CardTitle>
        <CardDescription>
          We sent you a sign-in link. It works once and expires in 24 hours. Running locally without an email
          provider? The link is in the terminal and in the outbox.
        </CardDescription>
      </CardHeader>
      <CardContent className="text-center text-sm">
        <Link href="/login" className="text-primary underline underline-offset-4">
          Use a different email
        </Link>
      </CardContent>
    </Card>
  );
}
