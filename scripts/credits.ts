/**
 * Operator command: `npm run credits -- grant --email <owner> --amount N --note "…" [--account acc_…]`.
 * There is no payment integration; this is how credits are added. The balance and its ledger entry
 * change in one transaction, with an audit entry in the account's log.
 */
import { parseArgs } from "node:util";
import { closeDb, db } from "@/db";
import { grantCredits } from "@/db/queries/credits";
import { AppError } from "@/lib/errors";
import { maybeAlertLowBalance } from "@/lib/low-balance";
import { resolveDatabase } from "./lib/database";

const USAGE =
  'Usage: npm run credits -- grant --email <owner email> --amount <credits> --note "<why>" [--account <account id>]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "grant") {
    console.error(USAGE);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        email: { type: "string" },
        amount: { type: "string" },
        note: { type: "string" },
        account: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !values.amount || values.note === undefined) {
    console.error(`--email, --amount and --note are required.\n${USAGE}`);
    return 2;
  }
  const amount = /^\d+$/.test(values.amount) ? Number(values.amount) : NaN;
  try {
    const result = await grantCredits(db, {
      email: values.email,
      amount,
      note: values.note,
      accountId: values.account,
    });
    // A grant that lifts the balance back over the threshold re-arms the low-balance alert.
    await maybeAlertLowBalance(db, result.accountId);
    console.log(
      `Granted ${amount.toLocaleString("en")} credits to ${result.accountName} (${result.accountId}). Balance: ${result.balance.toLocaleString("en")}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

const { url, embedded } = await resolveDatabase((m) => console.error(`[credits] ${m}`));
process.env.DATABASE_URL = url;
let code = 1;
try {
  code = await main(process.argv.slice(2));
} finally {
  await closeDb();
  await embedded?.stop();
}
// Explicit: tsx's loader does not carry process.exitCode through a top-level await.
process.exit(code);
