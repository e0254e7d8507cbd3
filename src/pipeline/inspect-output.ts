import type { GenerateResponse } from '../canonical/types.js';
import type { Inspector } from '../inspect/create-inspector.js';
import type { Finding, InspectionResult } from '../inspect/types.js';
import type { Policy } from '../policy/schema.js';
import { formatMask } from '../redact/placeholder.js';

/** A secret or PII the model produced that the request did not contain (never the value). */
export interface OutputFinding {
  category: Finding['category'];
  type: string;
  fingerprint: string;
  masked: boolean;
}

const WATCHED = new Set(['secret', 'pii']);

/**
 * Output inspection: secrets and PII in an answer that were not in the request (a model
 * inventing or recalling credentials or personal data) are masked or flagged as the policy says.
 * Values the request carried (restored placeholders included) are recognised by fingerprint and
 * left alone.
 */
export function inspectOutputText(
  text: string,
  inspector: Pick<Inspector, 'inspectText'>,
  inspection: InspectionResult,
  output: Pick<Policy['output'], 'secrets' | 'pii'>,
): { text: string; findings: OutputFinding[] } {
  if (text === '' || (output.secrets === 'off' && output.pii === 'off')) return { text, findings: [] };
  const known = new Set<string>();
  for (const finding of inspection.findings) if (finding.region !== true) known.add(finding.fingerprint);
  const findings: OutputFinding[] = [];
  let masked = '';
  let cursor = 0;
  for (const finding of inspector.inspectText(text, { role: 'assistant' })) {
    if (!WATCHED.has(finding.category) || finding.region || known.has(finding.fingerprint)) continue;
    const mode = finding.category === 'secret' ? output.secrets : output.pii;
    if (mode === 'off') continue;
    const mask = mode === 'mask' && finding.start >= cursor;
    findings.push({ category: finding.category, type: finding.type, fingerprint: finding.fingerprint, masked: mask });
    if (!mask) continue;
    masked += text.slice(cursor, finding.start) + formatMask(finding.type);
    cursor = finding.end;
  }
  return { text: cursor === 0 ? text : masked + text.slice(cursor), findings };
}

/** Output inspection of a finished (JSON) answer: its text and every tool call's arguments. */
export function inspectOutputResponse(
  response: GenerateResponse,
  inspector: Pick<Inspector, 'inspectText'>,
  inspection: InspectionResult,
  output: Pick<Policy['output'], 'secrets' | 'pii'>,
): { response: GenerateResponse; findings: OutputFinding[] } {
  const text = inspectOutputText(response.text, inspector, inspection, output);
  const findings = [...text.findings];
  const toolCalls = response.toolCalls.map((call) => {
    const checked = inspectOutputText(call.arguments, inspector, inspection, {
      secrets: output.secrets === 'mask' ? 'flag' : output.secrets,
      pii: output.pii === 'mask' ? 'flag' : output.pii,
    });
    findings.push(...checked.findings);
    // Arguments are JSON a tool will parse: flagged, never rewritten.
    return call;
  });
  return { response: { ...response, text: text.text, toolCalls }, findings };
}
