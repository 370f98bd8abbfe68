import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { newId } from "@/lib/ids";
import { phoneTypeOf } from "@/lib/phone-type";
import { sampleCall } from "@/lib/sample-calls";

export type BenchAccount = { accountId: string; agentNumber: string; ownerEmail: string };

/** An account with lots of credits, an agent number and the given post-call actions. */
export async function seedBenchAccount(url: string, opts: { agentNumber: string; actions: { channel: "sms" | "email" | "webhook"; destination: string }[] }): Promise<BenchAccount> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const accountId = newId("acc");
    const ownerEmail = `bench-${opts.agentNumber.slice(-4)}@bench.test`;
    const userId = randomUUID();
    await sql.begin(async (tx) => {
      await tx`insert into users (id, email) values (${userId}, ${ownerEmail})`;
      await tx`insert into accounts (id, name, credit_balance) values (${accountId}, ${`Bench ${opts.agentNumber}`}, 100000000)`;
      await tx`insert into memberships (user_id, account_id, role) values (${userId}, ${accountId}, 'owner')`;
      await tx`insert into agent_numbers (id, account_id, e164) values (${newId("num")}, ${accountId}, ${opts.agentNumber})`;
      let position = 0;
      for (const a of opts.actions) {
        await tx`insert into post_call_actions (id, account_id, position, channel, destination, statuses)
                 values (${newId("act")}, ${accountId}, ${position++}, ${a.channel}, ${a.destination}, '{completed,no-answer,busy,failed,canceled}')`;
      }
    });
    return { accountId, agentNumber: opts.agentNumber, ownerEmail };
  } finally {
    await sql.end();
  }
}

/**
 * Every event from its own caller, as on a real line. The sample calls reuse a dozen demo numbers, and
 * at hundreds of events a second those few contact rows would serialise every insert on their row
 * locks — a load no real caller produces.
 */
export function distinctCaller<T extends { from: string }>(call: T, index: number): T {
  return call.from === "anonymous" ? call : { ...call, from: `+6141${String(index % 10_000_000).padStart(7, "0")}` };
}

/**
 * The baseline: the rows an accepted event stores for an account without actions (the call and the
 * caller's contact), inserted by a bare postgres.js loop with one transaction per event and the same
 * concurrency as the server's pool. No HTTP, no signature check, no validation.
 */
export async function baselineInserts(url: string, account: BenchAccount, seconds: number) {
  const sql = postgres(url, { max: 20, onnotice: () => {} });
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  const worker = async (w: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const index = 1_000_000 + w * 100_000 + i;
      const c = distinctCaller(sampleCall({ agentNumber: account.agentNumber, index, seed: 9 }), index);
      const caller = c.from === "anonymous" ? null : c.from;
      await sql.begin(async (tx) => {
        let contactId: string | null = null;
        if (caller) {
          const [row] = await tx`insert into contacts (id, account_id, phone, phone_type, last_call_at)
            values (${newId("ct")}, ${account.accountId}, ${caller}, ${phoneTypeOf(caller)}, ${c.endedAt})
            on conflict (account_id, phone) do update set last_call_at = excluded.last_call_at returning id`;
          contactId = row!.id as string;
        }
        await tx`insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
            caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds, summary, transcript, recording_url)
          values (${newId("call")}, ${account.accountId}, ${`base_${w}_${i}_${started}`}, ${`CAbase${w}_${i}_${started}`}, ${account.agentNumber},
            ${c.direction}, ${c.status}, ${c.from}, ${c.to}, ${caller}, ${contactId}, ${c.contactName}, ${phoneTypeOf(caller)},
            ${c.startedAt}, ${c.endedAt}, ${Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000)}, ${c.summary},
            ${sql.json(c.transcript)}, ${c.recordingUrl})
          on conflict do nothing`;
      });
      n++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, w) => worker(w)));
  const elapsed = (Date.now() - started) / 1000;
  await sql.end();
  return { events: n, eventsPerSecond: Math.round(n / elapsed) };
}
