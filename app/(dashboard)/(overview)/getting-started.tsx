import { ArrowRight, CheckCircle2, Circle } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ChecklistStep } from "@/lib/getting-started";
import { cn } from "@/lib/utils";
import { SendSampleCallButton } from "./send-sample-call-button";

/** The getting-started checklist: each step ticks itself from what the workspace has done. */
export function GettingStarted({
  steps,
  complete,
  doneCount,
  canEdit,
  outbox,
}: {
  steps: ChecklistStep[];
  complete: boolean;
  doneCount: number;
  canEdit: boolean;
  /** SMS or email go to the outbox (a provider is not configured): say where to look. */
  outbox: boolean;
}) {
  const hasNumber = steps.find((s) => s.id === "agent-number")?.done ?? false;
  const sampleBlocked = !canEdit
    ? "Owners and developers can send a sample call."
    : !hasNumber
      ? "Connect your voice platform or register your agent's number first: the sample call arrives through it."
      : null;
  return (
    <Card className="mb-4 border-primary/30" data-testid="getting-started">
      <CardHeader>
        <CardTitle>{complete ? "You're set up" : "Get started"}</CardTitle>
        <CardDescription>
          {complete ? (
            <>
              Your sample call ran every matching action: its page under{" "}
              <Link href="/calls" className="text-primary underline underline-offset-4">
                Calls
              </Link>{" "}
              lists what each one sent
              {outbox ? (
                <>
                  , and messages without a provider configured wait in{" "}
                  <Link href="/developers/outbox" className="text-primary underline underline-offset-4">
                    Developer Tools → Outbox
                  </Link>
                </>
              ) : null}
              . Next, point your voice platform&apos;s call-end webhook at this workspace; this list goes away with the first real call.
            </>
          ) : (
            `${doneCount} of ${steps.length} done. Three steps to a first notification.`
          )}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="flex flex-col gap-4">
          {steps.map((step, i) => (
            <li key={step.id} className="flex gap-3" data-testid={`step-${step.id}`} data-done={step.done}>
              {step.done ? (
                <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden />
              ) : (
                <Circle className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
              )}
              <div className="flex min-w-0 flex-1 flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                <div className="min-w-0">
                  <p className={cn("text-sm font-medium", step.done && "text-muted-foreground line-through decoration-1")}>
                    {i + 1}. {step.title}
                    <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
                  </p>
                  <p className="text-sm text-muted-foreground">{step.description}</p>
                </div>
                {step.id === "sample-call" ? (
                  <SendSampleCallButton disabledReason={sampleBlocked} />
                ) : step.href && !step.done ? (
                  <Link
                    href={step.href}
                    className="inline-flex shrink-0 items-center gap-1 text-sm font-medium text-primary hover:underline"
                  >
                    {step.cta} <ArrowRight className="size-4" aria-hidden />
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
