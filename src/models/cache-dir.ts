import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where downloaded model files live: the user's cache directory, never node_modules (which a
 * reinstall wipes and which may not be writable). Follows the XDG base directory convention
 * that ~/.cache is the default for XDG_CACHE_HOME.
 *
 * Precedence: CONNOTE_MODEL_CACHE, then $XDG_CACHE_HOME/connote/models, then ~/.cache/connote/models.
 */
export function defaultModelCacheDir(environment: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const explicit = environment.CONNOTE_MODEL_CACHE?.trim();
  if (explicit) return explicit;
  const xdg = environment.XDG_CACHE_HOME?.trim();
  // The XDG specification says relative paths are invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'connote', 'models');
}

/** True when the environment asks for no downloads (connote's own switch or the Hugging Face ones). */
export function offlineFromEnvironment(environment: NodeJS.ProcessEnv = process.env): boolean {
  return ['CONNOTE_OFFLINE', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'].some((name) => isTruthy(environment[name]));
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}
