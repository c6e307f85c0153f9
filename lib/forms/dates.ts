// One formatter for the process: building Intl formatters is the expensive part.
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "24 Nov 2026, 18:50 UTC": in UTC, so the markup never differs between server and browser. */
export function formatUtcDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`;
}
