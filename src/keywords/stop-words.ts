import { readFileSync } from 'node:fs';
import { ENGLISH_STOP_WORDS } from '../util/tokenize.js';
import type { KeywordSettings } from './types.js';

/**
 * Connectives, hedges and quantifiers that the `stopword` package's short English list keeps but
 * that fuller lists (scikit-learn's, which BERTopic users pass as `stop_words="english"`) drop:
 * vision-language models write them in almost every description ("though", "so", "rather"), so
 * they surface as keywords of whichever cluster hedges most.
 */
export const CONNECTIVES: readonly string[] = [
  'so', 'though', 'although', 'thus', 'hence', 'however', 'whereas', 'whether', 'perhaps', 'often', 'may', 'instead',
  'otherwise', 'therefore', 'within', 'without', 'among', 'amongst', 'already', 'always', 'almost', 'either',
  'neither', 'else', 'ever', 'every', 'everything', 'many', 'much', 'seem', 'seems', 'seemed', 'several', 'somehow',
  'sometimes', 'still', 'together', 'toward', 'towards', 'whatever', 'whenever', 'wherever', 'whole', 'across',
  'along', 'around', 'behind', 'beside', 'besides', 'beyond', 'less', 'least', 'mostly', 'also', 'even', 'just',
  'one', 'two', 'well', 'like', 'likely', 'rather', 'quite', 'overall', 'etc', 'something', 'anything', 'nothing',
];

/** The default stop words of keywords: the English list plus CONNECTIVES. */
export const KEYWORD_STOP_WORDS: ReadonlySet<string> = new Set([...ENGLISH_STOP_WORDS, ...CONNECTIVES]);

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

/** Lowercased words (two characters or more) of a text, as the tokenizer sees them. */
export function wordsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.toLowerCase().matchAll(WORD)) if (match[0].length >= 2) out.add(match[0]);
  return out;
}

/**
 * A stop-word file: one word a line (several on a line may be separated by commas or spaces),
 * blank lines and lines starting with # ignored. Errors name the file.
 */
export function readStopWordsFile(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read stop-words file ${path}: ${(error as Error).message}`);
  }
  const words = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    for (const word of trimmed.split(/[\s,]+/)) if (word) words.add(word.toLowerCase());
  }
  if (words.size === 0) throw new Error(`stop-words file ${path} lists no words (one a line; # starts a comment)`);
  return words;
}

/**
 * The words keywords leave out: the built-in list (or the user's file instead), the extra words,
 * and, unless turned off, every word of the prompt the descriptions answered ("image", "meaning",
 * "tone", "shared", ...), which the descriptions echo whatever the image.
 */
export function keywordStopWords(
  settings: Pick<KeywordSettings, 'stopWordsFile' | 'extraStopWords' | 'removePromptWords'>,
  promptText: string | null,
): Set<string> {
  const words = new Set(settings.stopWordsFile ? readStopWordsFile(settings.stopWordsFile) : KEYWORD_STOP_WORDS);
  for (const word of settings.extraStopWords) for (const w of wordsOf(word)) words.add(w);
  if (settings.removePromptWords && promptText) for (const word of wordsOf(promptText)) words.add(word);
  return words;
}
