import type { AirlockError } from '../errors/airlock-error.js';

/** How a surface shows an error: the JSON body for a status, and the event for a broken stream. */
export interface ErrorRenderer {
  /** URL prefixes this surface owns. */
  prefixes: readonly string[];
  renderBody(error: AirlockError): unknown;
}

/** The surface that owns a URL; the first matching prefix wins, OpenAI is the default. */
export function selectRenderer(renderers: readonly ErrorRenderer[], url: string, fallback: ErrorRenderer): ErrorRenderer {
  for (const renderer of renderers) {
    if (renderer.prefixes.some((prefix) => url.startsWith(prefix))) return renderer;
  }
  return fallback;
}
