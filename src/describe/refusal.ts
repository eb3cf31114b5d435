/**
 * Whether an answer is the model declining rather than describing. Models that have no
 * `refusal` field (everything but OpenAI's newer models) decline in prose: "I'm sorry, I
 * can't help with that." Such a refusal opens the answer and is short; a long description
 * that merely says it cannot identify a person is still a description.
 */
const OPENINGS: readonly RegExp[] = [
  /^(i'm|i am|i’m) (so |very |really )?sorry\b/,
  /^sorry\b/,
  /^(unfortunately,? )?i (can't|cannot|can not|won't|will not|am unable to|'m unable to|am not able to|'m not able to|must decline|have to decline)\b/,
  /^(unfortunately,? )?i'm (unable|not able) to\b/,
  /^as an ai\b.*\b(can't|cannot|unable|not able)\b/,
];

const REFUSAL_MAX_WORDS = 60;

export function looksLikeRefusal(text: string): boolean {
  const opening = text
    .trim()
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/^[\s"'*_]+/, '');
  if (!OPENINGS.some((pattern) => pattern.test(opening))) return false;
  return opening.split(/\s+/).length <= REFUSAL_MAX_WORDS;
}
