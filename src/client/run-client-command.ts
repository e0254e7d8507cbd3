import { GatewayError, formatGatewayError } from './gateway-error.js';
import { UsageError, type TerminalIo } from './terminal-io.js';

/** Exit statuses of the developer commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/**
 * Runs a developer command body and turns what it throws into a message and an exit status:
 * a usage mistake → 2, a failed gateway request → 1 with the gateway's message and code.
 * Anything else is a bug in the CLI and is reported as one (its stack stays out of the way).
 */
export async function runClientCommand(io: TerminalIo, body: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await body();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`airlock: ${error.message}\n`);
      code = EXIT.usage;
    } else if (error instanceof GatewayError) {
      io.stderr.write(formatGatewayError(error));
      code = EXIT.failed;
    } else {
      io.stderr.write(`airlock: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      code = EXIT.failed;
    }
  }
  io.setExitCode(code);
}
