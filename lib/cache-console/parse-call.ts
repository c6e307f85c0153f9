/**
 * Reads one line of the Django shell's cache tour, such as
 *   cache.set('my_key', 'hello, world!', 30)
 *   cache.get_many(['a', 'b'], version=2)
 * into a method name, positional arguments and keyword arguments. Values are
 * Python literals: strings ('…' or "…", with backslash escapes), integers,
 * floats, True, False, None, lists, tuples and dicts. Nothing is evaluated:
 * anything else is a CallSyntaxError with the position it stopped at.
 */

export interface ParsedCall {
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export class CallSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'CallSyntaxError';
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Parses `cache.<method>(…)` (the `cache.` is optional). Throws CallSyntaxError. */
export function parseCall(line: string): ParsedCall {
  let at = 0;
  const text = line.trim();
  const fail = (message: string): never => {
    throw new CallSyntaxError(message, at);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[at] !== char) fail(`expected "${char}"`);
    at += 1;
  };
  const identifier = (): string => {
    skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (!match) fail('expected a name');
    at += match![0].length;
    return match![0];
  };

  function stringLiteral(): string {
    const quote = text[at]!;
    at += 1;
    let value = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\\') {
        const next = text[at + 1];
        if (next === undefined) break;
        value += ESCAPES[next] ?? `\\${next}`;
        at += 2;
      } else {
        value += text[at];
        at += 1;
      }
    }
    if (text[at] !== quote) fail('unterminated string');
    at += 1;
    return value;
  }

  function sequence(close: string): unknown[] {
    const items: unknown[] = [];
    skipSpace();
    while (text[at] !== close) {
      items.push(value());
      skipSpace();
      if (text[at] === ',') at += 1;
      else if (text[at] !== close) fail(`expected "," or "${close}"`);
      skipSpace();
    }
    at += 1;
    return items;
  }

  function dict(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    skipSpace();
    while (text[at] !== '}') {
      const key = value();
      if (typeof key !== 'string' && typeof key !== 'number') fail('dict keys must be strings or numbers');
      expect(':');
      result[String(key)] = value();
      skipSpace();
      if (text[at] === ',') at += 1;
      else if (text[at] !== '}') fail('expected "," or "}"');
      skipSpace();
    }
    at += 1;
    return result;
  }

  function value(): unknown {
    skipSpace();
    const char = text[at];
    if (char === "'" || char === '"') return stringLiteral();
    if (char === '[') return (at += 1), sequence(']');
    if (char === '(') return (at += 1), sequence(')');
    if (char === '{') return (at += 1), dict();
    const number = /^-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?/.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    const word = /^[A-Za-z_]+/.exec(text.slice(at))?.[0];
    if (word === 'None' || word === 'True' || word === 'False') {
      at += word.length;
      return word === 'None' ? null : word === 'True';
    }
    return fail('expected a value: a string, number, True, False, None, list, tuple or dict');
  }

  let method = identifier();
  skipSpace();
  if (method === 'cache' && text[at] === '.') {
    at += 1;
    method = identifier();
  }
  expect('(');
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  skipSpace();
  while (text[at] !== ')') {
    if (at >= text.length) fail('expected ")"');
    const keyword = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(text.slice(at));
    if (keyword) {
      at += keyword[0].length;
      kwargs[keyword[1]!] = value();
    } else {
      if (Object.keys(kwargs).length > 0) fail('positional argument after a keyword argument');
      args.push(value());
    }
    skipSpace();
    if (text[at] === ',') at += 1;
    else if (text[at] !== ')') fail('expected "," or ")"');
    skipSpace();
  }
  at += 1;
  skipSpace();
  if (at < text.length) fail('unexpected text after the call');
  return { method, args, kwargs };
}
