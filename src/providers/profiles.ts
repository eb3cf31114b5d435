/**
 * What each OpenAI-compatible server accepts. The chat-completions wire format is shared, but
 * the servers differ in the details that matter for reproducible descriptions: which field
 * caps the answer's length, whether `seed` and the image part's `detail` are honoured, how
 * high `temperature` may go, and whether the Batch API exists. Each profile records what the
 * provider's own documentation says (see docs/providers.md for the sources), so a request
 * never carries a field the server would reject or silently ignore; the describer's
 * signature then records only parameters that really changed the text.
 */
export type ProfileName =
  | 'openai'
  | 'vllm'
  | 'ollama'
  | 'lmstudio'
  | 'llamacpp'
  | 'openrouter'
  | 'gemini'
  | 'anthropic'
  | 'generic';

export const PROFILE_NAMES: readonly ProfileName[] = [
  'openai',
  'vllm',
  'ollama',
  'lmstudio',
  'llamacpp',
  'openrouter',
  'gemini',
  'anthropic',
  'generic',
];

export interface Profile {
  readonly name: ProfileName;
  readonly label: string;
  /** Where the server listens by default (the documented base URL). */
  readonly defaultBaseUrl?: string;
  /** The request field that caps the answer's length. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether `seed` is documented as honoured (sent only then). */
  readonly acceptsSeed: boolean;
  /** Whether the image part's `detail` (low/high/auto) is documented as honoured. */
  readonly acceptsDetail: boolean;
  /** Highest temperature accepted (Anthropic caps at 1). */
  readonly maxTemperature: number;
  /** A hosted service that needs a key (local servers accept any placeholder). */
  readonly needsApiKey: boolean;
  /** Runs on the user's own hardware: costs nothing per token unless prices are set. */
  readonly local: boolean;
  /** Offers OpenAI's Batch API (`/v1/files` + `/v1/batches`). */
  readonly supportsBatch: boolean;
  /** Embeddings: the `encoding_format` to ask for (base64 halves the bytes where supported). */
  readonly embeddingEncoding: 'base64' | 'float';
  /** Environment variable holding the key, besides OPENAI_API_KEY. */
  readonly apiKeyEnv?: string;
}

const hosted = { needsApiKey: true, local: false } as const;
const localServer = { needsApiKey: false, local: true, supportsBatch: false, embeddingEncoding: 'float' } as const;

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  openai: {
    name: 'openai',
    label: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    // `max_tokens` is deprecated by OpenAI and refused by reasoning models.
    maxTokensField: 'max_completion_tokens',
    acceptsSeed: true,
    acceptsDetail: true,
    maxTemperature: 2,
    supportsBatch: true,
    embeddingEncoding: 'base64',
    ...hosted,
  },
  vllm: {
    name: 'vllm',
    label: 'vLLM',
    defaultBaseUrl: 'http://localhost:8000/v1',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: false,
    maxTemperature: 2,
    ...localServer,
  },
  ollama: {
    name: 'ollama',
    label: 'Ollama',
    defaultBaseUrl: 'http://localhost:11434/v1',
    // Ollama documents max_tokens, seed and temperature; image parts take base64 data URLs.
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: false,
    maxTemperature: 2,
    ...localServer,
  },
  lmstudio: {
    name: 'lmstudio',
    label: 'LM Studio',
    defaultBaseUrl: 'http://localhost:1234/v1',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: false,
    maxTemperature: 2,
    ...localServer,
  },
  llamacpp: {
    name: 'llamacpp',
    label: 'llama.cpp server',
    defaultBaseUrl: 'http://localhost:8080/v1',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: false,
    maxTemperature: 2,
    ...localServer,
  },
  openrouter: {
    name: 'openrouter',
    label: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    // Passed through to the upstream model (honoured by OpenAI models).
    acceptsDetail: true,
    maxTemperature: 2,
    supportsBatch: false,
    embeddingEncoding: 'float',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    ...hosted,
  },
  gemini: {
    name: 'gemini',
    label: 'Google Gemini (OpenAI-compatible endpoint)',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: false,
    maxTemperature: 2,
    supportsBatch: false,
    embeddingEncoding: 'float',
    apiKeyEnv: 'GEMINI_API_KEY',
    ...hosted,
  },
  anthropic: {
    name: 'anthropic',
    label: 'Anthropic Claude (OpenAI SDK compatibility)',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
    maxTokensField: 'max_tokens',
    // Documented as ignored: sending it would record a parameter that changes nothing.
    acceptsSeed: false,
    acceptsDetail: false,
    maxTemperature: 1,
    supportsBatch: false,
    embeddingEncoding: 'float',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    ...hosted,
  },
  generic: {
    name: 'generic',
    label: 'OpenAI-compatible server',
    maxTokensField: 'max_tokens',
    acceptsSeed: true,
    acceptsDetail: true,
    maxTemperature: 2,
    needsApiKey: false,
    local: false,
    supportsBatch: true,
    embeddingEncoding: 'float',
  },
};

/** Guesses the profile from a base URL: the host for hosted services, the default port for local servers. */
export function inferProfile(baseUrl: string): ProfileName {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'generic';
  }
  const host = url.hostname.toLowerCase();
  if (host === 'api.openai.com') return 'openai';
  if (host === 'openrouter.ai' || host.endsWith('.openrouter.ai')) return 'openrouter';
  if (host === 'generativelanguage.googleapis.com') return 'gemini';
  if (host === 'api.anthropic.com') return 'anthropic';
  switch (url.port) {
    case '11434':
      return 'ollama';
    case '1234':
      return 'lmstudio';
    case '8080':
      return 'llamacpp';
    case '8000':
      return 'vllm';
    default:
      return 'generic';
  }
}

/** OpenAI's reasoning models accept only the default temperature. */
export function isOpenAIReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model.replace(/^openai\//, ''));
}
