/**
 * Keeping credentials out of everything connote writes or prints. A report, a run.json and a
 * project's store are shared with colleagues and reviewers, so an API key given in a config file
 * (`apiKey`, `baseUrls[].apiKey`) or inside a base URL (`https://user:password@host/v1`,
 * `?key=...`) must never reach them: provenance records only where a key came from.
 */

/** Setting names whose values are credentials. */
const SECRET_KEY = /^(api[-_]?key|token|access[-_]?token|password|secret|client[-_]?secret|authorization|auth)$/i;
/** Query parameters that carry credentials (Gemini's `?key=`, signed URLs, tokens). */
const SECRET_PARAM = /^(key|api[-_]?key|token|access[-_]?token|auth|password|secret|sig|signature|x-goog-api-key)$/i;
/** A URL with a user, or user and password, before the host. */
const URL_WITH_USER = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi;
/** A secret query parameter in free text. */
const PARAM_IN_TEXT = /([?&](?:key|api[-_]?key|token|access[-_]?token|auth|password|secret|sig|signature)=)[^\s&#"'<>]+/gi;

export const REDACTED = '<redacted>';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The URL without its user, password and secret query values. */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return redactText(value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return redactText(value);
  const hadUser = url.username !== '' || url.password !== '';
  let changed = hadUser;
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      url.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  if (!changed) return value;
  const text = url.toString().replace(/%3Credacted%3E/gi, REDACTED);
  return hadUser ? text.replace('://', `://${REDACTED}@`) : text;
}

/** Free text (an error message, a log line) with every credential in a URL removed. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_WITH_USER, `$1${REDACTED}@`).replace(PARAM_IN_TEXT, `$1${REDACTED}`);
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * A deep copy with every credential replaced: values of secret keys become `label` (e.g.
 * "<from config file>"), URLs lose their user, password and secret query values, and any known
 * secret string left inside other text is cut out.
 */
export function redactSecrets<T>(value: T, label = '<given>', secrets: readonly string[] = []): T {
  const walk = (node: unknown, key: string | undefined): unknown => {
    if (key !== undefined && isSecretKey(key) && node !== undefined && node !== null && node !== '') {
      // Already replaced by a label saying where it came from: keep that.
      return typeof node === 'string' && /^<(from |redacted>)/.test(node) ? node : label;
    }
    if (typeof node === 'string') return redactText(looksLikeUrl(node) ? redactUrl(node) : node, secrets);
    if (Array.isArray(node)) return node.map((item) => walk(item, undefined));
    if (node && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return walk(value, undefined) as T;
}

/** Every credential inside `value` (secret keys' values, URL passwords and users, secret query values). */
export function secretValues(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key !== undefined && isSecretKey(key) && node !== '') found.add(node);
      else if (looksLikeUrl(node)) for (const secret of urlSecrets(node)) found.add(secret);
    } else if (Array.isArray(node)) node.forEach((item) => walk(item, undefined));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(value, undefined);
  return [...found];
}

function urlSecrets(value: string): string[] {
  try {
    const url = new URL(value);
    // A user name alone is a token (`https://TOKEN@host`) only when long; a short one is a name.
    const user = url.password === '' && url.username.length >= 16 ? [url.username, decodeURIComponent(url.username)] : [];
    const out = [...user, url.password, decodeURIComponent(url.password)];
    for (const [name, v] of url.searchParams) if (SECRET_PARAM.test(name)) out.push(v);
    return out.filter((s) => s !== '');
  } catch {
    return [];
  }
}

function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
}
