import { GatewayError } from './gateway-error.js';
import type { GatewayClient } from './gateway-client.js';

/**
 * The model to ask when none was named: `auto` when the gateway lists it (the policy then picks
 * per request), otherwise the first model it lists.
 */
export async function chooseDefaultModel(client: GatewayClient): Promise<string> {
  const models = await client.listModels();
  if (models.includes('auto')) return 'auto';
  const [first] = models;
  if (first === undefined) throw new GatewayError('NO_MODELS', `The gateway at ${client.url} lists no models; add one to its config.`);
  return first;
}
