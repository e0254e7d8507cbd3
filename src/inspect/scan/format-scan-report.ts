import { locateOffset, maskValue } from '../mask-value.js';
import type { Classification, Finding } from '../types.js';

export interface FileReport {
  label: string;
  text: string;
  findings: Finding[];
  classification: Classification;
  json: boolean;
  /** Several texts were scanned: JSON objects carry a `path`. */
  withPath: boolean;
}

/**
 * One text's report. JSON: exactly one object (one line) with the classification and each
 * finding's category, type, offsets and confidence. Human: one line per finding with file, line,
 * type and the masked value. Neither ever contains a matched value.
 */
export function formatFileReport(report: FileReport): string {
  if (report.json) {
    const findings = report.findings.map(({ category, type, start, end, confidence }) => ({ category, type, start, end, confidence }));
    const object = report.withPath
      ? { path: report.label, classification: report.classification, findings }
      : { classification: report.classification, findings };
    return `${JSON.stringify(object)}\n`;
  }
  const lines: string[] = [];
  for (const finding of report.findings) {
    const { line, column } = locateOffset(report.text, finding.start);
    const where = `${report.label}:${line}:${column}`;
    if (finding.type === 'source_code') {
      lines.push(`${where}  source_code (${finding.detail ?? 'unknown'})`);
      continue;
    }
    const detail = finding.detail === undefined ? '' : ` ${finding.detail}`;
    const value =
      finding.region === true ? `${finding.end - finding.start} characters` : maskValue(report.text.slice(finding.start, finding.end));
    lines.push(`${where}  ${finding.type}${detail} [${finding.category}, ${finding.confidence.toFixed(2)}]  ${value}`);
  }
  if (lines.length > 0) lines.push(`${report.label}: ${report.classification}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
