/**
 * The getting-started checklist on a new workspace's Overview: each step ticks itself from what the
 * account has done (`done`), so it needs no state of its own. A new way to reach a step (another
 * source of calls, say) is one more fact here and one more clause in that step's `done`.
 */
export type GettingStartedFacts = {
  hasAgentNumber: boolean;
  /** A voice platform connection (Vapi, Retell, …): the platform's own webhook reaches this workspace. */
  hasConnection: boolean;
  hasAction: boolean;
  /** Any call at all: a platform's, the simulator's or a sample. */
  hasCall: boolean;
  /** A call that is not a sample: the platform (or the simulator) reaches this workspace. */
  hasPlatformCall: boolean;
};

export type StepId = "agent-number" | "post-call-action" | "sample-call";

export type GettingStartedStep = {
  id: StepId;
  title: string;
  description: string;
  /** Where the step is done; the sample call is a button on the checklist itself. */
  href: string | null;
  cta: string | null;
  done: (facts: GettingStartedFacts) => boolean;
};

export const GETTING_STARTED_STEPS: GettingStartedStep[] = [
  {
    id: "agent-number",
    title: "Connect your voice platform",
    description:
      "Paste a connection's URL into Vapi, Retell, Bland, ElevenLabs or Synthflow — or register the number your agent answers on, if your platform sends Aftercall's own call-end events.",
    href: "/settings/voice-platforms",
    cta: "Connect a platform",
    done: (f) => f.hasConnection || f.hasAgentNumber,
  },
  {
    id: "post-call-action",
    title: "Add a post-call action",
    description: "An SMS, an email or a webhook to send after each call, with the conditions it runs on.",
    href: "/settings/post-call-actions",
    cta: "Add an action",
    done: (f) => f.hasAction,
  },
  {
    id: "sample-call",
    title: "Send a sample call",
    description: "A realistic call to your number, through the real pipeline: its messages are marked as tests and cost nothing.",
    href: null,
    cta: null,
    done: (f) => f.hasCall,
  },
];

export type ChecklistStep = Omit<GettingStartedStep, "done"> & { done: boolean };

/**
 * The checklist as it stands. It shows until every step is done and a real call has arrived: a
 * workspace that has only seen its sample call still wants the "what next" the finished list gives.
 */
export function gettingStarted(facts: GettingStartedFacts): { steps: ChecklistStep[]; complete: boolean; doneCount: number; visible: boolean } {
  const steps = GETTING_STARTED_STEPS.map(({ done, ...step }) => ({ ...step, done: done(facts) }));
  const doneCount = steps.filter((s) => s.done).length;
  const complete = doneCount === steps.length;
  return { steps, complete, doneCount, visible: !complete || !facts.hasPlatformCall };
}
