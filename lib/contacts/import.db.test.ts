import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createContact, getContact } from "@/db/queries/contacts";
import { auditLog, contacts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { ACTOR, makeAccount, rememberCaller } from "@/tests/contacts-fixtures";
import { MAX_IMPORT_BYTES, type ColumnMapping } from "./csv";
import { importCsv, readImportBody } from "./import";

const MAP: ColumnMapping = { name: 0, phone: 1, email: 2, company: 3, notes: 4 };
const bytes = (s: string) => new TextEncoder().encode(s);
const savedCount = async (accountId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.saved, true))))[0]!.n;

let account: string;
beforeAll(async () => {
  account = await makeAccount(db, "import");
});

describe("importCsv", () => {
  it("imports a 10,000-row file in one go, in seconds, with duplicates and invalid rows reported", async () => {
    const acc = await makeAccount(db, "bulk");
    const lines = ["Full name,Mobile,Email,Company,Notes"];
    for (let i = 0; i < 10_000; i++) {
      // Mixed formats: national with spaces, international, dashes.
      const n = String(100_000_000 + i).slice(1); // eight digits: 00000000…
      const phone = i % 3 === 0 ? `04${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}` : i % 3 === 1 ? `+614${n}` : `04${n.slice(0, 2)}-${n.slice(2)}`;
      lines.push(`Person ${i},${phone},p${i}@example.com,"Company, ${i % 50}",Note ${i}`);
    }
    lines[5001] = "Duplicate,+61400000000,,,"; // same number as row 2
    lines[7001] = "Bad,not a number,,,";
    const file = bytes(lines.join("\n"));
    expect(file.byteLength).toBeGreaterThan(500_000);

    const started = performance.now();
    const report = await importCsv(db, acc, ACTOR, file, MAP, "bulk.csv");
    const ms = performance.now() - started;
    console.log(`10,000-row import: ${Math.round(ms)} ms (${file.byteLength} bytes)`);

    expect(report.imported).toBe(9_998);
    expect(report.merged).toBe(0);
    expect(report.rejected).toBe(2);
    expect(report.rows).toHaveLength(10_000);
    expect(report.rows.filter((r) => r.status === "rejected")).toEqual([
      { line: 5002, status: "rejected", name: "Duplicate", phone: "+61400000000", reason: "Same number as row 2; only the first is imported." },
      { line: 7002, status: "rejected", name: "Bad", phone: "not a number", reason: "“not a number” is not a valid phone number." },
    ]);
    expect(await savedCount(acc)).toBe(9_998);
    expect(ms).toBeLessThan(10_000);
    const [row] = await db.select().from(contacts).where(and(eq(contacts.accountId, acc), eq(contacts.phone, "+61400001234")));
    expect(row).toMatchObject({ name: "Person 1234", email: "p1234@example.com", company: "Company, 34", notes: "Note 1234", saved: true, phoneType: "mobile" });

    // The same file again: every row is now a merge, nothing duplicated.
    const again = await importCsv(db, acc, ACTOR, file, MAP);
    expect([again.imported, again.merged, again.rejected]).toEqual([0, 9_998, 2]);
    expect(await savedCount(acc)).toBe(9_998);
  }, 60_000);

  it("merges into saved contacts (empty cells keep what was there) and saves remembered callers", async () => {
    const { contact } = await createContact(db, account, ACTOR, { name: "Old Name", phone: "+61412000001", email: "keep@x.example", company: "Keep Co", notes: null });
    const caller = await rememberCaller(db, account, "+61412000002", "Heard");
    const report = await importCsv(
      db,
      account,
      ACTOR,
      bytes("name,phone,email,company,notes\nNew Name,0412 000 001,,,Met at expo\nCaller Saved,0412000002,,,\nFresh,0412000003,,,\n"),
      MAP,
    );
    expect(report.rows.map((r) => [r.line, r.status])).toEqual([
      [2, "merged"],
      [3, "imported"],
      [4, "imported"],
    ]);
    expect(await getContact(db, account, contact.id)).toMatchObject({ name: "New Name", email: "keep@x.example", company: "Keep Co", notes: "Met at expo" });
    expect(await getContact(db, account, caller.contactId)).toMatchObject({ name: "Caller Saved" });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.accountId, account), eq(auditLog.action, "contacts.imported")));
    expect(entry!.meta).toMatchObject({ imported: 2, merged: 1 });
  });

  it("stores nothing and says why when the file is malformed", async () => {
    const acc = await makeAccount(db, "malformed");
    const cases: [Uint8Array, ColumnMapping, RegExp][] = [
      [new Uint8Array([...bytes("name,phone\nChlo"), 0xe9, ...bytes(",0412345678\n")]), MAP, /not UTF-8/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), MAP, /not UTF-8|binary/],
      [bytes("Jane,0412345678\nBob,0412345679\n"), MAP, /header row/],
      [bytes("name,email\nJane,j@x.example\n"), { ...MAP, phone: null, email: 1, company: null, notes: null }, /phone numbers/],
      [bytes('name,phone\nJane,"0412345678\nBob,0412345679\n'), { ...MAP, email: null, company: null, notes: null }, /never closed/],
    ];
    for (const [file, mapping, message] of cases) {
      const error = await importCsv(db, acc, ACTOR, file, mapping).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 422, code: "invalid_file" });
      expect((error as Error).message).toMatch(message);
    }
    expect(await savedCount(acc)).toBe(0);
  });

  it("rolls back the whole import if the database fails part-way", async () => {
    const acc = await makeAccount(db, "rollback");
    const lines = ["name,phone"];
    for (let i = 0; i < 6000; i++) lines.push(`P${i},+614130${String(10_000 + i)}`);
    // A CHECK added for this test only makes one row of the second batch (rows 5001+) fail, after the
    // first batch of 5,000 was written: the transaction must take that back too.
    await db.execute(sql.raw(`alter table contacts add constraint test_no_boom check (name is distinct from 'BOOM')`));
    lines[5600] = "BOOM,+61413999999";
    try {
      await expect(importCsv(db, acc, ACTOR, bytes(lines.join("\n")), { name: 0, phone: 1, email: null, company: null, notes: null })).rejects.toThrow();
    } finally {
      await db.execute(sql.raw(`alter table contacts drop constraint test_no_boom`));
    }
    expect(await savedCount(acc)).toBe(0);
  });
});

describe("readImportBody", () => {
  it("refuses a declared 50 MB body before reading any of it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const request = new Request("http://x/import", {
      method: "POST",
      body,
      headers: { "content-length": String(50 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const error = await readImportBody(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, message: expect.stringMatching(/50 MB; the limit is 5 MB/) });
    expect(pulled).toBeLessThanOrEqual(1); // a stream may prefetch one chunk; nothing is consumed
  });

  it("stops an undeclared (chunked) body as soon as it passes the limit", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50 * 1024 * 1024) return controller.close();
        sent += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const request = new Request("http://x/import", { method: "POST", body, duplex: "half" } as RequestInit);
    await expect(readImportBody(request)).rejects.toMatchObject({ status: 413 });
    expect(sent).toBeLessThanOrEqual(MAX_IMPORT_BYTES + 2 * 1024 * 1024);
  });

  it("reads a body under the limit whole", async () => {
    const request = new Request("http://x/import", { method: "POST", body: "name,phone\nA,0412345678\n" });
    expect(new TextDecoder().decode(await readImportBody(request))).toBe("name,phone\nA,0412345678\n");
  });
});
