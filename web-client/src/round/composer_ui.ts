// A form for writing one text: a post in a thread, a reply to a post, or a new thread's title.
// Labelled control, a hint, errors shown and announced, submit by button or Ctrl+Enter
// (Cmd+Enter on a Mac), Escape cancels a reply. When the person may not write here the
// controls are disabled and the reason is shown and tied to them with aria-describedby.

import { h, uniqueId } from '../ui/dom';
import { t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import { checkText, utf8Length } from '../protocol/limits';
import { messageForError } from '../protocol/errors';

export interface ComposerProps {
  lang: Lang;
  label: string;
  submitText: string;
  multiline: boolean;
  maxBytes: number;
  hint: string | null;
  disabledReason: string | null;
  initialText: string;
  onDraft: (text: string) => void;
  onSubmit: (text: string) => Promise<void>;
  onCancel?: () => void;
  className: string;
}

export interface Composer {
  form: HTMLFormElement;
  focus: () => void;
}

export function createComposer(props: ComposerProps): Composer {
  const { lang } = props;
  const base = uniqueId('composer');
  const fieldId = `${base}-text`;
  const hintId = `${base}-hint`;
  const errorId = `${base}-error`;
  const reasonId = `${base}-reason`;
  const describedBy = [props.hint ? hintId : null, props.disabledReason ? reasonId : null, errorId]
    .filter(Boolean)
    .join(' ');

  const field = props.multiline
    ? h('textarea', { id: fieldId, name: 'text', rows: 4, 'aria-describedby': describedBy })
    : h('input', { id: fieldId, name: 'text', type: 'text', 'aria-describedby': describedBy });
  field.value = props.initialText;
  const error = h('div', { class: 'field-error', id: errorId, role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, props.submitText);
  const buttons = h('div', { class: 'form-buttons' }, submit);
  if (props.onCancel) {
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      t(lang, 'composer.cancel'),
    );
    cancel.addEventListener('click', () => props.onCancel?.());
    buttons.append(cancel);
  }

  const form = h(
    'form',
    { class: `composer ${props.className}`, novalidate: true },
    h('label', { for: fieldId }, props.label),
    props.hint ? h('p', { class: 'hint', id: hintId }, props.hint) : null,
    props.disabledReason
      ? h('p', { class: 'disabled-reason', id: reasonId }, props.disabledReason)
      : null,
    field,
    error,
    buttons,
  );

  if (props.disabledReason) {
    field.disabled = true;
    submit.disabled = true;
  }

  const showError = (message: string | null): void => {
    if (message === null) {
      error.replaceChildren();
      field.removeAttribute('aria-invalid');
    } else {
      error.replaceChildren(h('p', {}, message));
      field.setAttribute('aria-invalid', 'true');
    }
  };

  field.addEventListener('input', () => props.onDraft(field.value));
  field.addEventListener('keydown', (ev: Event) => {
    const key = ev as KeyboardEvent;
    if (key.key === 'Enter' && (key.ctrlKey || key.metaKey) && props.multiline) {
      key.preventDefault();
      form.requestSubmit();
    } else if (key.key === 'Escape' && props.onCancel) {
      key.preventDefault();
      props.onCancel();
    }
  });

  let busy = false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy || props.disabledReason) return;
    const text = field.value;
    const problem = checkText(text, props.maxBytes);
    if (problem === 'blank') {
      showError(t(lang, 'composer.blank'));
      field.focus();
      return;
    }
    if (problem === 'too_long') {
      showError(t(lang, 'composer.tooLong', { length: utf8Length(text), max: props.maxBytes }));
      field.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t(lang, 'composer.sending');
    showError(null);
    props.onSubmit(text).then(
      () => {
        busy = false;
        submit.disabled = false;
        submit.textContent = props.submitText;
        // Clear only if the person has not started on something else meanwhile.
        if (field.value === text) {
          field.value = '';
          props.onDraft('');
        }
      },
      (failure: unknown) => {
        busy = false;
        submit.disabled = false;
        submit.textContent = props.submitText;
        showError(messageForError(failure, lang));
      },
    );
  });

  return { form, focus: () => field.focus() };
}
