import { describeKey, formatSettings } from './gui-settings.js';
import type { ToolSetup } from './tool-setup.js';

/** Cline keeps its provider settings in the editor extension's own storage: they are entered in its panel. */
export const clineSetup: ToolSetup = {
  name: 'cline',
  title: 'Cline',
  render: (target) =>
    formatSettings('Cline → Settings (gear icon) → API Configuration:', [
      ['API Provider', 'OpenAI Compatible'],
      ['Base URL', target.openaiBaseUrl],
      ['API Key', describeKey(target)],
      ['Model ID', target.model],
    ]),
  notes: () => [
    'Cline stores these in the editor, not in a file airlock setup could edit: enter them in its settings panel.',
    'Set them for both Plan and Act mode if you use separate models.',
    'Check it: start a task, then `airlock chat` → /why, or find the request in the gateway log.',
  ],
};
