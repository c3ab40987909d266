// Timestamps on the wire (protocol/README.md, Transport): the server writes UTC with milliseconds,
// "2026-11-23T10:15:00.123Z"; a client may send that form with or without the milliseconds, in
// UTC ("Z") only, and the server refuses anything else (a date that does not exist, an offset, a
// space for the T) with bad_request. These helpers let the client build and check what it sends.

const CLIENT_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{3})?Z$/;

// A moment as the wire writes it (Date.toISOString is exactly the server's form, for years
// 0000–9999).
export function wireTimestamp(moment: Date | number): string {
  return new Date(moment).toISOString();
}

// True when the server accepts the text as a time from a client: the form above, a date that
// exists (no 31 November, 29 February only in leap years), hours 00–23, minutes and seconds
// 00–59.
export function isClientTimestamp(text: string): boolean {
  const match = CLIENT_FORM.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time-zone shifts).
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return day <= date.getUTCDate();
}

// Milliseconds since the epoch of a wire timestamp, or NaN when it is not one.
export function timestampMillis(text: string): number {
  return isClientTimestamp(text) ? Date.parse(text) : Number.NaN;
}
