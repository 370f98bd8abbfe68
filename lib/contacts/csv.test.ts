import { describe, expect, it } from "vitest";
import { csvRow, unescapeCell } from "@/lib/csv";
import {
  CsvFileError,
  decodeCsvBytes,
  guessMapping,
  MAX_IMPORT_BYTES,
  parseCsvText,
  planImport,
  tooLargeMessage,
  type ColumnMapping,
} from "./csv";

const utf8 = (s: string) => new TextEncoder().encode(s);
const M: ColumnMapping = { name: 0, phone: 1, email: 2, company: null, notes: null };

describe("decodeCsvBytes", () => {
  it("reads UTF-8 with or without a BOM, and UTF-16 with one", () => {
    expect(decodeCsvBytes(utf8("name,phone\nChloé,0412345678"))).toBe("name,phone\nChloé,0412345678");
    expect(decodeCsvBytes(utf8("\uFEFFname,phone"))).toBe("name,phone");
    const le = new Uint8Array([0xff, 0xfe, ...Array.from("né").flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeCsvBytes(le)).toBe("né");
  });

  it("refuses Latin-1 / Windows-1252 text with a message that says how to fix it", () => {
    // "Chloé" in Windows-1252: é is 0xE9, invalid on its own in UTF-8.
    const latin1 = new Uint8Array([...utf8("name,phone\nChlo"), 0xe9, ...utf8(",0412345678\n")]);
    expect(() => decodeCsvBytes(latin1)).toThrow(CsvFileError);
    expect(() => decodeCsvBytes(latin1)).toThrow(/not UTF-8.*CSV UTF-8/);
  });

  it("refuses binary files and empty files", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]);
    expect(() => decodeCsvBytes(zip)).toThrow(/binary file/);
    expect(() => decodeCsvBytes(new Uint8Array())).toThrow(/empty/);
  });
});

describe("parseCsvText", () => {
  it("splits the header from the rows, skipping blank lines, with any common delimiter", () => {
    expect(parseCsvText("Name,Phone\r\nJane,0412 345 678\r\n\r\nBob,\"+61 2 9000 1234\"\r\n")).toEqual({
      header: ["Name", "Phone"],
      rows: [
        ["Jane", "0412 345 678"],
        ["Bob", "+61 2 9000 1234"],
      ],
    });
    expect(parseCsvText("name;phone\nJane;0412345678\n").rows).toEqual([["Jane", "0412345678"]]);
  });

  it("refuses a file whose first row is data, not a header", () => {
    expect(() => parseCsvText("Jane Citizen,0412 345 678\nBob,0412 345 679")).toThrow(/first row looks like a contact/);
    expect(() => parseCsvText("jane@example.com,Jane\nbob@example.com,Bob")).toThrow(/header row/);
  });

  it("refuses an unclosed quote (the rows after it would merge) and a header with no rows", () => {
    expect(() => parseCsvText('name,phone\nJane,"0412 345 678\nBob,0412345679\n')).toThrow(/quote that is never closed/);
    expect(() => parseCsvText("name,phone\n")).toThrow(/no contacts under it/);
    expect(() => parseCsvText("\n\n")).toThrow(/no rows/);
  });
});

describe("guessMapping", () => {
  it("maps the usual exports' wording", () => {
    expect(guessMapping(["Full Name", "Mobile Phone", "E-mail Address", "Organization", "Notes"])).toEqual({
      name: 0,
      phone: 1,
      email: 2,
      company: 3,
      notes: 4,
    });
    expect(guessMapping(["Phone number", "Company name", "Contact name"])).toEqual({
      name: 2,
      phone: 0,
      email: null,
      company: 1,
      notes: null,
    });
    expect(guessMapping(["First Name", "Last Name", "Tel"]).name).toBe(0);
    expect(guessMapping(["id", "created"]).phone).toBeNull();
  });
});

describe("planImport", () => {
  const parsed = parseCsvText(
    [
      "name,phone,email",
      "Jane Citizen,0412 345 678,jane@example.com",
      "Bob,(02) 9000 1234,",
      "No Number,,",
      "Bad Number,12345,",
      ",0423 456 789,",
      "Jane Again,+61 412 345 678,",
      "Bad Email,0434 567 890,not-an-email",
      "Too,0445 678 901,,extra",
      "Escaped,'+61456789012,",
    ].join("\n"),
  );

  it("normalises numbers with the account's country and says why each other row is rejected", () => {
    const plan = planImport(parsed, M, "AU");
    expect(plan.candidates.map((c) => [c.line, c.name, c.phone, c.email])).toEqual([
      [2, "Jane Citizen", "+61412345678", "jane@example.com"],
      [3, "Bob", "+61290001234", null],
      [10, "Escaped", "+61456789012", null],
    ]);
    expect(plan.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, "No phone number."],
      [5, "“12345” is not a valid phone number."],
      [6, "No name."],
      [7, "Same number as row 2; only the first is imported."],
      [8, "“not-an-email” is not a valid email address."],
      [9, "Has 4 cells but the header has 3: a value probably contains an unquoted comma."],
    ]);
  });

  it("reads national numbers by the default country", () => {
    const us = planImport(parseCsvText("name,phone\nAl,(415) 555-2671\n"), { ...M, email: null }, "US");
    expect(us.candidates[0]!.phone).toBe("+14155552671");
  });

  it("refuses the whole file without a phone or name column", () => {
    expect(() => planImport(parsed, { ...M, phone: null }, "AU")).toThrow(/phone numbers/);
    expect(() => planImport(parsed, { ...M, name: null }, "AU")).toThrow(/names/);
    expect(() => planImport(parsed, { ...M, email: 7 }, "AU")).toThrow(/not in this file/);
  });
});

describe("export escaping", () => {
  it("an exported file imports back unchanged (lib/csv.ts writes it, the import undoes the formula escaping)", () => {
    const cells = ["=cmd|' /C calc'!A0", "+61412345678", "@x", "-1", "plain"];
    const text = `h1,h2,h3,h4,h5\r\n${csvRow(cells)}`;
    const row = parseCsvText(text).rows[0]!;
    expect(row.map(unescapeCell)).toEqual(cells);
  });
});

it("describes the size limit in megabytes", () => {
  expect(tooLargeMessage(50 * 1024 * 1024)).toBe("This file is 50 MB; the limit is 5 MB. Split it into smaller files and import each one.");
  expect(MAX_IMPORT_BYTES).toBe(5 * 1024 * 1024);
});
