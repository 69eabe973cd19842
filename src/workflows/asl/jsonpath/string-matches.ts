import { StatesError } from '../states-error.js';

const cache = new Map<string, RegExp>();

/**
 * `StringMatches`: `*` matches any run of characters (including none); `\*` is a literal star and
 * `\\` a backslash; nothing else is special. An open escape is `States.Runtime` (spec).
 */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = compile(pattern);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, regex);
  }
  return regex.test(value);
}

function compile(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new StatesError(
          'States.Runtime',
          `The StringMatches pattern "${pattern}" has an open escape "\\" at ${i}: only \\* and \\\\ are escapes.`,
        );
      }
      source += escapeRegex(next);
      i++;
    } else {
      source += c === '*' ? '[\\s\\S]*' : escapeRegex(c);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
