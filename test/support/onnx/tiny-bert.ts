/**
 * A BERT-shaped feature-extraction model small enough to compute by hand: token embedding
 * lookup, then one dense layer, so last_hidden_state[b, t] = E[id] · W + bias. Written as a
 * Hugging Face model folder (config, WordPiece tokenizer, onnx/model.onnx) so transformers.js
 * loads it exactly as it loads a downloaded model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraphBuilder } from './graph-builder.js';

export const TINY_BERT_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'cat', 'sat', 'on', 'mat', 'dog', 'ran', 'protest', 'climate', '##s', 'a', '.',
] as const;

export const TINY_BERT_HIDDEN = 4;

export interface TinyBertWeights {
  /** [vocab, embeddingSize] row-major. */
  readonly embeddings: Float32Array;
  readonly embeddingSize: number;
  /** [embeddingSize, hidden] row-major. */
  readonly dense: Float32Array;
  readonly bias: Float32Array;
}

/** Fixed, irregular weights: every token gets a distinct vector and no output is trivially zero. */
export function tinyBertWeights(): TinyBertWeights {
  const vocab = TINY_BERT_VOCAB.length;
  const embeddingSize = 3;
  const embeddings = new Float32Array(vocab * embeddingSize);
  for (let id = 0; id < vocab; id++) {
    for (let k = 0; k < embeddingSize; k++) embeddings[id * embeddingSize + k] = ((id * 7 + k * 3) % 11) / 4 - 1.1;
  }
  const dense = Float32Array.from([0.5, -1, 0.25, 2, 1.5, 0.75, -0.5, 1, -1, 0.5, 1.25, -0.25]);
  const bias = Float32Array.from([0.1, -0.2, 0.3, 0.05]);
  return { embeddings, embeddingSize, dense, bias };
}

/** last_hidden_state for one token id, computed in float64 from the weights. */
export function tinyBertHiddenState(weights: TinyBertWeights, tokenId: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < TINY_BERT_HIDDEN; j++) {
    let sum = weights.bias[j];
    for (let k = 0; k < weights.embeddingSize; k++) {
      sum += weights.embeddings[tokenId * weights.embeddingSize + k] * weights.dense[k * TINY_BERT_HIDDEN + j];
    }
    out.push(sum);
  }
  return out;
}

export function tinyBertTokenId(token: (typeof TINY_BERT_VOCAB)[number]): number {
  return TINY_BERT_VOCAB.indexOf(token);
}

/** Writes the model folder into `dir` (created if needed). */
export function writeTinyBert(dir: string, options: { modelMaxLength?: number } = {}): TinyBertWeights {
  const weights = tinyBertWeights();
  const vocab = TINY_BERT_VOCAB.length;
  const graph = new OnnxGraphBuilder('tiny-bert')
    .input('input_ids', 'int64', ['batch', 'sequence'])
    .input('attention_mask', 'int64', ['batch', 'sequence'])
    .input('token_type_ids', 'int64', ['batch', 'sequence'])
    .constant('embeddings', weights.embeddings, [vocab, weights.embeddingSize])
    .constant('dense', weights.dense, [weights.embeddingSize, TINY_BERT_HIDDEN])
    .constant('bias', weights.bias, [TINY_BERT_HIDDEN])
    .output('last_hidden_state', 'float32', ['batch', 'sequence', TINY_BERT_HIDDEN]);
  const looked = graph.node('Gather', ['embeddings', 'input_ids'], { attributes: { axis: 0 } });
  const projected = graph.node('MatMul', [looked, 'dense']);
  graph.node('Add', [projected, 'bias'], { output: 'last_hidden_state' });

  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), graph.toBytes());
  writeJson(join(dir, 'config.json'), {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: TINY_BERT_HIDDEN,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    vocab_size: vocab,
    max_position_embeddings: 512,
  });
  writeJson(join(dir, 'tokenizer_config.json'), {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: options.modelMaxLength ?? 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  writeJson(join(dir, 'tokenizer.json'), wordPieceTokenizer());
  return weights;
}

function wordPieceTokenizer(): unknown {
  const vocab = Object.fromEntries(TINY_BERT_VOCAB.map((token, id) => [token, id]));
  const template = (token: string) => ({ id: token, ids: [vocab[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((token) => specialToken(token, vocab[token])),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': template('[CLS]'), '[SEP]': template('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** An entry of tokenizer.json's added_tokens for a special token. */
export function specialToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
