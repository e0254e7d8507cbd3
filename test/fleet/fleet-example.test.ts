import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

describe('examples/fleet.yaml', () => {
  it('is a valid config for a fleet: PostgreSQL store, Redis limits, no anonymous use, SSO', () => {
    const loaded = loadConfig({ file: new URL('../../examples/fleet.yaml', import.meta.url).pathname, env: {} });
    expect(loaded.config.store).toMatchObject({ kind: 'postgres', urlEnv: 'AIRLOCK_DATABASE_URL', failMode: 'closed' });
    expect(loaded.config.limits).toMatchObject({ kind: 'redis', urlEnv: 'AIRLOCK_REDIS_URL', failMode: 'closed' });
    expect(loaded.config.auth).toMatchObject({
      anonymous: false,
      adminKeysEnv: 'AIRLOCK_ADMIN_KEYS',
      oidc: { adminTeams: ['platform-admins'] },
    });
    expect(loaded.config.server.host).toBe('0.0.0.0');
  });
});
