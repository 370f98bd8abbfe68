import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvRow, unescapeCell } from "./csv";

const parse = (line: string) => Papa.parse<string[]>(line.replace(/\r\n$/, "")).data[0]!;

describe("csvRow", () => {
  it("neutralises formulas in text cells with a leading apostrophe", () => {
    expect(csvRow(['=HYPERLINK("http://evil")'])).toBe(`"'=HYPERLINK(""http://evil"")"\r\n`);
    for (const cell of ["+1", "-cmd", "@SUM(A1)", "\tx", "\r=1", "=1+1\nmore lines"]) {
      expect(parse(csvRow([cell]))).toEqual([`'${cell}`]);
    }
    expect(parse(csvRow(["Jane = Citizen", "a-b"]))).toEqual(["Jane = Citizen", "a-b"]);
  });

  it("a formula followed by a line break is escaped too (papaparse's default pattern misses it)", () => {
    expect(csvRow(["=cmd|' /C calc'!A0\nx"]).startsWith(`"'=cmd`)).toBe(true);
  });

  it("leaves numbers, including negative ones, as numbers", () => {
    expect(csvRow([-10, 0, 2.5])).toBe("-10,0,2.5\r\n");
  });

  it("quotes commas, quotes, newlines and edge spaces (RFC 4180); null is empty", () => {
    expect(csvRow(['Top-up, "urgent"'])).toBe(`"Top-up, ""urgent"""\r\n`);
    expect(csvRow(["a\nb"])).toBe(`"a\nb"\r\n`);
    expect(csvRow([" padded"])).toBe(`" padded"\r\n`);
    expect(csvRow(["grant", 5, null, undefined])).toBe("grant,5,,\r\n");
  });

  it("round-trips through a parser and unescapeCell", () => {
    const cells = ["=cmd|' /C calc'!A0", "+61412345678", "@x", "-1", "plain", "it's", "'quoted already", "line\r\nbreak"];
    expect(parse(csvRow(cells)).map(unescapeCell)).toEqual(cells);
  });
});
