import type { Transport } from './client.js';
import type { EndpointOptions } from './endpoint-pool.js';
import { inferProfile, PROFILE_NAMES, PROFILES, type Profile, type ProfileName } from './profiles.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { SettingsError, type SettingsReader } from './settings.js';

/** Where and how to send requests: shared by the describer and the embedder. */
export interface ConnectionConfig {
  readonly profile: Profile;
  readonly endpoints: readonly EndpointOptions[];
  readonly retry: RetryPolicy;
  readonly transport: Transport;
  /** True when no key was found for a service that needs one (checked at the first request, so --dry-run works without a key). */
  readonly missingApiKey: boolean;
}

/** Local servers ignore the key, but the SDK insists on one. */
const PLACEHOLDER_KEY = 'no-key-needed';

export interface ConnectionDefaults {
  readonly concurrency: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the connection settings: `baseUrl` or `baseUrls` (strings, or objects with their own
 * `url`, `apiKey`, `concurrency`, `rpm`, `tpm`), `apiKey`, `profile`, `concurrency`, `rpm`,
 * `tpm`, `maxRetries`, `timeoutSeconds`, `transport`. Settings win over `OPENAI_BASE_URL` and
 * `OPENAI_API_KEY` (or the profile's own key variable, e.g. `GEMINI_API_KEY`).
 */
export function readConnection(reader: SettingsReader, defaults: ConnectionDefaults): ConnectionConfig {
  const explicitProfile = reader.oneOf<ProfileName>('profile', PROFILE_NAMES);
  const concurrency = reader.number('concurrency', defaults.concurrency, { integer: true, min: 1, max: 4096 });
  const rpm = reader.optionalNumber('rpm', { min: 0.001 });
  const tpm = reader.optionalNumber('tpm', { min: 1 });
  const maxRetries = reader.number('maxRetries', DEFAULT_RETRY_POLICY.maxRetries, { integer: true, min: 0, max: 100 });
  const timeoutSeconds = reader.number('timeoutSeconds', DEFAULT_RETRY_POLICY.timeoutMs / 1000, { min: 0.001 });
  const apiKeySetting = reader.optionalString('apiKey');
  const transport = reader.oneOf<Transport>('transport', ['node', 'fetch'], 'node');

  let listed = readEndpointList(reader);
  let single = reader.optionalString('baseUrl');
  if (listed && single) {
    reader.fail('baseUrls', "not both 'baseUrl' and 'baseUrls'", listed.map((e) => e.url));
  }
  if (single?.includes(',')) {
    // `--base-url http://a:8000/v1,http://b:8000/v1` from the command line: several endpoints.
    listed = reader.optionalStringList('baseUrl')!.map((url) => ({ url }));
    single = undefined;
  }
  const firstUrl =
    listed?.[0]?.url ?? single ?? defaults.env.OPENAI_BASE_URL ?? (explicitProfile ? PROFILES[explicitProfile].defaultBaseUrl : undefined);
  const profile = PROFILES[explicitProfile ?? (firstUrl ? inferProfile(firstUrl) : 'openai')];
  const specs = listed ?? [{ url: firstUrl ?? PROFILES.openai.defaultBaseUrl! }];

  const envKey = (profile.apiKeyEnv ? defaults.env[profile.apiKeyEnv] : undefined) ?? defaults.env.OPENAI_API_KEY;
  const sharedKey = apiKeySetting ?? (envKey && envKey.trim() !== '' ? envKey.trim() : undefined);
  let missingApiKey = false;
  const endpoints = specs.map((spec): EndpointOptions => {
    const key = spec.apiKey ?? sharedKey;
    if (!key && profile.needsApiKey) missingApiKey = true;
    return {
      url: normaliseUrl(reader, spec.url),
      apiKey: key ?? PLACEHOLDER_KEY,
      concurrency: spec.concurrency ?? concurrency,
      rpm: spec.rpm ?? rpm,
      tpm: spec.tpm ?? tpm,
    };
  });
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    if (seen.has(endpoint.url)) reader.fail('baseUrls', 'distinct URLs', endpoint.url);
    seen.add(endpoint.url);
  }
  return {
    profile,
    endpoints,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries, timeoutMs: timeoutSeconds * 1000 },
    transport,
    missingApiKey,
  };
}

interface EndpointSpec {
  url: string;
  apiKey?: string;
  concurrency?: number;
  rpm?: number;
  tpm?: number;
}

function readEndpointList(reader: SettingsReader): EndpointSpec[] | undefined {
  const raw = reader.raw('baseUrls');
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return reader.optionalStringList('baseUrls')!.map((url) => ({ url }));
  if (!Array.isArray(raw) || raw.length === 0) reader.fail('baseUrls', 'a non-empty list of URLs or { url, concurrency, rpm, tpm, apiKey } objects', raw);
  return raw.flatMap((item): EndpointSpec[] => {
    // `--base-url a,b` or a repeated `--base-url`: plain URLs, possibly comma-separated.
    if (typeof item === 'string' && item.trim() !== '') return item.split(',').filter((url) => url.trim() !== '').map((url) => ({ url: url.trim() }));
    if (!item || typeof item !== 'object' || typeof (item as { url?: unknown }).url !== 'string') {
      return reader.fail('baseUrls', 'a list of URLs or { url, concurrency, rpm, tpm, apiKey } objects', item);
    }
    const entry = item as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((k) => !['url', 'apiKey', 'concurrency', 'rpm', 'tpm'].includes(k));
    if (unknown.length > 0) reader.fail('baseUrls', 'entries with only url, apiKey, concurrency, rpm, tpm', item);
    const positive = (key: string, integer: boolean): number | undefined => {
      const value = entry[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
        return reader.fail('baseUrls', `entries whose ${key} is a positive ${integer ? 'integer' : 'number'}`, item);
      }
      return value;
    };
    const apiKey = entry.apiKey;
    if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) reader.fail('baseUrls', 'entries whose apiKey is a string', '(hidden)');
    return [
      {
        url: entry.url as string,
        apiKey: apiKey as string | undefined,
        concurrency: positive('concurrency', true),
        rpm: positive('rpm', false),
        tpm: positive('tpm', false),
      },
    ];
  });
}

function normaliseUrl(reader: SettingsReader, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return reader.fail('baseUrl', 'an http(s) URL such as http://localhost:8000/v1', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') reader.fail('baseUrl', 'an http(s) URL', value);
  return url.toString().replace(/\/+$/, '');
}

/** Thrown at the first request when a hosted service has no key. */
export function missingKeyError(owner: string, profile: Profile, url: string): SettingsError {
  const variable = profile.apiKeyEnv ? `${profile.apiKeyEnv} (or OPENAI_API_KEY)` : 'OPENAI_API_KEY';
  return new SettingsError(`${owner}: no API key for ${profile.label} at ${url}; set ${variable} or the apiKey setting`);
}
