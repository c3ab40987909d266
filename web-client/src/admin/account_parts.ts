// Pieces the account pages share: the box that says what the last action did (a status, or an
// alert for a refusal; it takes focus, since the control clicked may be gone after a redraw),
// and the box that shows a new invitation link with a way to copy it.

import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { h, uniqueId } from '../ui/dom';

// The name a button acts on, for those who hear the button without its card around it
// ("Avaktivera Anna Lind"); sighted readers see the card.
export function named(name: string): HTMLElement {
  return h('span', { class: 'visually-hidden' }, ` ${name}`);
}

export interface Status {
  text: string;
  error: boolean;
}

export function statusBox(status: Status | null, id: string): HTMLElement {
  const box = h('div', {
    id,
    class: status?.error ? 'form-error' : 'action-status',
    role: status?.error ? 'alert' : 'status',
    tabindex: '-1',
  });
  if (status) box.append(h('p', {}, status.text));
  return box;
}

export interface LinkBoxProps {
  heading: string;
  url: string;
  explain: string;
  announce: (message: string) => void;
}

export function linkBox(lang: Lang, props: LinkBoxProps): HTMLElement {
  const id = uniqueId('link');
  const field = h('input', {
    id,
    type: 'text',
    readonly: true,
    value: props.url,
    class: 'link-field',
    spellcheck: 'false',
    'aria-describedby': `${id}-explain`,
  });
  const copy = h('button', { type: 'button', class: 'button-secondary' }, at(lang, 'link.copy'));
  const copied = h('p', { class: 'hint', role: 'status' });
  copy.addEventListener('click', () => {
    field.select();
    const done = (ok: boolean): void => {
      copied.textContent = at(lang, ok ? 'link.copied' : 'link.copyFailed');
    };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(props.url).then(
        () => done(true),
        () => done(false),
      );
    } else {
      done(false);
    }
  });
  return h(
    'section',
    { class: 'link-box', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading`, tabindex: '-1' }, props.heading),
    h('p', { id: `${id}-explain` }, props.explain),
    h('label', { for: id }, at(lang, 'link.label')),
    h('div', { class: 'inline-fields' }, field, copy),
    copied,
  );
}
