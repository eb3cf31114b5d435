import { h, replace } from '../dom.js';
import type { AppContext } from './common.js';

const CODER_PATTERN = /^[\p{L}\p{N}_.@-]{1,64}$/u;

/**
 * Coding needs a coder: with access tokens the server names them; on a researcher's own machine
 * they type a name once (kept in this browser). Calls `start` once a coder is known.
 */
export function withCoder(root: HTMLElement, app: AppContext, start: (coder: string) => void): void {
  const coder = app.coder();
  if (coder) {
    start(coder);
    return;
  }
  const input = h('input', { type: 'text', name: 'coder', placeholder: 'e.g. coder1', autocomplete: 'username', required: true, aria: { label: 'Your coder name' } });
  const message = h('p', { className: 'error' });
  replace(
    root,
    h(
      'form',
      {
        className: 'card narrow coder-form',
        on: {
          submit: (event) => {
            event.preventDefault();
            const name = input.value.trim();
            if (!CODER_PATTERN.test(name)) {
              message.textContent = 'Use 1 to 64 letters, digits or . _ @ - (no spaces).';
              return;
            }
            app.setCoder(name);
            start(name);
          },
        },
      },
      h('h1', null, 'Who is coding?'),
      h('p', { className: 'muted' }, 'Your judgements are saved under this name. Use the same name every time you come back.'),
      input,
      message,
      h('button', { type: 'submit', className: 'primary' }, 'Start coding'),
    ),
  );
  input.focus();
}

/** True when a key press belongs to a form field, not to the coding shortcuts. */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}
