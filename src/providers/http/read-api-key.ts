/**
 * Reads a destination's API key from the environment variable its config names. A named but
 * missing or empty variable is a configuration error found at start, not on the first request.
 * The error names the variable, never a value.
 */
export function readApiKey(
  destinationId: string,
  variableName: string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (variableName === undefined) return undefined;
  const value = env[variableName];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Destination "${destinationId}": environment variable ${variableName} is not set or is empty.`);
  }
  return value.trim();
}
