import type { SetupTarget } from './tool-setup.js';

/** The settings a GUI tool asks for, as aligned `label: value` lines. */
export function formatSettings(title: string, rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return `${title}\n${rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`).join('\n')}\n`;
}

/** The key to type into a GUI: the user's, or what to do without one. */
export function describeKey(target: SetupTarget): string {
  return target.key ?? 'any text (the gateway allows anonymous use on loopback; use your alk_ key otherwise)';
}

/** Whether a URL names this machine or a private network, which a cloud service cannot reach. */
export function isPrivateUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^(fc|fd)[0-9a-f]{2}:/i.test(host) ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  );
}
