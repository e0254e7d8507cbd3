import type { Detector } from '../../types.js';
import { definePatternDetector } from '../define-pattern-detector.js';

/**
 * Cloud account identifiers: not secrets, but they map an organisation's cloud estate. Bare
 * numbers and UUIDs are everywhere, so ids count only next to the words that name them; ARNs
 * carry their own structure.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const cloudIdentifierDetectors: Detector[] = [
  definePatternDetector({
    category: 'config',
    type: 'aws_arn',
    keywords: ['arn:aws'],
    pattern:
      /(?<![A-Za-z0-9])arn:aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?:[a-z0-9\-]{2,32}:[a-z0-9\-]{0,32}:(?:\d{12})?:[A-Za-z0-9_+=,.@\-/:*]{1,512}/g,
    confidence: 0.9,
    check: (value) => /:\d{12}:/.test(value) || /^arn:aws[a-z\-]*:s3:::/.test(value),
  }),
  definePatternDetector({
    category: 'config',
    type: 'aws_account_id',
    keywords: ['account', 'aws', 'owner_id', 'ownerid'],
    pattern: /(?:aws[_\-]?account(?:[_\-]?id)?|account[_\-]?id|owner[_\-]?id|accountid)["']?\s{0,4}[:=]\s{0,4}["']?(\d{12})(?![0-9])/dgi,
    group: 1,
    // `account` is common in code: the pattern is tried only where one of its openings occurs.
    startsWith: ['aws', 'account', 'owner'],
    confidence: 0.8,
    check: (_value, text, start) => /aws|amazon|iam|arn:/i.test(text.slice(Math.max(0, start - 400), start + 400)),
  }),
  definePatternDetector({
    category: 'config',
    type: 'gcp_project_id',
    keywords: ['project_id', 'projectid', 'project-id', 'google_cloud_project', 'gcp_project', 'gcloud_project'],
    pattern:
      /(?:project[_\-]?id|google_cloud_project|gcloud_project|gcp_project(?:_id)?)["']?\s{0,4}[:=]\s{0,4}["']?([a-z][a-z0-9\-]{4,28}[a-z0-9])(?![A-Za-z0-9\-])/dgi,
    group: 1,
    confidence: 0.75,
    check: (value, text, start) =>
      /[0-9\-]/.test(value) &&
      /gcp|google|gcloud|firebase|bigquery|service_account|googleapis/i.test(text.slice(Math.max(0, start - 400), start + 400)),
  }),
  definePatternDetector({
    category: 'config',
    type: 'azure_subscription_id',
    keywords: ['subscription'],
    pattern: new RegExp(
      String.raw`(?:/subscriptions/|subscription[_\-]?id["']?\s{0,4}[:=]\s{0,4}["']?|--subscription\s{1,4}["']?)(${UUID})(?![0-9a-f])`,
      'dgi',
    ),
    group: 1,
    confidence: 0.85,
  }),
  definePatternDetector({
    category: 'config',
    type: 'twilio_account_sid',
    keywords: ['twilio'],
    pattern: /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/g,
    confidence: 0.85,
  }),
  definePatternDetector({
    category: 'config',
    type: 'azure_tenant_id',
    keywords: ['tenant'],
    pattern: new RegExp(
      String.raw`(?:tenant[_\-]?id["']?\s{0,4}[:=]\s{0,4}["']?|--tenant\s{1,4}["']?|login\.microsoftonline\.com/)(${UUID})(?![0-9a-f])`,
      'dgi',
    ),
    group: 1,
    confidence: 0.8,
  }),
];
