import type { Detector } from '../../types.js';
import { defineSecretRule } from '../define-pattern-detector.js';
import { defineSuffixRule } from './define-suffix-rule.js';
import { assigned, compile, END, END_TOKEN, START } from './patterns.js';
import { isRepetitiveOrSequential, looksLikeGeneratedSecret, measureEntropy } from './value-heuristics.js';

/** Payments, messaging, monitoring and identity providers. */

const generated = (minimum: number) => (value: string) => looksLikeGeneratedSecret(value, minimum);

/** Mailchimp keys are 32 hex characters then `-us<N>`: found from the suffix (`-us` alone, as in `en-us`, is common). */
const mailchimpDetector = defineSuffixRule({
  type: 'mailchimp_api_key',
  keywords: ['-us'],
  suffix: /-us[0-9]{1,2}(?![A-Za-z0-9])/g,
  bodyLength: 32,
  body: /^[0-9a-f]{32}$/,
  boundary: /[A-Za-z0-9_-]/,
  confidence: 0.9,
});

export const saasRules: Detector[] = [
  defineSecretRule(
    'stripe_secret_key',
    ['sk_live_', 'sk_test_'],
    compile(String.raw`${START}sk_(?:live|test)_[A-Za-z0-9]{24,247}${END}`),
    0.97,
    {
      check: (value) => (value.startsWith('sk_live_') ? true : 0.7),
    },
  ),
  defineSecretRule(
    'stripe_restricted_key',
    ['rk_live_', 'rk_test_'],
    compile(String.raw`${START}rk_(?:live|test)_[A-Za-z0-9]{24,247}${END}`),
    0.97,
    {
      check: (value) => (value.startsWith('rk_live_') ? true : 0.7),
    },
  ),
  defineSecretRule('stripe_webhook_secret', ['whsec_'], compile(String.raw`${START}whsec_[A-Za-z0-9+/]{32,64}${END}`), 0.95),
  defineSecretRule(
    'square_access_token',
    ['sq0atp-', 'eaaa'],
    compile(String.raw`${START}(?:sq0atp-[A-Za-z0-9_\-]{22}|EAAA[A-Za-z0-9_\-]{60})${END_TOKEN}`),
    0.9,
    {
      check: (value) => value.startsWith('sq0') || looksLikeGeneratedSecret(value, 40),
    },
  ),
  defineSecretRule('square_oauth_secret', ['sq0csp-'], compile(String.raw`${START}sq0csp-[A-Za-z0-9_\-]{43}${END_TOKEN}`), 0.97),
  defineSecretRule(
    'braintree_access_token',
    ['access_token$production$', 'access_token$sandbox$'],
    compile(String.raw`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`),
    0.98,
  ),
  defineSecretRule(
    'shopify_access_token',
    ['shpat_', 'shpca_', 'shppa_'],
    compile(String.raw`${START}shp(?:at|ca|pa)_[a-fA-F0-9]{32}${END}`),
    0.98,
  ),
  defineSecretRule('shopify_shared_secret', ['shpss_'], compile(String.raw`${START}shpss_[a-fA-F0-9]{32}${END}`), 0.98),
  defineSecretRule('flutterwave_secret_key', ['flwseck'], compile(String.raw`${START}FLWSECK(?:_TEST)?-[a-f0-9]{32}-X${END}`), 0.98),
  defineSecretRule('easypost_api_key', ['ezak'], compile(String.raw`${START}EZ[AT]K[a-zA-Z0-9]{54}${END}`), 0.95),
  defineSecretRule('shippo_api_token', ['shippo_'], compile(String.raw`${START}shippo_(?:live|test)_[a-f0-9]{40}${END}`), 0.98),
  defineSecretRule(
    'slack_bot_token',
    ['xoxb-'],
    compile(String.raw`${START}xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{20,34}${END}`),
    0.98,
  ),
  defineSecretRule(
    'slack_user_token',
    ['xoxp-'],
    compile(String.raw`${START}xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}${END}`),
    0.98,
  ),
  defineSecretRule('slack_app_token', ['xapp-'], compile(String.raw`${START}xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64}${END}`), 0.98),
  defineSecretRule(
    'slack_legacy_token',
    ['xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxc-'],
    compile(String.raw`${START}xox[aoscr]-(?:\d+-){1,4}[A-Za-z0-9]{20,64}${END}`),
    0.95,
  ),
  defineSecretRule('slack_config_token', ['xoxe'], compile(String.raw`${START}xoxe(?:\.xox[bp])?-\d-[A-Z0-9]{100,200}${END}`), 0.95),
  defineSecretRule(
    'slack_webhook_url',
    ['hooks.slack.com'],
    compile(String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+]{30,120}`),
    0.95,
    {
      check: (value) => /\/T[A-Z0-9]{6,}\//.test(value) || /\/(?:workflows|triggers)\//.test(value),
    },
  ),
  defineSecretRule(
    'discord_bot_token',
    ['discord'],
    compile(String.raw`${START}[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}${END_TOKEN}`),
    0.85,
  ),
  defineSecretRule(
    'discord_webhook_url',
    ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    compile(String.raw`discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,68}`),
    0.97,
  ),
  defineSecretRule('telegram_bot_token', [':aa'], compile(String.raw`(?<![0-9])\d{8,10}:AA[A-Za-z0-9_\-]{33}${END_TOKEN}`), 0.9),
  defineSecretRule('sendgrid_api_key', ['sg.'], compile(String.raw`${START}SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}${END_TOKEN}`), 0.97),
  defineSecretRule('twilio_api_key', ['twilio'], compile(String.raw`${START}SK[0-9a-f]{32}${END}`), 0.85),
  defineSecretRule(
    'twilio_auth_token',
    ['twilio'],
    compile(assigned(String.raw`(?:twilio)?_?auth_?token`, '[0-9a-f]{32}') + END, 'id'),
    0.85,
    {
      group: 1,
      // 32 hex characters look like an MD5 hash to the generic heuristics; here the name says what it is.
      check: (value) => measureEntropy(value) >= 3 && !isRepetitiveOrSequential(value),
    },
  ),
  defineSecretRule('mailgun_api_key', ['key-', 'mailgun'], compile(String.raw`${START}key-[0-9a-f]{32}${END}`), 0.85, {
    check: generated(32),
  }),
  mailchimpDetector,
  defineSecretRule(
    'microsoft_teams_webhook_url',
    ['webhook.office.com'],
    compile(
      String.raw`https://[a-z0-9\-]{1,64}\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]{36,200}/IncomingWebhook/[A-Za-z0-9]{32}/[A-Za-z0-9\-]{36}(?:/[A-Za-z0-9_\-]{1,64})?`,
    ),
    0.95,
  ),
  defineSecretRule('twitter_bearer_token', ['aaaaaaaaaaaaaaaaaaaaa'], compile(String.raw`${START}A{22}[A-Za-z0-9%]{30,150}${END}`), 0.85, {
    check: (value) => looksLikeGeneratedSecret(value.slice(22), 30),
  }),
  defineSecretRule(
    'facebook_access_token',
    ['eaacedeose0cba', 'eaa'],
    compile(String.raw`${START}EAA[A-Z][A-Za-z0-9]{90,300}${END}`),
    0.8,
    { check: generated(60) },
  ),
  defineSecretRule(
    'datadog_api_key',
    ['datadog', 'dd_api_key', 'dd-api-key'],
    compile(assigned(String.raw`(?:datadog|dd)[_\-]?api[_\-]?key`, '[a-f0-9]{32}') + END, 'id'),
    0.9,
    { group: 1 },
  ),
  defineSecretRule(
    'datadog_app_key',
    ['datadog', 'dd_app', 'dd-app', 'application_key'],
    compile(assigned(String.raw`(?:datadog|dd)[_\-]?(?:app|application)[_\-]?key|dd_application_key`, '[a-f0-9]{40}') + END, 'id'),
    0.9,
    { group: 1 },
  ),
  defineSecretRule('new_relic_user_api_key', ['nrak-'], compile(String.raw`${START}NRAK-[A-Z0-9]{27}${END}`), 0.97),
  defineSecretRule('new_relic_insert_key', ['nrii-'], compile(String.raw`${START}NRII-[A-Za-z0-9_\-]{32}${END_TOKEN}`), 0.95),
  defineSuffixRule({
    type: 'new_relic_license_key',
    keywords: ['nral'],
    suffix: /NRAL(?![A-Za-z0-9])/g,
    bodyLength: 36,
    body: /^[a-f0-9]{36}$/,
    boundary: /[A-Za-z0-9_-]/,
    confidence: 0.95,
  }),
  defineSecretRule('new_relic_browser_key', ['nrjs-'], compile(String.raw`${START}NRJS-[a-f0-9]{19}${END}`), 0.9),
  defineSecretRule(
    'sentry_dsn',
    ['sentry.io', 'ingest.'],
    compile(String.raw`https?://[a-f0-9]{32}(?::[a-f0-9]{32})?@o?\d{1,12}\.ingest\.(?:[a-z]{2}\.)?sentry\.io/\d{1,12}`),
    0.8,
  ),
  defineSecretRule(
    'sentry_auth_token',
    ['sntrys_', 'sntryu_'],
    compile(String.raw`${START}(?:sntrys_eyJ[A-Za-z0-9+/=_]{50,400}|sntryu_[a-f0-9]{64})${END}`),
    0.98,
  ),
  defineSecretRule(
    'grafana_token',
    ['glc_', 'glsa_'],
    compile(String.raw`${START}(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})${END}`),
    0.95,
    {
      check: (value) => value.startsWith('glsa_') || looksLikeGeneratedSecret(value.slice(4), 32),
    },
  ),
  defineSecretRule('grafana_api_key', ['eyjrijoi'], compile(String.raw`${START}eyJrIjoi[A-Za-z0-9]{70,400}={0,2}${END}`), 0.9),
  defineSecretRule('dynatrace_token', ['dt0c01.'], compile(String.raw`${START}dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}${END}`), 0.98),
  defineSecretRule(
    'okta_api_token',
    ['okta', 'ssws'],
    compile(String.raw`(?:SSWS\s{1,4}|okta[A-Za-z0-9_.\-]{0,24}["']?\s{0,4}[:=]\s{0,4}["']?)(00[A-Za-z0-9_\-]{40})${END_TOKEN}`, 'id'),
    0.9,
    {
      group: 1,
      check: generated(40),
    },
  ),
  defineSecretRule(
    'firebase_cloud_messaging_key',
    ['apa91b'],
    compile(String.raw`${START}AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134}${END_TOKEN}`),
    0.98,
  ),
];
