import type { InspectConfig } from '../../../config/inspect-schema.js';
import type { Detector, DetectorMatch } from '../../types.js';

/**
 * Markers the organisation configures (`inspect.proprietary`): its name in copyright headers,
 * its internal package scopes, its repository names and codenames. Each configured string is
 * a keyword, so the rules cost nothing on text that does not mention them.
 */

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\\-/]/g, '\\$&');
}

function collect(pattern: RegExp, text: string, type: string, confidence: number, group = 0): DetectorMatch[] {
  const matches: DetectorMatch[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const span = group === 0 ? ([match.index, match.index + match[0].length] as const) : match.indices?.[group];
    if (span !== undefined) matches.push({ category: 'code', type, start: span[0], end: span[1], confidence });
  }
  return matches;
}

/** `Copyright (c) 2024 Acme Corp`, `© Acme Corp. All rights reserved.` — the line up to the name. */
function createCopyrightDetector(names: readonly string[]): Detector {
  const alternatives = names.map(escapeRegExp).join('|');
  const pattern = new RegExp(String.raw`(?:copyright|\(c\)|©)[^\r\n]{0,80}?(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])`, 'gi');
  return {
    id: 'proprietary_copyright',
    keywords: names.map((name) => name.toLowerCase()),
    detect: (text) => collect(pattern, text, 'proprietary_copyright', 0.9),
  };
}

/** `import … from '@acme/billing'`, `require("@acme/ui")`, `"@acme/core": "^2.0.0"`. */
function createPackageScopeDetector(scopes: readonly string[]): Detector {
  const alternatives = scopes.map((scope) => escapeRegExp(scope.replace(/\/$/, '')) + '/').join('|');
  const pattern = new RegExp(
    String.raw`(?<![A-Za-z0-9@])(?:${alternatives})[a-z0-9][a-z0-9._\-]{0,100}(?:/[A-Za-z0-9._\-]{1,100}){0,4}`,
    'gi',
  );
  return {
    id: 'internal_package',
    keywords: scopes.map((scope) => (scope.endsWith('/') ? scope : `${scope}/`).toLowerCase()),
    detect: (text) => collect(pattern, text, 'internal_package', 0.9),
  };
}

/** Codenames and repository names, as whole words. */
function createKeywordDetector(keywords: readonly string[]): Detector {
  const alternatives = keywords.map(escapeRegExp).join('|');
  const pattern = new RegExp(String.raw`(?<![A-Za-z0-9_])(?:${alternatives})(?![A-Za-z0-9_])`, 'gi');
  return {
    id: 'proprietary_keyword',
    keywords: keywords.map((keyword) => keyword.toLowerCase()),
    detect: (text) => collect(pattern, text, 'proprietary_keyword', 0.8),
  };
}

export function createProprietaryDetectors(proprietary: InspectConfig['proprietary']): Detector[] {
  const detectors: Detector[] = [];
  if (proprietary.companyNames.length > 0) detectors.push(createCopyrightDetector(proprietary.companyNames));
  if (proprietary.packageScopes.length > 0) detectors.push(createPackageScopeDetector(proprietary.packageScopes));
  if (proprietary.keywords.length > 0) detectors.push(createKeywordDetector(proprietary.keywords));
  return detectors;
}

/**
 * Classification markings written in capitals, as organisations stamp them: `CONFIDENTIAL`,
 * `INTERNAL ONLY`, `PROPRIETARY AND CONFIDENTIAL`, `DO NOT DISTRIBUTE`. Lower-case prose
 * ("keep this confidential") is not a marking. Case-sensitive on purpose.
 */
const MARKING =
  /(?<![A-Za-z])(?:(?:STRICTLY |COMPANY |HIGHLY |BUSINESS )?CONFIDENTIAL(?: AND PROPRIETARY| INFORMATION| - INTERNAL)?|PROPRIETARY(?: AND CONFIDENTIAL| INFORMATION)?|INTERNAL(?: USE)? ONLY|FOR INTERNAL USE|DO NOT (?:DISTRIBUTE|SHARE|FORWARD)|NOT FOR (?:DISTRIBUTION|EXTERNAL (?:USE|DISTRIBUTION))|TRADE SECRET|Confidential and Proprietary|Proprietary and Confidential|Company Confidential|Internal Use Only)(?![A-Za-z])/g;

export const confidentialityMarkingDetector: Detector = {
  id: 'confidentiality_marking',
  keywords: [
    'confidential',
    'proprietary',
    'internal only',
    'internal use',
    'do not distribute',
    'do not share',
    'do not forward',
    'not for distribution',
    'not for external',
    'trade secret',
  ],
  detect(text) {
    return collect(MARKING, text, 'confidentiality_marking', 0.85).filter((match) => !isLicenseBoilerplate(text, match.start));
  },
};

/**
 * Open-source licences shout too ("… PROPRIETARY …" in warranty disclaimers is rare, but
 * "CONFIDENTIAL" appears in some licence texts): a marking inside a licence paragraph is not one.
 */
function isLicenseBoilerplate(text: string, start: number): boolean {
  const window = text.slice(Math.max(0, start - 300), start + 300);
  return /WITHOUT WARRANTY|MERCHANTABILITY|Licensed under|SPDX-License-Identifier|Permission is hereby granted/i.test(window);
}
