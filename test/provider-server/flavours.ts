/**
 * The request fields each provider documents for /v1/chat/completions, so the test server
 * can refuse anything else, as OpenAI itself does ("Unrecognized request argument"). The
 * lists follow each provider's own documentation (see docs/providers.md); where a provider
 * documents a field as accepted but ignored (Anthropic's `seed`), it is refused here, because
 * sending it would record a parameter in the describer's signature that changed nothing.
 */
export type Flavour = 'openai' | 'vllm' | 'ollama' | 'lmstudio' | 'llamacpp' | 'openrouter' | 'gemini' | 'anthropic';

export interface FlavourRules {
  readonly chatFields: ReadonlySet<string>;
  /** Whether `image_url.detail` is accepted. */
  readonly detail: boolean;
  readonly maxTemperature: number;
  /** Embedding encodings accepted. */
  readonly embeddingEncodings: ReadonlySet<string>;
  /** Whether the Batch API (/v1/files, /v1/batches) exists. */
  readonly batch: boolean;
  readonly systemFingerprint: string;
  /** Whether the assistant message carries OpenAI's `refusal` field. */
  readonly refusalField: boolean;
}

const OPENAI_CHAT = [
  'model', 'messages', 'max_completion_tokens', 'max_tokens', 'temperature', 'top_p', 'n', 'seed', 'stop', 'stream',
  'stream_options', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'response_format',
  'tools', 'tool_choice', 'parallel_tool_calls', 'user', 'store', 'metadata', 'service_tier', 'reasoning_effort',
  'modalities', 'prediction', 'audio', 'web_search_options', 'safety_identifier', 'prompt_cache_key', 'verbosity',
];

const set = (items: readonly string[]): ReadonlySet<string> => new Set(items);

export const FLAVOURS: Readonly<Record<Flavour, FlavourRules>> = {
  openai: { chatFields: set(OPENAI_CHAT), detail: true, maxTemperature: 2, embeddingEncodings: set(['float', 'base64']), batch: true, systemFingerprint: 'fp_test', refusalField: true },
  vllm: {
    chatFields: set([...OPENAI_CHAT, 'top_k', 'min_p', 'repetition_penalty', 'min_tokens', 'ignore_eos', 'guided_json', 'guided_choice']),
    detail: true,
    maxTemperature: 2,
    embeddingEncodings: set(['float', 'base64']),
    batch: false,
    systemFingerprint: 'fp_vllm',
    refusalField: false,
  },
  ollama: {
    // docs.ollama.com/api/openai-compatibility: "Supported request fields".
    chatFields: set(['model', 'messages', 'frequency_penalty', 'presence_penalty', 'response_format', 'seed', 'stop', 'stream', 'stream_options', 'temperature', 'top_p', 'max_tokens', 'tools', 'reasoning_effort', 'reasoning', 'tool_choice']),
    detail: false,
    maxTemperature: 2,
    embeddingEncodings: set(['float']),
    batch: false,
    systemFingerprint: 'fp_ollama',
    refusalField: false,
  },
  lmstudio: {
    chatFields: set(['model', 'messages', 'top_p', 'top_k', 'temperature', 'max_tokens', 'stream', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'repeat_penalty', 'seed', 'response_format']),
    detail: false,
    maxTemperature: 2,
    embeddingEncodings: set(['float']),
    batch: false,
    systemFingerprint: 'fp_lmstudio',
    refusalField: false,
  },
  llamacpp: {
    chatFields: set(['model', 'messages', 'max_tokens', 'n_predict', 'temperature', 'top_p', 'top_k', 'min_p', 'seed', 'stop', 'stream', 'presence_penalty', 'frequency_penalty', 'repeat_penalty', 'response_format', 'logit_bias']),
    detail: false,
    maxTemperature: 2,
    embeddingEncodings: set(['float', 'base64']),
    batch: false,
    systemFingerprint: 'fp_llamacpp',
    refusalField: false,
  },
  openrouter: { chatFields: set([...OPENAI_CHAT, 'top_k', 'repetition_penalty', 'min_p', 'top_a', 'transforms', 'models', 'route', 'provider']), detail: true, maxTemperature: 2, embeddingEncodings: set(['float']), batch: false, systemFingerprint: 'fp_openrouter', refusalField: true },
  gemini: {
    chatFields: set(['model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'seed', 'stop', 'stream', 'stream_options', 'response_format', 'reasoning_effort', 'tools', 'tool_choice', 'frequency_penalty', 'presence_penalty', 'extra_body']),
    detail: false,
    maxTemperature: 2,
    embeddingEncodings: set(['float']),
    batch: false,
    systemFingerprint: 'fp_gemini',
    refusalField: false,
  },
  anthropic: {
    // Anthropic's OpenAI SDK compatibility page: "Fully supported" fields only (ignored ones refused here).
    chatFields: set(['model', 'messages', 'max_tokens', 'max_completion_tokens', 'stream', 'stream_options', 'top_p', 'parallel_tool_calls', 'stop', 'temperature', 'n', 'tools', 'tool_choice']),
    detail: false,
    maxTemperature: 1,
    embeddingEncodings: set([]),
    batch: false,
    systemFingerprint: 'fp_anthropic',
    refusalField: false,
  },
};
