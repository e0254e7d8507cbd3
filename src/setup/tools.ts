import { aiderSetup } from './aider.js';
import { claudeCodeSetup } from './claude-code.js';
import { clineSetup } from './cline.js';
import { codexSetup } from './codex.js';
import { continueSetup } from './continue.js';
import { cursorSetup } from './cursor.js';
import { envSetup } from './env.js';
import { opencodeSetup } from './opencode.js';
import type { ToolSetup } from './tool-setup.js';

/** Every tool `airlock setup` knows, in the order its help lists them. */
export const SETUP_TOOLS: readonly ToolSetup[] = [
  claudeCodeSetup,
  codexSetup,
  continueSetup,
  clineSetup,
  cursorSetup,
  aiderSetup,
  opencodeSetup,
  envSetup,
];

export function findToolSetup(name: string): ToolSetup | undefined {
  return SETUP_TOOLS.find((tool) => tool.name === name);
}
