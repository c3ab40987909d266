// How a Swedish spreadsheet reads Samråd's CSV exports (UTF-8 with BOM, semicolons, quotes
// doubled, CRLF): for the export tests, here and in the browser.
import { expect } from "vitest";

/** A Swedish spreadsheet's reading of a CSV file: BOM, semicolons, quotes doubled, CRLF. */
export function spreadsheet(text: string): string[][] {
  expect(text.startsWith("\ufeff"), "UTF-8 with BOM").toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  expect(cell, "the file ends with a line end").toBe("");
  return rows;
}

/** The rows after the header, each by the header's names. */
export function byHeader(rows: string[][]): Record<string, string>[] {
  const [header, ...data] = rows;
  return data.map((row) =>
    Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ""])),
  );
}
