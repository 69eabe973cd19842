/**
 * Without bubblewrap there is no `/opt/ml`: the layout lives in the step's workspace. Container
 * paths a step passes its script — in arguments (`--train /opt/ml/processing/train`,
 * `--model-dir=/opt/ml/model`), environment values and hyperparameters — are rewritten to where
 * that layout is, so a script that takes its paths as arguments runs unchanged. Paths inside the
 * script's own code cannot be rewritten; bubblewrap is what makes those work.
 */

/**
 * Returns a function that rewrites every container path under one of `roots` (a path starts at
 * the beginning of the text or after `=`, `:`, `,`, `;`, a quote or a space) with `at`.
 */
export function pathRewriter(roots: readonly string[], at: (containerPath: string) => string): (text: string) => string {
  const unique = [...new Set(roots.map((r) => r.replace(/\/+$/, '')))].filter((r) => r.startsWith('/') && r.length > 1);
  if (unique.length === 0) return (text) => text;
  const alternatives = unique
    .sort((a, b) => b.length - a.length)
    .map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const re = new RegExp(`(^|[=:,;\\s'"])((?:${alternatives})(?:/[^\\s,;:'"]*)?)(?=$|[\\s,;:'"])`, 'g');
  return (text) => text.replace(re, (_all, lead: string, path: string) => `${lead}${at(path)}`);
}
