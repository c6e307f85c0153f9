/**
 * Which recorded statements the overlay may EXPLAIN or run again: one plain
 * SELECT (after comments and whitespace), nothing after it. ANALYZE and
 * "run again" execute the statement, so anything that could write is refused
 * here, and the execution itself is rolled back anyway (explain.ts).
 */
const COMMENTS = /\/\*[\s\S]*?\*\/|--[^\n]*(?:\n|$)/g;

export function isSingleSelect(text: string): boolean {
  const statement = text.replace(COMMENTS, ' ').trim().replace(/;\s*$/, '');
  if (!/^select\b/i.test(statement)) return false;
  // A second statement, or a data-changing clause hidden in a SELECT (SELECT … INTO, FOR UPDATE), is not a read.
  return !statement.includes(';') && !/\binto\b|\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(statement);
}
