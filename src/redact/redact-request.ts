import { mapTexts, type AnyRequest } from '../canonical/texts.js';
import type { LocatedFinding } from '../inspect/types.js';
import { formatMask } from './placeholder.js';
import type { Vault } from './vault.js';

export type RedactionMode = 'reversible' | 'irreversible';

export interface RedactionResult<T extends AnyRequest> {
  request: T;
  /** The findings that were replaced, and how. */
  redacted: { finding: LocatedFinding; mode: RedactionMode }[];
}

/**
 * Replaces the selected findings in every text of the request: reversible ones by the vault's
 * placeholder, irreversible ones by a mask that is never restored. Findings are located by the
 * same text walk the inspector used, so offsets line up exactly.
 */
export function redactRequest<T extends AnyRequest>(
  request: T,
  findings: readonly LocatedFinding[],
  select: (finding: LocatedFinding) => RedactionMode | undefined,
  vault: Vault,
): RedactionResult<T> {
  const byPath = new Map<string, { finding: LocatedFinding; mode: RedactionMode }[]>();
  for (const finding of findings) {
    const mode = select(finding);
    if (!mode) continue;
    const list = byPath.get(finding.path) ?? [];
    list.push({ finding, mode });
    byPath.set(finding.path, list);
  }
  if (byPath.size === 0) return { request, redacted: [] };
  const redacted: RedactionResult<T>['redacted'] = [];
  const rewritten = mapTexts(request, (text, _role, path) => {
    const selected = byPath.get(path);
    if (!selected) return text;
    selected.sort((left, right) => left.finding.start - right.finding.start);
    let result = '';
    let cursor = 0;
    for (const entry of selected) {
      const { start, end, type } = entry.finding;
      // Overlaps were merged by the engine; skip defensively rather than corrupt the text.
      if (start < cursor || end > text.length) continue;
      const value = text.slice(start, end);
      result += text.slice(cursor, start) + (entry.mode === 'reversible' ? vault.placeholderFor(value, type) : formatMask(type));
      cursor = end;
      redacted.push(entry);
    }
    return result + text.slice(cursor);
  });
  return { request: rewritten, redacted };
}
