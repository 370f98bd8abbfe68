import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { auth } from "@/lib/auth";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const session = await auth();
  if (session?.user) redirect("/");
  const { next } = await searchParams;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">Sign in to Aftercall</CardTitle>
        <CardDescription>
          We&apos;ll email you a link that signs you in. New here? The same link creates your workspace.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <LoginForm next={next} />
      </CardContent>
    </Card>
  );
}
