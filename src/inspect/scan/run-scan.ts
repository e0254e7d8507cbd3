import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InspectConfig } from '../../config/inspect-schema.js';
import { createClassifier } from '../classify.js';
import { createInspector } from '../create-inspector.js';
import type { Classification, Finding } from '../types.js';
import { formatFileReport } from './format-scan-report.js';
import { isBinary, listScanFiles } from './list-scan-files.js';

/** What `airlock scan` was asked to do. */
export interface ScanOptions {
  /** Files, directories, or `-` for stdin. */
  paths: string[];
  json: boolean;
  config: InspectConfig;
}

/** Where the scan reads and writes: the process in the CLI, buffers in tests. */
export interface ScanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
}

/** Exit statuses, as gitleaks: usable in pre-commit hooks and CI. */
export const SCAN_EXIT = { clean: 0, found: 1, error: 2 } as const;

/** `source_code` describes the text rather than finding something in it: it is listed but does not fail a scan. */
function countsAsFinding(finding: Finding): boolean {
  return finding.type !== 'source_code';
}

interface ScanTarget {
  /** As shown to the user: relative to the working directory, or `-` for stdin. */
  label: string;
  read: () => Promise<string | null>;
}

function expandTargets(paths: string[], io: ScanIo, errors: string[]): { targets: ScanTarget[]; several: boolean } {
  const targets: ScanTarget[] = [];
  let several = paths.length > 1;
  for (const given of paths) {
    if (given === '-') {
      targets.push({ label: '-', read: async () => io.readStdin() });
      continue;
    }
    const full = path.resolve(io.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(full).isDirectory();
    } catch (error) {
      errors.push(`${given}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}`);
      continue;
    }
    const files = isDirectory ? listScanFiles(full) : [full];
    if (isDirectory) several = true;
    for (const file of files) targets.push({ label: path.relative(io.cwd, file) || file, read: async () => readText(file) });
  }
  return { targets, several };
}

/** The file as text, or null for binaries. */
function readText(file: string): string | null {
  const bytes = readFileSync(file);
  return isBinary(bytes) ? null : bytes.toString('utf8');
}

/**
 * Scans the paths with the same engine the gateway runs, prints a report per text, and returns
 * the exit status: 0 nothing found, 1 findings, 2 an error (the scan is then incomplete). Values
 * are never printed, only masked.
 */
export async function runScan(options: ScanOptions, io: ScanIo): Promise<number> {
  const inspector = createInspector({ config: options.config, fingerprintKey: randomBytes(32) });
  const classifier = createClassifier(options.config.classification);
  const errors: string[] = [];
  const { targets, several } = expandTargets(options.paths.length === 0 ? ['-'] : options.paths, io, errors);
  let found = false;
  let scanned = 0;
  let withFindings = 0;
  for (const target of targets) {
    let text: string | null;
    try {
      text = await target.read();
    } catch (error) {
      errors.push(`${target.label}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}`);
      continue;
    }
    if (text === null) continue;
    scanned++;
    const findings = inspector.inspectText(text, { role: 'file' });
    const classification: Classification = classifier.classify(findings);
    if (findings.some(countsAsFinding)) {
      found = true;
      withFindings++;
    }
    io.stdout(formatFileReport({ label: target.label, text, findings, classification, json: options.json, withPath: several }));
  }
  for (const error of errors) io.stderr(`airlock scan: ${error}\n`);
  if (!options.json)
    io.stdout(`${scanned} scanned, ${withFindings} with findings${errors.length > 0 ? `, ${errors.length} error(s)` : ''}\n`);
  if (errors.length > 0) return SCAN_EXIT.error;
  return found ? SCAN_EXIT.found : SCAN_EXIT.clean;
}
