import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createDefaultInspectConfig } from '../../config/inspect-schema.js';
import { createInspector, type Inspector } from '../create-inspector.js';
import { locateOffset, maskValue } from '../mask-value.js';
import { FINDING_CATEGORIES, type FindingCategory } from '../types.js';

/**
 * False positives on real code: ordinary JavaScript/TypeScript (the project's installed
 * dependencies) should contain no credentials, so every `secret` finding in it is, to a first
 * approximation, a false positive. Each is listed (masked) so a person can judge it.
 */
export interface SecretFindingReport {
  file: string;
  line: number;
  type: string;
  confidence: number;
  masked: string;
}

export interface FalsePositiveReport {
  root: string;
  files: number;
  bytes: number;
  megabytes: number;
  seconds: number;
  countsByCategory: Record<FindingCategory, number>;
  /** Findings per MB (10^6 bytes), per category. */
  perMegabyte: Record<FindingCategory, number>;
  countsByType: Record<string, number>;
  secretFindings: SecretFindingReport[];
}

export interface MeasureOptions {
  /** Directory walked (default: node_modules of the working directory). */
  root?: string;
  /** Stop after this many bytes (default: everything). */
  maxBytes?: number;
  /** Skip files larger than this (default 4 MB: generated bundles). */
  maxFileBytes?: number;
  inspector?: Inspector;
}

const EXTENSIONS = /\.(?:js|mjs|cjs|ts|mts|cts|jsx|tsx)$/;

/** Every source file under `root`, in a stable (sorted) order. */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  walk(root);
  return files;
}

export function measureFalsePositives(options: MeasureOptions = {}): FalsePositiveReport {
  const root = path.resolve(options.root ?? 'node_modules');
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const maxFileBytes = options.maxFileBytes ?? 4 * 1024 * 1024;
  const inspector =
    options.inspector ?? createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'measure-false-positives' });
  const countsByCategory = Object.fromEntries(FINDING_CATEGORIES.map((category) => [category, 0])) as Record<FindingCategory, number>;
  const countsByType: Record<string, number> = {};
  const secretFindings: SecretFindingReport[] = [];
  let bytes = 0;
  let files = 0;
  const started = performance.now();
  for (const file of listSourceFiles(root)) {
    if (bytes >= maxBytes) break;
    if (statSync(file).size > maxFileBytes) continue;
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    files++;
    for (const finding of inspector.inspectText(text, { role: 'file' })) {
      countsByCategory[finding.category]++;
      countsByType[finding.type] = (countsByType[finding.type] ?? 0) + 1;
      if (finding.category !== 'secret') continue;
      secretFindings.push({
        file: path.relative(root, file),
        line: locateOffset(text, finding.start).line,
        type: finding.type,
        confidence: finding.confidence,
        masked: maskValue(text.slice(finding.start, finding.end)),
      });
    }
  }
  const megabytes = bytes / 1_000_000;
  const perMegabyte = Object.fromEntries(
    FINDING_CATEGORIES.map((category) => [category, megabytes === 0 ? 0 : countsByCategory[category] / megabytes]),
  ) as Record<FindingCategory, number>;
  return {
    root,
    files,
    bytes,
    megabytes,
    seconds: (performance.now() - started) / 1000,
    countsByCategory,
    perMegabyte,
    countsByType,
    secretFindings,
  };
}
