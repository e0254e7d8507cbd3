import type { Detector } from '../../types.js';
import { defineSecretRule } from '../define-pattern-detector.js';
import { hasValidCrc32Suffix } from './checksums.js';
import { compile, END, END_TOKEN, START } from './patterns.js';

/** Code hosts, package registries, CI and developer SaaS. */

/** A checksum that fails means a made-up string (docs, tests): still reported, with low confidence. */
const crc32Confidence = (value: string): number => (hasValidCrc32Suffix(value) ? 0.99 : 0.6);

export const developerRules: Detector[] = [
  defineSecretRule('github_personal_access_token', ['ghp_'], compile(String.raw`${START}ghp_[A-Za-z0-9]{36}${END}`), 0.99, {
    check: crc32Confidence,
  }),
  defineSecretRule('github_oauth_token', ['gho_'], compile(String.raw`${START}gho_[A-Za-z0-9]{36}${END}`), 0.99, {
    check: crc32Confidence,
  }),
  defineSecretRule('github_user_to_server_token', ['ghu_'], compile(String.raw`${START}ghu_[A-Za-z0-9]{36}${END}`), 0.99, {
    check: crc32Confidence,
  }),
  defineSecretRule('github_server_to_server_token', ['ghs_'], compile(String.raw`${START}ghs_[A-Za-z0-9]{36}${END}`), 0.99, {
    check: crc32Confidence,
  }),
  defineSecretRule('github_refresh_token', ['ghr_'], compile(String.raw`${START}ghr_[A-Za-z0-9]{36,76}${END}`), 0.95),
  defineSecretRule(
    'github_fine_grained_token',
    ['github_pat_'],
    compile(String.raw`${START}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${END}`),
    0.99,
  ),
  defineSecretRule(
    'gitlab_personal_access_token',
    ['glpat-'],
    compile(String.raw`${START}glpat-[A-Za-z0-9_\-]{20,64}(?:\.[0-9a-z]{2}\.[a-z0-9]{9})?${END_TOKEN}`),
    0.97,
  ),
  defineSecretRule('gitlab_pipeline_trigger_token', ['glptt-'], compile(String.raw`${START}glptt-[A-Za-z0-9_\-]{20,64}${END_TOKEN}`), 0.95),
  defineSecretRule(
    'gitlab_runner_token',
    ['glrt-', 'gr1348941'],
    compile(String.raw`${START}(?:glrt-|GR1348941)[A-Za-z0-9_\-]{20,64}(?:\.[0-9a-z]{2}\.[a-z0-9]{9})?${END_TOKEN}`),
    0.95,
  ),
  defineSecretRule('gitlab_deploy_token', ['gldt-'], compile(String.raw`${START}gldt-[A-Za-z0-9_\-]{20,64}${END_TOKEN}`), 0.95),
  defineSecretRule('gitlab_feed_token', ['glft-'], compile(String.raw`${START}glft-[A-Za-z0-9_\-]{20,64}${END_TOKEN}`), 0.9),
  defineSecretRule('gitlab_oauth_app_secret', ['gloas-'], compile(String.raw`${START}gloas-[A-Za-z0-9_\-]{64}${END_TOKEN}`), 0.95),
  defineSecretRule('gitlab_agent_token', ['glagent-'], compile(String.raw`${START}glagent-[A-Za-z0-9_\-]{50,80}${END_TOKEN}`), 0.95),
  defineSecretRule(
    'gitlab_ci_job_token',
    ['glcbt-'],
    compile(String.raw`${START}glcbt-[0-9a-f]{1,5}_[A-Za-z0-9_\-]{20,64}${END_TOKEN}`),
    0.95,
  ),
  defineSecretRule('bitbucket_app_password', ['atbb'], compile(String.raw`${START}ATBB[A-Za-z0-9_=.\-]{28,40}${END_TOKEN}`), 0.9),
  defineSecretRule(
    'atlassian_api_token',
    ['atatt3', 'atctt3'],
    compile(String.raw`${START}AT[AC]TT3[A-Za-z0-9_=\-]{150,300}${END_TOKEN}`),
    0.95,
  ),
  defineSecretRule('npm_access_token', ['npm_'], compile(String.raw`${START}npm_[A-Za-z0-9]{36}${END}`), 0.99, { check: crc32Confidence }),
  defineSecretRule(
    'pypi_upload_token',
    ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    compile(String.raw`${START}pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,1000}${END_TOKEN}`),
    0.99,
  ),
  defineSecretRule('rubygems_api_key', ['rubygems_'], compile(String.raw`${START}rubygems_[a-f0-9]{48}${END}`), 0.98),
  defineSecretRule('nuget_api_key', ['oy2'], compile(String.raw`${START}oy2[a-z0-9]{43}${END}`), 0.8, {
    check: (value) => /[0-9]/.test(value.slice(3)),
  }),
  defineSecretRule(
    'docker_hub_token',
    ['dckr_pat_', 'dckr_oat_'],
    compile(String.raw`${START}dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,40}${END_TOKEN}`),
    0.98,
  ),
  defineSecretRule('jfrog_api_key', ['akcp'], compile(String.raw`${START}AKCp[A-Za-z0-9]{69}${END}`), 0.9),
  defineSecretRule('jfrog_reference_token', ['cmvmdgtu'], compile(String.raw`${START}cmVmdGtu[A-Za-z0-9]{56}${END}`), 0.9),
  defineSecretRule('postman_api_key', ['pmak-'], compile(String.raw`${START}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${END}`), 0.98),
  defineSecretRule('circleci_token', ['ccipat_'], compile(String.raw`${START}CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}${END}`), 0.98),
  defineSecretRule('buildkite_token', ['bkua_'], compile(String.raw`${START}bkua_[a-f0-9]{40}${END}`), 0.95),
  defineSecretRule(
    'linear_api_key',
    ['lin_api_', 'lin_oauth_'],
    compile(String.raw`${START}(?:lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64})${END}`),
    0.95,
  ),
  defineSecretRule(
    'notion_token',
    ['ntn_', 'secret_'],
    compile(String.raw`${START}(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})${END}`),
    0.85,
    {
      check: (value) => /[0-9]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value.slice(7)),
    },
  ),
  // `pat` is in every `path` and `pattern`: tried only where it occurs, not through the whole text.
  defineSecretRule('airtable_token', ['pat'], compile(String.raw`${START}pat[A-Za-z0-9]{14}\.[a-f0-9]{64}${END}`), 0.9, {
    startsWith: ['pat'],
  }),
  defineSecretRule('figma_token', ['figd_'], compile(String.raw`${START}figd_[A-Za-z0-9_\-]{40}${END_TOKEN}`), 0.95),
  defineSecretRule('contentful_token', ['cfpat-'], compile(String.raw`${START}CFPAT-[A-Za-z0-9_\-]{43}${END_TOKEN}`), 0.95),
  defineSecretRule('readme_api_key', ['rdme_'], compile(String.raw`${START}rdme_[a-z0-9]{70}${END}`), 0.95),
  defineSecretRule('prefect_api_key', ['pnu_'], compile(String.raw`${START}pnu_[A-Za-z0-9]{36}${END}`), 0.9),
  defineSecretRule(
    'hubspot_token',
    ['pat-na1-', 'pat-eu1-'],
    compile(String.raw`${START}pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}${END}`),
    0.95,
  ),
  defineSecretRule('typeform_token', ['tfp_'], compile(String.raw`${START}tfp_[A-Za-z0-9_\-]{44}_[A-Za-z0-9_\-]{14}${END_TOKEN}`), 0.95),
  defineSecretRule('dropbox_token', ['sl.'], compile(String.raw`(?<![A-Za-z0-9_.\-])sl\.[A-Za-z0-9_\-]{130,1400}${END_TOKEN}`), 0.85),
  defineSecretRule(
    'mapbox_secret_token',
    ['sk.eyj1ijoi'],
    compile(String.raw`${START}sk\.eyJ1Ijoi[A-Za-z0-9_\-]{10,200}\.[A-Za-z0-9_\-]{22}${END_TOKEN}`),
    0.95,
  ),
];
