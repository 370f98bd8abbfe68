/**
 * `npm run api-key -- --email <owner> [--name "CI"] [--role developer|viewer]`: creates an API key for
 * the account that user owns and prints it once.
 */
import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import { closeDb, db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { memberships, users } from "@/db/schema";
import { resolveDatabase } from "./lib/database";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string", default: "Command line" }, role: { type: "string", default: "developer" } },
});
if (!values.email || !["developer", "viewer"].includes(values.role!)) {
  console.error('Usage: npm run api-key -- --email <owner email> [--name "CI"] [--role developer|viewer]');
  process.exit(2);
}

const { url, embedded } = await resolveDatabase(() => {});
process.env.DATABASE_URL = url;
try {
  const [owner] = await db
    .select({ userId: users.id, accountId: memberships.accountId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.email, values.email.toLowerCase()), eq(memberships.role, "owner")))
    .limit(1);
  if (!owner) {
    console.error(`No account owned by ${values.email}.`);
    process.exitCode = 1;
  } else {
    const { key } = await createApiKey(db, owner.accountId, {
      name: values.name!,
      role: values.role as "developer" | "viewer",
      createdBy: owner.userId,
      actor: { userId: null, label: "command line" },
    });
    console.log(key);
  }
} finally {
  await closeDb();
  await embedded?.stop();
}
