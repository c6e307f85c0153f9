// One formatter for the process: building Intl formatters is the expensive part.
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * "24 Nov 2026, 18:50 UTC": in UTC, so the markup never differs between
 * server and browser. `zone: false` leaves " UTC" out where a column header says it.
 */
export function formatUtcDateTime(date: Date, { zone = true } = {}): string {
  return zone ? `${dateTime.format(date)} UTC` : dateTime.format(date);
}
