import { join } from 'node:path';
import { ModelUnavailableError } from '../types/errors.js';
import type { ModelSource } from './source.js';

/** Network failures Node's fetch reports in `error.cause.code` when there is no connection. */
const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * Turns whatever transformers.js threw while loading into a message a researcher can act on:
 * which model, why it could not be loaded, and what to do. No fallback model is ever tried.
 */
export function explainLoadFailure(error: unknown, source: ModelSource, role: string): ModelUnavailableError {
  const subject = `cannot load the ${role} '${source.model}'`;
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  const notFound = (error as Error | null)?.name === 'ModelFileNotFoundError';
  const file = missingFile(message);

  let reason: string;
  let remedy: string;
  if (source.isFolder) {
    reason = file ? `the folder has no ${relativeTo(file, source.model)}` : message;
    remedy = folderRemedy(source);
  } else if (notFound && (source.offline || status === undefined || status === null)) {
    reason =
      `it is not in the model cache (${source.cacheDir})` +
      (source.offline ? " and downloads are off (offline mode: setting 'offline', CONNOTE_OFFLINE or HF_HUB_OFFLINE)" : '') +
      (file ? `; missing: ${file}` : '');
    remedy = downloadRemedy(source);
  } else if (isNetworkFailure(error)) {
    reason = `the Hugging Face Hub could not be reached (${networkCode(error) ?? causeMessage(error) ?? message}) and the model is not in the model cache (${source.cacheDir})`;
    remedy = downloadRemedy(source);
  } else if (notFound && file && /\/onnx\/[^/]+\.onnx/.test(file)) {
    reason = `the model has no ONNX file ${file.slice(file.indexOf('/onnx/') + 1)} for dtype ${JSON.stringify(source.dtype)}`;
    remedy =
      "To fix: choose a dtype the model publishes (setting 'dtype'; see the model's onnx/ folder on the Hub), " +
      'or a model exported to ONNX for transformers.js (the onnx-community and Xenova organisations publish many).';
  } else if (notFound) {
    reason = `the Hugging Face Hub has no such model or file, or it is gated or private (${message})`;
    remedy =
      'To fix: check the model id; for a gated model accept its licence on huggingface.co and set HF_TOKEN; ' +
      'transformers.js needs a repository with ONNX weights (e.g. from onnx-community or Xenova).';
  } else if (/unsupported (model type|pipeline)|not supported/i.test(message)) {
    reason = `transformers.js cannot run this model for this task (${message})`;
    remedy = `To fix: choose a model of a kind transformers.js supports as a ${role}.`;
  } else {
    reason = message;
    remedy = source.isFolder ? folderRemedy(source) : downloadRemedy(source);
  }
  return new ModelUnavailableError(`${subject}: ${reason}. ${remedy}`, { cause: error });
}

function downloadRemedy(source: ModelSource): string {
  return (
    `To fix: run once with internet access (and without offline mode) so it is downloaded into ${source.cacheDir}; ` +
    `or download the model's files (config.json, tokenizer or preprocessor files and the onnx/ folder) from ` +
    `https://huggingface.co/${source.model} into ${join(source.localModelPath, source.model)}, or into any folder ` +
    `and set the setting 'model' to that folder (e.g. model: /path/to/folder); ` +
    `CONNOTE_MODEL_CACHE moves the cache.`
  );
}

function folderRemedy(source: ModelSource): string {
  return (
    `To fix: the folder must hold a complete transformers.js model: config.json, the tokenizer or preprocessor ` +
    `files, and onnx/<file>.onnx for the chosen dtype (${JSON.stringify(source.dtype)}; fp32 is model.onnx, q8 ` +
    `model_quantized.onnx); copy it whole from the model's page on huggingface.co.`
  );
}

/** transformers.js quotes the path or URL it could not find. */
function missingFile(message: string): string | undefined {
  return /"((?:https?:\/\/|\/)[^"]+)"/.exec(message)?.[1];
}

function relativeTo(file: string, folder: string): string {
  return file.startsWith(`${folder}/`) ? file.slice(folder.length + 1) : file;
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function causeMessage(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? cause.message : undefined;
}

function isNetworkFailure(error: unknown): boolean {
  const code = networkCode(error);
  if (code && NETWORK_CODES.has(code)) return true;
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}
