/**
 * The message of anything thrown, for logs and user-facing notes: an Error's
 * message, or the thrown value as a string. (lib/cache keeps its own copy: it
 * imports nothing of the project.)
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
