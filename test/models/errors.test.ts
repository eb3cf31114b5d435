import { ModelFileNotFoundError } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../../src/types/errors.js';
import { explainLoadFailure, readModelSource } from '../../src/models/index.js';

const source = readModelSource({ cacheDir: '/cache' }, '/', 'test', { model: 'owner/model', dtype: 'q4' }, {});

/** The errors transformers.js 4.x throws, as its hub code builds them (src/utils/hub/utils.js handleError). */
describe('explainLoadFailure', () => {
  it('a Hub 404 for an ONNX file means the model lacks that precision', () => {
    const error = new ModelFileNotFoundError(
      'Could not locate file: "https://huggingface.co/owner/model/resolve/main/onnx/model_q4.onnx".',
      { status: 404 },
    );
    const explained = explainLoadFailure(error, source, 'text embedding model');
    expect(explained).toBeInstanceOf(ModelUnavailableError);
    expect(explained.message).toContain("cannot load the text embedding model 'owner/model'");
    expect(explained.message).toContain('no ONNX file onnx/model_q4.onnx for dtype "q4"');
    expect(explained.message).toContain("setting 'dtype'");
    expect(explained.cause).toBe(error);
  });

  it('a Hub 401 for config.json means no such model, or a gated one', () => {
    const error = new ModelFileNotFoundError(
      'Unauthorized access to file: "https://huggingface.co/owner/model/resolve/main/config.json".',
      { status: 401 },
    );
    const { message } = explainLoadFailure(error, source, 'vision-language model');
    expect(message).toContain('has no such model or file, or it is gated or private');
    expect(message).toContain('HF_TOKEN');
  });

  it('a model type transformers.js cannot run for the task', () => {
    const { message } = explainLoadFailure(
      new Error('Unsupported model type "whisper" for task "feature-extraction".'),
      source,
      'text embedding model',
    );
    expect(message).toContain('transformers.js cannot run this model for this task');
  });
});
