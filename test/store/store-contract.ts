import { afterAll, beforeAll, describe } from 'vitest';
import type { Migration } from '../../src/store/migration.js';
import type { Store } from '../../src/store/types.js';
import { describeAdminEventContract } from './contract/admin-event-contract.js';
import { describeKeyContract } from './contract/key-contract.js';
import { describeMigrationContract } from './contract/migration-contract.js';
import { describeTeamContract } from './contract/team-contract.js';
import { describeUsageContract } from './contract/usage-contract.js';

export interface StoreOpenOptions {
  migrations?: readonly Migration[];
}

/** A database location: each `open()` is another connection (another replica) to the same data. */
export interface StoreLocation {
  open(options?: StoreOpenOptions): Store;
}

/** What a backend's test file provides to the contract. */
export interface StoreHarness {
  /** The shared database of this test file. */
  location: StoreLocation;
  /** A new, empty database (fresh file or schema), dropped by the harness's own cleanup. */
  createFreshLocation(): Promise<StoreLocation>;
  /** The backend's core migration list. */
  migrations: readonly Migration[];
}

export interface StoreContext {
  /** Migrated store on the shared database. */
  store: Store;
  harness: StoreHarness;
  /** Opens (and tracks for closing) another store on the shared database. */
  openReplica(): Promise<Store>;
}

/**
 * The one contract both backends must pass. Tests share one database per file, so every test
 * uses its own ids (see `uniqueId`) instead of relying on empty tables.
 */
export function describeStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    const opened: Store[] = [];
    const context = {} as StoreContext;

    beforeAll(async () => {
      const harness = await createHarness();
      const store = harness.location.open();
      opened.push(store);
      await store.migrate();
      context.harness = harness;
      context.store = store;
      context.openReplica = async () => {
        const replica = harness.location.open();
        opened.push(replica);
        await replica.migrate();
        return replica;
      };
    });

    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    describeMigrationContract(context);
    describeKeyContract(context);
    describeTeamContract(context);
    describeUsageContract(context);
    describeAdminEventContract(context);
  });
}
