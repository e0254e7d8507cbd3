import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseCredentialsFile } from './parse-credentials-file.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The credentials of a Bedrock destination, in the order the AWS SDKs use:
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
  const { profileName, file } = locateProfile(profile, env);
  return readProfile(destinationId, profileName, file);
}

export interface AwsCredentialSource {
  /** The credentials to sign with now. */
  current(): AwsCredentials;
}

/** How often a shared credentials file is checked for a change. */
const RECHECK_MS = 1_000;

/**
 * The credentials, kept current: read at start (throwing, as `readAwsCredentials`), and when they
 * come from the shared credentials file, read again whenever the file changes (checked at most
 * once a second). Temporary credentials rewritten by `aws configure`, saml2aws or a script refreshing STS
 * credentials are picked up without a restart. A file that is briefly unreadable or
 * half-written keeps the last good credentials. Environment variables cannot change in a running
 * process, so those are read once.
 */
export function createAwsCredentialSource(
  destinationId: string,
  profile: string | undefined,
  env: Record<string, string | undefined>,
  onChange?: (credentials: AwsCredentials) => void,
): AwsCredentialSource {
  const fromEnvironment = profile === undefined ? readEnvironmentCredentials(destinationId, env) : undefined;
  if (fromEnvironment) return { current: () => fromEnvironment };
  const { profileName, file } = locateProfile(profile, env);
  let modified = modifiedAt(file);
  let credentials = readProfile(destinationId, profileName, file);
  let checkedAt = Date.now();
  return {
    current() {
      const now = Date.now();
      if (now - checkedAt < RECHECK_MS) return credentials;
      checkedAt = now;
      const latest = modifiedAt(file);
      if (latest === modified) return credentials;
      try {
        credentials = readProfile(destinationId, profileName, file);
        modified = latest;
        onChange?.(credentials);
      } catch {
        // Half-written or briefly missing: keep signing with the last good credentials.
      }
      return credentials;
    },
  };
}

function modifiedAt(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function locateProfile(profile: string | undefined, env: Record<string, string | undefined>): { profileName: string; file: string } {
  return {
    profileName: profile ?? (env.AWS_PROFILE?.trim() || 'default'),
    file: env.AWS_SHARED_CREDENTIALS_FILE?.trim() || path.join(env.HOME?.trim() || homedir(), '.aws', 'credentials'),
  };
}

function readProfile(destinationId: string, profileName: string, file: string): AwsCredentials {
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
