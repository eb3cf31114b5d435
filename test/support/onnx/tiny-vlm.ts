/**
 * A SmolVLM-shaped image-text-to-text model folder (model_type 'smolvlm': Idefics3 processor,
 * embed_tokens / vision_encoder / decoder_model_merged ONNX sessions with a key-value cache)
 * whose greedy output can be worked out by hand:
 *
 * - hidden vectors have 4 dimensions: d0 colour (red +, blue −), d1 "answer starts",
 *   d2 "first word said", d3 "second word said";
 * - the vision encoder turns each image into IMAGE_TOKENS tokens [R − B, 0, 0, 0], R and B the
 *   image's mean normalised red and blue (a pure red image gives 2, pure blue −2);
 * - the decoder appends each input vector to the cache and computes
 *   logits = (x + mean of all cached vectors) · W, so the image reaches every step through the
 *   cache mean c;
 * - W gives red: c0 + x1, blue: −c0 + x1, fire: c0 + x2, sky: −c0 + x2, end: x3.
 *
 * The prompt ends with ':' (x1 = 1), so a red image says "red" (d2 = 1), then "fire" (d3 = 1),
 * then ends, as 0 < c0 < 1 with a dozen or more prompt tokens; a blue one says "blue sky".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraphBuilder } from './graph-builder.js';
import { specialToken, writeJson } from './tiny-bert.js';

const SPECIAL = ['<unk>', '<|im_start|>', '<end_of_utterance>', '<image>', '<fake_token_around_image>', '<global-img>'];
const WORDS = ['User', 'Assistant', ':', 'red', 'blue', 'fire', 'sky'];
export const TINY_VLM_VOCAB = [...SPECIAL, ...WORDS];
const id = (token: string) => TINY_VLM_VOCAB.indexOf(token);
const HIDDEN = 4;
export const IMAGE_TOKENS = 3;
const IMAGE_SIZE = 4;

/** SmolVLM's chat template, reduced to what one user turn with an image needs. */
const CHAT_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{ message['role'] | capitalize }}" +
  "{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}" +
  "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{ line['text'] }}" +
  "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}" +
  "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

export function writeTinyVlm(dir: string): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'embed_tokens.onnx'), embedTokens());
  writeFileSync(join(dir, 'onnx', 'vision_encoder.onnx'), visionEncoder());
  writeFileSync(join(dir, 'onnx', 'decoder_model_merged.onnx'), decoder());
  writeJson(join(dir, 'config.json'), {
    architectures: ['SmolVLMForConditionalGeneration'],
    model_type: 'smolvlm',
    image_token_id: id('<image>'),
    scale_factor: 1,
    text_config: {
      model_type: 'llama',
      hidden_size: HIDDEN,
      num_attention_heads: 1,
      num_key_value_heads: 1,
      num_hidden_layers: 1,
      head_dim: HIDDEN,
      vocab_size: TINY_VLM_VOCAB.length,
    },
    vision_config: { model_type: 'smolvlm_vision', hidden_size: HIDDEN, image_size: IMAGE_SIZE, patch_size: IMAGE_SIZE },
    bos_token_id: id('<|im_start|>'),
    eos_token_id: id('<end_of_utterance>'),
    pad_token_id: id('<unk>'),
  });
  writeJson(join(dir, 'generation_config.json'), {
    bos_token_id: id('<|im_start|>'),
    eos_token_id: id('<end_of_utterance>'),
    pad_token_id: id('<unk>'),
  });
  writeJson(join(dir, 'preprocessor_config.json'), {
    processor_class: 'Idefics3Processor',
    image_processor_type: 'Idefics3ImageProcessor',
    do_convert_rgb: true,
    do_resize: true,
    size: { longest_edge: IMAGE_SIZE },
    resample: 1,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    do_pad: true,
    do_image_splitting: true,
    max_image_size: { longest_edge: IMAGE_SIZE },
  });
  writeJson(join(dir, 'processor_config.json'), { image_seq_len: IMAGE_TOKENS, processor_class: 'Idefics3Processor' });
  writeJson(join(dir, 'tokenizer_config.json'), {
    bos_token: '<|im_start|>',
    eos_token: '<end_of_utterance>',
    pad_token: '<unk>',
    unk_token: '<unk>',
    model_max_length: 1024,
    chat_template: CHAT_TEMPLATE,
  });
  writeJson(join(dir, 'tokenizer.json'), {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => specialToken(content, id(content))),
    normalizer: null,
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordLevel', vocab: Object.fromEntries(TINY_VLM_VOCAB.map((t, i) => [t, i])), unk_token: '<unk>' },
  });
}

