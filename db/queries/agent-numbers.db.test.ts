import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { makeAccount } from "@/tests/ingest-fixtures";
import { addAgentNumber, listAgentNumbers, removeAgentNumber } from "./agent-numbers";

let a: string;
let b: string;
const actor = { userId: null, label: "owner@test.dev" };

beforeAll(async () => {
  ({ accountId: a } = await makeAccount(db, "+61290006661"));
  ({ accountId: b } = await makeAccount(db, "+61290006662"));
});

describe("agent numbers", () => {
  it("adds, lists and removes a number, with audit entries", async () => {
    const id = await addAgentNumber(db, a, { e164: "+61290006663", label: "Sales" }, actor);
    expect((await listAgentNumbers(db, a)).map((n) => n.e164)).toEqual(["+61290006661", "+61290006663"]);
    await removeAgentNumber(db, a, id, actor);
    expect((await listAgentNumbers(db, a)).map((n) => n.e164)).toEqual(["+61290006661"]);
    const log = await db.select().from(auditLog).where(eq(auditLog.target, id));
    expect(log.map((l) => l.action)).toEqual(["agent_number.added", "agent_number.removed"]);
    expect(JSON.stringify(log)).not.toContain("+61290006663");
  });

  it("refuses a number another account uses, naming the field", async () => {
    const error = await addAgentNumber(db, a, { e164: "+61290006662", label: null }, actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields[0]).toMatchObject({ field: "number", message: expect.stringMatching(/another Aftercall account/) });
    const own = await addAgentNumber(db, a, { e164: "+61290006661", label: null }, actor).catch((e: unknown) => e);
    expect((own as AppError).fields[0]!.message).toMatch(/already on your list/);
  });

  it("cannot remove another account's number", async () => {
    const [theirs] = await listAgentNumbers(db, b);
    await expect(removeAgentNumber(db, a, theirs!.id, actor)).rejects.toThrow(/already removed/);
    expect(await listAgentNumbers(db, b)).toHaveLength(1);
  });
});
