import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseCredentialsFile } from './parse-credentials-file.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The credentials of a Bedrock destination, read once at start, in the order the AWS SDKs use:
 * a profile named in the config; else `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (with
 * `AWS_SESSION_TOKEN`); else the `AWS_PROFILE` (or `default`) profile of the shared credentials
 * file (`AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`). Errors name variables, files
 * and profiles, never a value.
 */
export function readAwsCredentials(
  destinationId: string,
  profile: string | undefined,
  env: Record<string, string | undefined>,
): AwsCredentials {
  if (profile === undefined) {
    const fromEnvironment = readEnvironmentCredentials(destinationId, env);
    if (fromEnvironment) return fromEnvironment;
  }
  const profileName = profile ?? (env.AWS_PROFILE?.trim() || 'default');
  const file = env.AWS_SHARED_CREDENTIALS_FILE?.trim() || path.join(env.HOME?.trim() || homedir(), '.aws', 'credentials');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `Destination "${destinationId}": no AWS credentials. ` +
        `Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile "${profileName}" to ${file}.`,
    );
  }
  const values = parseCredentialsFile(text).get(profileName);
  const accessKeyId = values?.get('aws_access_key_id');
  const secretAccessKey = values?.get('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      `Destination "${destinationId}": profile "${profileName}" in ${file} has no aws_access_key_id and aws_secret_access_key.`,
    );
  }
  const sessionToken = values?.get('aws_session_token');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

function readEnvironmentCredentials(destinationId: string, env: Record<string, string | undefined>): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`Destination "${destinationId}": AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together.`);
  }
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
