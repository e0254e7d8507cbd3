/**
 * Replaces every occurrence of each secret (the destination's own key, which a server may echo in
 * an error message); keys are long, so short strings are not treated as secrets.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed;
}
