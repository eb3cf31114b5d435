import type { Transport } from './client.js';
import type { EndpointOptions } from './endpoint-pool.js';
import { inferProfile, PROFILE_NAMES, PROFILES, type Profile, type ProfileName } from './profiles.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { redactUrl } from '../util/secrets.js';
import { describeValue, setting, SettingsError, z } from '../util/settings.js';

/** Where and how to send requests: shared by the describer and the embedder. */
export interface ConnectionConfig {
  readonly profile: Profile;
  readonly endpoints: readonly EndpointOptions[];
  readonly retry: RetryPolicy;
  readonly transport: Transport;
  /** True when no key was found for a service that needs one (checked at the first request, so --dry-run works without a key). */
  readonly missingApiKey: boolean;
  /** Which setting or environment variable supplied the key (for provenance; never the key itself). */
  readonly apiKeySource: string | null;
}

/** Local servers ignore the key, but the SDK insists on one. */
const PLACEHOLDER_KEY = 'no-key-needed';

const ENDPOINT_ENTRY = z.strictObject({
  url: z.string({ error: 'an http(s) URL' }).min(1, { error: 'an http(s) URL' }),
  apiKey: setting.string(),
  concurrency: setting.integer({ min: 1, max: 4096 }),
  rpm: setting.number({ above: 0 }),
  tpm: setting.number({ above: 0 }),
});

/**
 * The connection settings the describer and the embedder share: `baseUrl` or `baseUrls`
 * (strings, or objects with their own `url`, `apiKey`, `concurrency`, `rpm`, `tpm`), `apiKey`,
 * `profile`, `concurrency`, `rpm`, `tpm`, `maxRetries`, `timeoutSeconds`, `transport`.
 */
export const CONNECTION_SETTINGS = {
  profile: setting.choice(PROFILE_NAMES as unknown as readonly [ProfileName, ...ProfileName[]]),
  baseUrl: setting.string(),
  baseUrls: z.preprocess(
    (value) => (value === null ? undefined : typeof value === 'string' ? value.split(',').map((url) => url.trim()).filter(Boolean) : value),
    z
      .array(z.union([z.string().min(1), ENDPOINT_ENTRY], { error: 'URLs or { url, apiKey, concurrency, rpm, tpm } objects' }), {
        error: 'a non-empty list of URLs or { url, apiKey, concurrency, rpm, tpm } objects',
      })
      .min(1, { error: 'a non-empty list of URLs or { url, apiKey, concurrency, rpm, tpm } objects' })
      .optional(),
  ),
  apiKey: setting.string(),
  concurrency: setting.integer({ min: 1, max: 4096 }),
  rpm: setting.number({ above: 0 }),
  tpm: setting.number({ min: 1 }),
  maxRetries: setting.integer({ min: 0, max: 100 }),
  timeoutSeconds: setting.number({ above: 0 }),
  transport: setting.choice(['node', 'fetch']),
};
const CONNECTION_OBJECT = z.object(CONNECTION_SETTINGS);
export type ConnectionSettings = z.output<typeof CONNECTION_OBJECT>;

export interface ConnectionDefaults {
  /** Who reads the settings, for messages (e.g. "describer 'openai'"). */
  readonly owner: string;
  readonly concurrency: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves the connection settings (already validated by CONNECTION_SETTINGS). Settings win over
 * `OPENAI_BASE_URL` and `OPENAI_API_KEY` (or the profile's own key variable, e.g. `GEMINI_API_KEY`).
 */
export function readConnection(values: ConnectionSettings, defaults: ConnectionDefaults): ConnectionConfig {
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new SettingsError(`${defaults.owner}: setting '${key}' must be ${expected}, got ${describeValue(got, [key])}`);
  };
  const explicitProfile = values.profile;
  const concurrency = values.concurrency ?? defaults.concurrency;
  let listed = values.baseUrls?.flatMap((item): EndpointSpec[] =>
    typeof item === 'string' ? item.split(',').map((url) => url.trim()).filter(Boolean).map((url) => ({ url })) : [item],
  );
  let single = values.baseUrl;
  if (listed && single) fail('baseUrls', "not both 'baseUrl' and 'baseUrls'", listed.map((e) => redactUrl(e.url)));
  if (single?.includes(',')) {
    // `--base-url http://a:8000/v1,http://b:8000/v1` from the command line: several endpoints.
    listed = single.split(',').map((url) => url.trim()).filter(Boolean).map((url) => ({ url }));
    single = undefined;
  }
  const firstUrl =
    listed?.[0]?.url ?? single ?? defaults.env.OPENAI_BASE_URL ?? (explicitProfile ? PROFILES[explicitProfile].defaultBaseUrl : undefined);
  const profile = PROFILES[explicitProfile ?? (firstUrl ? inferProfile(firstUrl) : 'openai')];
  const specs = listed ?? [{ url: firstUrl ?? PROFILES.openai.defaultBaseUrl! }];

  const envName = profile.apiKeyEnv && defaults.env[profile.apiKeyEnv]?.trim() ? profile.apiKeyEnv : 'OPENAI_API_KEY';
  const envKey = defaults.env[envName]?.trim() || undefined;
  const sharedKey = values.apiKey ?? envKey;
  let missingApiKey = false;
  const endpoints = specs.map((spec): EndpointOptions => {
    const key = spec.apiKey ?? sharedKey;
    if (!key && profile.needsApiKey) missingApiKey = true;
    return {
      url: normaliseUrl(spec.url, fail),
      apiKey: key ?? PLACEHOLDER_KEY,
      concurrency: spec.concurrency ?? concurrency,
      rpm: spec.rpm ?? values.rpm,
      tpm: spec.tpm ?? values.tpm,
    };
  });
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    if (seen.has(endpoint.url)) fail('baseUrls', 'distinct URLs', redactUrl(endpoint.url));
    seen.add(endpoint.url);
  }
  const keySource = specs.some((spec) => spec.apiKey)
    ? 'setting baseUrls[].apiKey'
    : values.apiKey
      ? 'setting apiKey'
      : envKey
        ? envName
        : null;
  return {
    profile,
    endpoints,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      maxRetries: values.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      timeoutMs: (values.timeoutSeconds ?? DEFAULT_RETRY_POLICY.timeoutMs / 1000) * 1000,
    },
    transport: values.transport ?? 'node',
    missingApiKey,
    apiKeySource: keySource,
  };
}

interface EndpointSpec {
  readonly url: string;
  readonly apiKey?: string;
  readonly concurrency?: number;
  readonly rpm?: number;
  readonly tpm?: number;
}

function normaliseUrl(value: string, fail: (key: string, expected: string, got: unknown) => never): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('baseUrl', 'an http(s) URL such as http://localhost:8000/v1', redactUrl(value));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('baseUrl', 'an http(s) URL', redactUrl(value));
  return url.toString().replace(/\/+$/, '');
}

/** Thrown at the first request when a hosted service has no key. */
export function missingKeyError(owner: string, profile: Profile, url: string): SettingsError {
  const variable = profile.apiKeyEnv ? `${profile.apiKeyEnv} (or OPENAI_API_KEY)` : 'OPENAI_API_KEY';
  return new SettingsError(`${owner}: no API key for ${profile.label} at ${redactUrl(url)}; set ${variable} or the apiKey setting`);
}
