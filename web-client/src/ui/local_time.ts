// The browser's <input type="datetime-local"> speaks local wall-clock time ("2026-12-14T17:00");
// the protocol speaks UTC timestamps. These two functions translate between them.

import { wireTimestamp } from '../protocol/timestamps';

// The value for a datetime-local input showing this wire timestamp in local time; '' for none.
export function localInputValue(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

// The wire timestamp for a datetime-local input's value: null when empty, undefined when the
// value is not a time (the browser leaves such values empty, but a typed value may be partial).
export function fromLocalInput(value: string): string | null | undefined {
  if (value.trim() === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined;
  const date = new Date(value); // a form without an offset is local time
  return Number.isNaN(date.getTime()) ? undefined : wireTimestamp(date);
}
