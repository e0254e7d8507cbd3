/**
 * Compiles name patterns: `*` matches within one path segment, `**` across segments, `?` one
 * character; everything else is literal. Used for models, users, teams, repositories and paths.
 */
export function compileGlobs(patterns: readonly string[]): (value: string | undefined) => boolean {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split('**').map(convertSegment).join('.*')}$`));
  return (value) => value !== undefined && expressions.some((expression) => expression.test(value));
}

function convertSegment(segment: string): string {
  return segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
}
