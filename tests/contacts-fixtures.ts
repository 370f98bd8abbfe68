import type { Db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { apiKeys, calls, contacts, users, type Role } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import type { Actor } from "@/db/audit";
import { newId } from "@/lib/ids";
import { phoneTypeOf } from "@/lib/phone-type";

/** Test data for the contacts tests: accounts, remembered callers with calls, API keys. */
export const ACTOR: Actor = { userId: null, label: "test" };

export async function makeAccount(db: Db, label: string) {
  const [user] = await db.insert(users).values({ email: `${label}-${newId("u", 6)}@acme.test` }).returning();
  return createAccountForUser(db, { userId: user!.id, name: `${label} workspace`, credits: 0 });
}

/** What ingest does for a caller: an unsaved contact row and a call pointing at it. */
export async function rememberCaller(db: Db, accountId: string, phone: string, nameHeard: string | null = null) {
  const endedAt = new Date();
  const [row] = await db
    .insert(contacts)
    .values({ id: newId("ct"), accountId, phone, phoneType: phoneTypeOf(phone), lastCallAt: endedAt })
    .onConflictDoUpdate({ target: [contacts.accountId, contacts.phone], set: { lastCallAt: endedAt } })
    .returning({ id: contacts.id });
  const callId = newId("call");
  await db.insert(calls).values({
    id: callId,
    accountId,
    eventId: newId("evt"),
    externalId: newId("CA"),
    agentNumber: "+61290000000",
    direction: "inbound",
    status: "completed",
    fromNumber: phone,
    toNumber: "+61290000000",
    callerNumber: phone,
    contactId: row!.id,
    contactNameHeard: nameHeard,
    startedAt: new Date(endedAt.getTime() - 60_000),
    endedAt,
    durationSeconds: 60,
  });
  return { contactId: row!.id, callId };
}

export async function makeApiKey(db: Db, accountId: string, role: Role) {
  const { key, prefix, hash } = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("key"), accountId, name: `${role} key`, prefix, keyHash: hash, role });
  return key;
}
