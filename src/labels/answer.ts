import { MalformedResponseError } from '../providers/errors.js';
import type { ClusterName, LabelUsage } from './types.js';

/** Longest name kept, in characters (a model that writes a sentence for a name is cut short). */
export const MAX_NAME_CHARS = 80;

export interface ChatText {
  readonly text: string;
  readonly usage?: LabelUsage;
  readonly responseModel?: string;
}

/** The text of a chat completion; anything that is not one throws MalformedResponseError (retried). */
export function chatText(completion: unknown): ChatText {
  const value = completion as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }>; usage?: unknown; model?: unknown } | null;
  const message = value && Array.isArray(value.choices) ? value.choices[0]?.message : undefined;
  if (!message || typeof message !== 'object') throw new MalformedResponseError('expected a chat completion with a message');
  const refusal = typeof message.refusal === 'string' ? message.refusal.trim() : '';
  const text = typeof message.content === 'string' ? message.content.trim() : '';
  if (refusal || !text) throw new MalformedResponseError(refusal ? `the model refused: ${refusal}` : 'the model answered nothing');
  const usage = value?.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined;
  return {
    text,
    usage:
      usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number'
        ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }
        : undefined,
    responseModel: typeof value?.model === 'string' ? value.model : undefined,
  };
}

/**
 * The JSON object in a model's answer: the whole answer, or the first {...} in it (models without
 * structured output often wrap JSON in a code fence or a sentence). Undefined when there is none.
 */
export function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const attempts = [text, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)];
  for (const attempt of attempts) {
    if (!attempt.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(attempt) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON; try the next reading
    }
  }
  return undefined;
}

/** A name as shown: one line, no surrounding quotes or trailing full stop, at most MAX_NAME_CHARS. */
export function tidyName(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim().replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, '').replace(/\.$/, '').trim();
  return line.length > MAX_NAME_CHARS ? `${line.slice(0, MAX_NAME_CHARS - 1).trimEnd()}…` : line;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.replace(/\s+/g, ' ').trim() : undefined);

/** Reads {name, description, criteria} from an answer; throws MalformedResponseError when it is not there. */
export function readClusterName(answer: string): ClusterName {
  const object = jsonObjectIn(answer);
  const name = object && text(object.name);
  const description = object && text(object.description);
  const criteria = object && text(object.criteria);
  if (!name || !description || !criteria) {
    throw new MalformedResponseError(`expected a JSON object with name, description and criteria, got ${JSON.stringify(answer.slice(0, 200))}`);
  }
  return { name: tidyName(name), description, criteria };
}

/** Reads {c3: "new name", ...} for the asked ids; throws MalformedResponseError when a name is missing. */
export function readNewNames(answer: string, ids: ReadonlyMap<string, number>): Map<number, string> {
  const object = jsonObjectIn(answer);
  const out = new Map<number, string>();
  for (const [id, label] of ids) {
    const name = object && text(object[id]);
    if (!name) throw new MalformedResponseError(`expected a new name for ${id} in ${JSON.stringify(answer.slice(0, 200))}`);
    out.set(label, tidyName(name));
  }
  return out;
}
