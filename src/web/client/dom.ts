/**
 * Building the page: every string goes in through textContent or a property, never through
 * innerHTML, so markup inside a description (a model read it off a protest sign) stays text.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  title?: string;
  href?: string;
  src?: string;
  alt?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  id?: string;
  role?: string;
  tabIndex?: number;
  disabled?: boolean;
  loading?: 'lazy' | 'eager';
  name?: string;
  htmlFor?: string;
  min?: string;
  max?: string;
  required?: boolean;
  autocomplete?: string;
  data?: Record<string, string>;
  aria?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) {
    const { data, aria, on, className, ...plain } = props;
    if (className) element.className = className;
    for (const [key, value] of Object.entries(plain)) {
      if (value !== undefined) (element as unknown as Record<string, unknown>)[key] = value;
    }
    for (const [key, value] of Object.entries(data ?? {})) element.dataset[key] = value;
    for (const [key, value] of Object.entries(aria ?? {})) element.setAttribute(`aria-${key}`, value);
    for (const [type, listener] of Object.entries(on ?? {})) element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** Replaces an element's content. */
export function replace(element: Element, ...children: Child[]): void {
  clear(element);
  append(element, ...children);
}

/** Text with [start, end) markers turned into <mark> elements (search snippets). */
export function marked(text: string, start: string, end: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf(start);
    if (open < 0) break;
    const close = rest.indexOf(end, open + 1);
    if (close < 0) break;
    append(fragment, rest.slice(0, open), h('mark', null, rest.slice(open + 1, close)));
    rest = rest.slice(close + 1);
  }
  append(fragment, rest.split(start).join('').split(end).join(''));
  return fragment;
}
