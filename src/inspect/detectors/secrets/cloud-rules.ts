import type { Detector } from '../../types.js';
import { defineSecretRule } from '../define-pattern-detector.js';
import { defineSuffixRule } from './define-suffix-rule.js';
import { assigned, compile, END, END_TOKEN, START } from './patterns.js';
import { looksLikeGeneratedSecret } from './value-heuristics.js';

/** Token formats of cloud and infrastructure providers (public formats; rules written for Airlock). */

/** AWS documents `AKIAIOSFODNN7EXAMPLE`; keys ending in EXAMPLE are its placeholders. */
const notAwsExample = (value: string): boolean => !value.endsWith('EXAMPLE');

export const cloudRules: Detector[] = [
  defineSecretRule(
    'aws_access_key_id',
    ['akia', 'asia', 'abia', 'acca', 'a3t'],
    compile(String.raw`${START}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}${END}`),
    0.95,
    {
      check: notAwsExample,
    },
  ),
  defineSecretRule(
    'aws_secret_access_key',
    ['secret_access_key', 'secretaccesskey', 'aws_secret', 'awssecret', 'secret-access-key'],
    compile(assigned(String.raw`(?:aws)?_?secret_?access_?key|aws_?secret|secret-access-key`, String.raw`[A-Za-z0-9/+]{40}`) + END, 'id'),
    0.9,
    { group: 1, check: (value) => looksLikeGeneratedSecret(value, 40) && !value.includes('EXAMPLEKEY') },
  ),
  defineSecretRule(
    'aws_session_token',
    ['iqojb3jpz2lux2vj', 'fwogzxivyxdz'],
    compile(String.raw`${START}(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{100,2000}={0,2}`),
    0.95,
  ),
  defineSecretRule(
    'aws_mws_auth_token',
    ['amzn.mws.'],
    compile(String.raw`amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${END}`),
    0.95,
  ),
  defineSecretRule(
    'gcp_service_account_key',
    ['service_account'],
    compile(String.raw`"private_key_id"\s{0,4}:\s{0,4}"([0-9a-f]{40})"`, 'd'),
    0.95,
    { group: 1, check: (_value, text) => /"type"\s*:\s*"service_account"/.test(text) },
  ),
  defineSecretRule('gcp_api_key', ['aiza'], compile(String.raw`${START}AIza[0-9A-Za-z_\-]{35}${END_TOKEN}`), 0.9),
  defineSecretRule('gcp_oauth_client_secret', ['gocspx-'], compile(String.raw`${START}GOCSPX-[0-9A-Za-z_\-]{28}${END_TOKEN}`), 0.95),
  defineSecretRule('google_oauth_access_token', ['ya29.'], compile(String.raw`${START}ya29\.[0-9A-Za-z_\-]{30,1024}${END_TOKEN}`), 0.9),
  defineSecretRule(
    'google_oauth_refresh_token',
    ['1//0'],
    compile(String.raw`(?<![A-Za-z0-9/])1//0[0-9A-Za-z_\-]{40,512}${END_TOKEN}`),
    0.8,
  ),
  defineSecretRule(
    'azure_storage_connection_string',
    ['accountkey='],
    compile(
      String.raw`DefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=[A-Za-z0-9+/]{86}==(?:;EndpointSuffix=[a-z0-9.]{1,64})?`,
      'i',
    ),
    0.98,
  ),
  defineSuffixRule({
    type: 'azure_storage_account_key',
    keywords: ['accountkey', 'account_key', 'azure', 'storage_key', 'storagekey'],
    // 64 random bytes in base64: 86 characters and `==`, found from the padding.
    suffix: /==(?![A-Za-z0-9+/=])/g,
    bodyLength: 86,
    body: /^[A-Za-z0-9+/]{86}$/,
    boundary: /[A-Za-z0-9+/]/,
    confidence: 0.85,
    check: (token, text, start) =>
      /account_?key|azure|storage_?key/i.test(text.slice(Math.max(0, start - 120), start)) &&
      looksLikeGeneratedSecret(token.slice(0, 86), 40),
  }),
  defineSecretRule(
    'azure_service_bus_connection_string',
    ['sharedaccesskey='],
    compile(
      String.raw`Endpoint=sb://[a-z0-9.\-]{1,128}/?;SharedAccessKeyName=[A-Za-z0-9_.\-]{1,128};SharedAccessKey=[A-Za-z0-9+/]{42,44}={0,2}`,
      'i',
    ),
    0.98,
  ),
  defineSecretRule(
    'azure_sas_token',
    ['sig='],
    compile(String.raw`(?<![A-Za-z0-9])sv=\d{4}-\d{2}-\d{2}&[A-Za-z0-9%=&:._\-]{0,300}?sig=[A-Za-z0-9%+/]{40,90}(?:%3D|=){0,2}`),
    0.9,
  ),
  defineSecretRule(
    'azure_ad_client_secret',
    ['q~'],
    compile(String.raw`(?<![A-Za-z0-9_~.\-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}(?![A-Za-z0-9_~.\-])`),
    0.9,
  ),
  defineSecretRule('alibaba_access_key_id', ['ltai'], compile(String.raw`${START}LTAI[A-Za-z0-9]{12,20}${END}`), 0.85, {
    check: (value) => /[0-9]/.test(value) && /[a-z]/.test(value.slice(4)),
  }),
  defineSecretRule(
    'digitalocean_token',
    ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    compile(String.raw`${START}do[opr]_v1_[a-f0-9]{64}${END}`),
    0.98,
  ),
  defineSecretRule('heroku_api_key', ['hrku-'], compile(String.raw`${START}HRKU-[A-Za-z0-9_\-]{40,80}${END_TOKEN}`), 0.95),
  defineSecretRule(
    'heroku_api_key',
    ['heroku'],
    compile(assigned('heroku', String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`) + END, 'id'),
    0.8,
    { id: 'heroku_api_key.legacy', group: 1 },
  ),
  defineSecretRule(
    'cloudflare_api_token',
    ['cloudflare', 'cf_api', 'cf_token', 'cf-api'],
    compile(assigned(String.raw`(?:cloudflare|cf)[_\-]?(?:api)?[_\-]?(?:token|key)`, String.raw`[A-Za-z0-9_\-]{37,40}`) + END_TOKEN, 'id'),
    0.85,
    { group: 1, check: (value) => looksLikeGeneratedSecret(value, 37) },
  ),
  defineSecretRule('cloudflare_origin_ca_key', ['v1.0-'], compile(String.raw`${START}v1\.0-[a-f0-9]{24}-[a-f0-9]{146}${END}`), 0.95),
  defineSecretRule(
    'terraform_cloud_token',
    ['atlasv1'],
    compile(String.raw`${START}[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}${END_TOKEN}`),
    0.98,
  ),
  defineSecretRule('pulumi_access_token', ['pul-'], compile(String.raw`${START}pul-[a-f0-9]{40}${END}`), 0.95),
  defineSecretRule(
    'vault_token',
    ['hvs.', 'hvb.', 'hvr.'],
    compile(String.raw`(?<![A-Za-z0-9_.\-])hv[sbr]\.[A-Za-z0-9_\-]{24,500}${END_TOKEN}`),
    0.95,
    {
      check: (value) => looksLikeGeneratedSecret(value.slice(4), 20),
    },
  ),
  defineSecretRule('vault_token', ['vault'], compile(String.raw`(?<![A-Za-z0-9_.\-])s\.[A-Za-z0-9]{24}${END_TOKEN}`), 0.75, {
    id: 'vault_token.legacy',
    check: (value, text, start) =>
      /vault/i.test(text.slice(Math.max(0, start - 100), start)) && looksLikeGeneratedSecret(value.slice(2), 20),
  }),
  defineSecretRule(
    'doppler_token',
    ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    compile(String.raw`${START}dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}${END}`),
    0.98,
  ),
  defineSecretRule('databricks_token', ['dapi'], compile(String.raw`${START}dapi[a-f0-9]{32}(?:-\d)?${END}`), 0.9),
  defineSecretRule(
    'planetscale_token',
    ['pscale_'],
    compile(String.raw`${START}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64}${END_TOKEN}`),
    0.95,
  ),
  defineSecretRule(
    'supabase_secret_key',
    ['sbp_', 'sb_secret_'],
    compile(String.raw`${START}(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\-]{31,64})${END_TOKEN}`),
    0.95,
  ),
  defineSecretRule('flyio_token', ['flyv1 fm'], compile(String.raw`FlyV1 fm[12]_[A-Za-z0-9+/=_\-]{100,2000}`), 0.95),
  defineSecretRule('render_api_key', ['rnd_'], compile(String.raw`${START}rnd_[A-Za-z0-9]{32}${END}`), 0.9),
  defineSecretRule('netlify_token', ['nfp_'], compile(String.raw`${START}nfp_[A-Za-z0-9]{36}${END}`), 0.9),
  defineSecretRule(
    'tailscale_key',
    ['tskey-'],
    compile(String.raw`${START}tskey-[a-z]{3,8}-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}${END}`),
    0.95,
  ),
  defineSecretRule('onepassword_service_token', ['ops_eyj'], compile(String.raw`${START}ops_eyJ[A-Za-z0-9+/=_\-]{100,2000}`), 0.95),
  defineSecretRule(
    'age_secret_key',
    ['age-secret-key-1'],
    compile(String.raw`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${END}`),
    0.99,
  ),
];
