import { describeKey, formatSettings, isPrivateUrl } from './gui-settings.js';
import type { ToolSetup } from './tool-setup.js';

/** Cursor's custom OpenAI endpoint is entered in its settings; its servers make the calls. */
export const cursorSetup: ToolSetup = {
  name: 'cursor',
  title: 'Cursor',
  render: (target) =>
    formatSettings('Cursor → Settings → Models → API Keys:', [
      ['OpenAI API Key', describeKey(target)],
      ['Override OpenAI Base URL', `on, ${target.openaiBaseUrl}`],
      ['Add custom model', target.model],
    ]),
  notes: (target) => [
    ...(isPrivateUrl(target.gatewayUrl)
      ? [
          `Cursor sends requests for a custom base URL from its own servers, which cannot reach ${target.gatewayUrl}: ` +
            'give Cursor a public HTTPS address of your gateway (with a key required), or use another tool for local-only work.',
        ]
      : []),
    "Turn off the built-in models you do not want used; they do not go through Airlock. Tab completion always uses Cursor's own models.",
    'Check it: click Verify, send a chat message, then look for the request in the gateway log (x-airlock-request-id).',
  ],
};
