// Runs the CLI from source (`node --import tsx test/fleet/run-airlock.ts serve ...`), so the fleet
// test needs no build step and always tests the code in the tree.
import { runMain } from '../../src/cli/main.js';

await runMain(process.argv.slice(2));
