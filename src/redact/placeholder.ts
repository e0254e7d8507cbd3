/**
 * Placeholders are `<TYPE_N>`: upper-case letters, digits and underscores inside angle brackets.
 * Models copy them verbatim (they look like template variables, tokenise into a few common
 * tokens and carry the type, so the model knows `<EMAIL_1>` is an address), and nothing in them
 * needs escaping in JSON, Markdown or code.
 */
export const PLACEHOLDER_PATTERN = /<[A-Z][A-Z0-9_]*_\d+>/g;

export function formatPlaceholder(type: string, index: number): string {
  const label =
    type
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'VALUE';
  return `<${/^[A-Z]/.test(label) ? label : `V_${label}`}_${index}>`;
}

/** What irreversible masking leaves: it never looks like a placeholder, so it is never restored. */
export function formatMask(type: string): string {
  return `[REDACTED:${type}]`;
}