function embedTokens(): Uint8Array {
  const table = new Float32Array(TINY_VLM_VOCAB.length * HIDDEN);
  const set = (token: string, dimension: number) => (table[id(token) * HIDDEN + dimension] = 1);
  set(':', 1);
  set('red', 2);
  set('blue', 2);
  set('fire', 3);
  set('sky', 3);
  const g = new OnnxGraphBuilder('embed-tokens')
    .input('input_ids', 'int64', ['batch_size', 'sequence_length'])
    .constant('table', table, [TINY_VLM_VOCAB.length, HIDDEN])
    .output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', HIDDEN]);
  g.node('Gather', ['table', 'input_ids'], { output: 'inputs_embeds', attributes: { axis: 0 } });
  return g.toBytes();
}

function visionEncoder(): Uint8Array {
  // Each of the IMAGE_TOKENS tokens is [R - B, 0, 0, 0].
  const projection = new Float32Array(3 * IMAGE_TOKENS * HIDDEN);
  for (let token = 0; token < IMAGE_TOKENS; token++) {
    projection[0 * IMAGE_TOKENS * HIDDEN + token * HIDDEN] = 1;
    projection[2 * IMAGE_TOKENS * HIDDEN + token * HIDDEN] = -1;
  }
  const g = new OnnxGraphBuilder('vision-encoder')
    .input('pixel_values', 'float32', ['batch_size', 'num_images', 3, 'height', 'width'])
    .constant('projection', projection, [3, IMAGE_TOKENS * HIDDEN])
    .constant('rows', [-1, 3], [2], 'int64')
    .constant('tokens', [-1, IMAGE_TOKENS, HIDDEN], [3], 'int64')
    .output('image_features', 'float32', ['num_images', IMAGE_TOKENS, HIDDEN]);
  const channelMeans = g.node('ReduceMean', ['pixel_values'], { attributes: { axes: [3, 4], keepdims: 0 } });
  const flat = g.node('Reshape', [channelMeans, 'rows']);
  const projected = g.node('MatMul', [flat, 'projection']);
  g.node('Reshape', [projected, 'tokens'], { output: 'image_features' });
  return g.toBytes();
}

function decoder(): Uint8Array {
  const vocab = TINY_VLM_VOCAB.length;
  const weights = new Float32Array(HIDDEN * vocab);
  const set = (dimension: number, token: string, value: number) => (weights[dimension * vocab + id(token)] = value);
  set(0, 'red', 1);
  set(1, 'red', 1);
  set(0, 'blue', -1);
  set(1, 'blue', 1);
  set(0, 'fire', 1);
  set(2, 'fire', 1);
  set(0, 'sky', -1);
  set(2, 'sky', 1);
  set(3, '<end_of_utterance>', 1);
  const cache = ['batch_size', 1, 'past_sequence_length', HIDDEN];
  const present = ['batch_size', 1, 'total_sequence_length', HIDDEN];
  const g = new OnnxGraphBuilder('decoder')
    .input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', HIDDEN])
    .input('past_key_values.0.key', 'float32', cache)
    .input('past_key_values.0.value', 'float32', cache)
    .constant('lm_head', weights, [HIDDEN, vocab])
    .constant('head_axis', [1], [1], 'int64')
    .output('logits', 'float32', ['batch_size', 'sequence_length', vocab])
    .output('present.0.key', 'float32', present)
    .output('present.0.value', 'float32', present);
  const step = g.node('Unsqueeze', ['inputs_embeds', 'head_axis']);
  g.node('Concat', ['past_key_values.0.key', step], { output: 'present.0.key', attributes: { axis: 2 } });
  g.node('Concat', ['past_key_values.0.value', step], { output: 'present.0.value', attributes: { axis: 2 } });
  const context = g.node('ReduceMean', ['present.0.key'], { attributes: { axes: [2], keepdims: 0 } });
  const mixed = g.node('Add', ['inputs_embeds', context]);
  g.node('MatMul', [mixed, 'lm_head'], { output: 'logits' });
  return g.toBytes();
}
