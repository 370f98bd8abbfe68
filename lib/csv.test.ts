import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("neutralises formulas in text cells", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("-cmd")).toBe(`"'-cmd"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\tx")).toBe(`"'\tx"`);
  });
  it("leaves numbers, including negative ones, as numbers", () => {
    expect(csvCell(-10)).toBe("-10");
    expect(csvCell(0)).toBe("0");
  });
  it("quotes commas, quotes and newlines; empty for null", () => {
    expect(csvCell('Top-up, "urgent"')).toBe(`"Top-up, ""urgent"""`);
    expect(csvCell("a\nb")).toBe(`"a\nb"`);
    expect(csvCell(null)).toBe("");
    expect(csvRow(["grant", 5, null])).toBe("grant,5,\r\n");
  });
});
