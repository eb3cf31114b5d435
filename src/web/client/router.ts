/** Hash routes: `#/cluster/12/3?page=2` -> { path: ['cluster', '12', '3'], params: page=2 }. */
export interface Route {
  readonly path: string[];
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [pathText, search = ''] = text.split('?', 2) as [string, string?];
  const path = pathText
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path, params: new URLSearchParams(search) };
}

export type Params = Record<string, string | number | undefined | null>;

/** `?a=1&b=x`, leaving out empty values; '' when nothing is left. */
export function searchString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A hash link; each segment is encoded, so ids with slashes stay one segment. */
export function href(path: readonly (string | number)[], params: Params = {}): string {
  return `#/${path.map((segment) => encodeURIComponent(String(segment))).join('/')}${searchString(params)}`;
}

/** Updates the address without a new history entry or a re-render (view state such as the map's colouring). */
export function replaceParams(path: readonly (string | number)[], params: Params): void {
  history.replaceState(null, '', href(path, params));
}
