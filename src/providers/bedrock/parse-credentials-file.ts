/**
 * Parses the AWS shared credentials file (INI): `[profile]` sections of `key = value` lines,
 * `#` and `;` comment lines. Keys are lower-cased, as the AWS SDKs read them; later values win.
 * Values are returned as written and must never be logged.
 */
export function parseCredentialsFile(text: string): Map<string, Map<string, string>> {
  const profiles = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      // The config file spells sections `[profile name]`; the credentials file `[name]`. Accept both.
      const name = (section[1] ?? '').replace(/^profile\s+/, '');
      current = profiles.get(name) ?? new Map<string, string>();
      profiles.set(name, current);
      continue;
    }
    const equals = line.indexOf('=');
    if (!current || equals === -1) continue;
    current.set(line.slice(0, equals).trim().toLowerCase(), line.slice(equals + 1).trim());
  }
  return profiles;
}
