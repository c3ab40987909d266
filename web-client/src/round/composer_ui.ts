// A form for writing one text: a post in a thread, a reply to a post, or a new thread's title.
// Labelled control, a hint, errors shown and announced, submit by button or Ctrl+Enter
// (Cmd+Enter on a Mac), Escape cancels a reply. Near its length limit it says how many
// characters are left (the protocol counts UTF-8 bytes, people count characters: see
// ui/character_count.ts); a post can be previewed as it will be published. An error that only
// said the connection was down is cleared once it is back (clearConnectionError). When the
// person may no longer send (a text written before the round closed), the field is read-only,
// so the text can still be selected and copied, sending is disabled, and the reason is shown
// and tied to the field with aria-describedby.

import { h, uniqueId } from '../ui/dom';
import { lengthStatus, type LengthStatus } from '../ui/character_count';
import { setMarkdown } from '../ui/markdown';
import { t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { isBlank, utf8Length } from '../protocol/limits';
import { messageForError, ProtocolError } from '../protocol/errors';

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
  // Offer a preview of the text as Markdown, rendered under headings of this level.
  previewSectionLevel?: number;
  // Says news to screen-reader users (the page's polite live region): here, that the text has
  // come near or over its limit.
  announce?: (message: string) => void;
  // Marks the field so that a redraw of the page can give focus back to the same field.
  focusKey?: string;
  // An empty or blank text may be sent (a proposal may be empty).
  allowBlank?: boolean;
  // A check of the caller's own before sending: what is wrong with the text, or null.
  validate?: (text: string) => string | null;
}

export interface Composer {
  form: HTMLFormElement;
  focus: () => void;
  // The connection is back: an error that only said it was gone no longer applies.
  clearConnectionError: () => void;
}

// The error that says the text was not sent because there was no connection. (After
// 'disconnected' or 'timeout' the text may have arrived, so those errors stay: they say to check.)
const CONNECTION_ERRORS = new Set(['not_connected']);

// The words for a length status next to the field; null when there is nothing to say.
export function lengthText(lang: Lang, status: LengthStatus): string | null {
  switch (status.kind) {
    case 'ok':
      return null;
    case 'near':
      if (status.approximate) return t(lang, 'composer.leftAbout', { left: status.left });
      return status.left === 1
        ? t(lang, 'composer.left.one')
        : t(lang, 'composer.left.many', { left: status.left });
    case 'over':
      return status.over === 1
        ? t(lang, 'composer.over.one')
        : t(lang, 'composer.over.many', { over: status.over });
  }
}

// Keeps a field's length note up to date: near the limit it says how many characters are left,
// over it how many are too many. Screen readers hear the note when the text crosses into "near"
// or "over" (not on every key), and with the field's description. Returns the update, to call
// after each change of the text.
export function trackLength(
  field: HTMLInputElement | HTMLTextAreaElement,
  note: HTMLElement,
  maxBytes: number,
  lang: Lang,
  announce?: (message: string) => void,
): () => LengthStatus {
  let shownKind: LengthStatus['kind'] = 'ok';
  const update = (): LengthStatus => {
    const status = lengthStatus(field.value, maxBytes);
    const text = lengthText(lang, status);
    note.textContent = text ?? '';
    note.classList.toggle('char-count-over', status.kind === 'over');
    if (status.kind !== shownKind && status.kind !== 'ok' && text) announce?.(text);
    shownKind = status.kind;
    return status;
  };
  update();
  return update;
}

// The error to show for a text over its limit.
export function tooLongText(lang: Lang, text: string, maxBytes: number): string {
  const status = lengthStatus(text, maxBytes);
  const over = status.kind === 'over' ? status.over : 1;
  return over === 1 ? t(lang, 'composer.tooLong.one') : t(lang, 'composer.tooLong.many', { over });
}

export function createComposer(props: ComposerProps): Composer {
  const { lang } = props;
  const base = uniqueId('composer');
  const fieldId = `${base}-text`;
  const hintId = `${base}-hint`;
  const countId = `${base}-count`;
  const errorId = `${base}-error`;
  const reasonId = `${base}-reason`;
  const previewId = `${base}-preview`;
  const describedBy = [
    props.hint ? hintId : null,
    props.disabledReason ? reasonId : null,
    countId,
    errorId,
  ]
    .filter(Boolean)
    .join(' ');

  const fieldAttrs = {
    id: fieldId,
    name: 'text',
    'aria-describedby': describedBy,
    // People write Swedish (i18n/lang.ts): spell-check it as Swedish in an English interface too.
    lang: CONTENT_LANG,
    'data-focus-key': props.focusKey,
  };
  const field = props.multiline
    ? h('textarea', { ...fieldAttrs, rows: 4 })
    : h('input', { ...fieldAttrs, type: 'text' });
  field.value = props.initialText;
  const count = h('p', { class: 'char-count', id: countId });
  const error = h('div', { class: 'field-error', id: errorId, role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, props.submitText);
  const buttons = h('div', { class: 'form-buttons' }, submit);

  let preview: HTMLElement | null = null;
  let previewBody: HTMLElement | null = null;
  const renderPreview = (): void => {
    if (!preview || !previewBody || preview.hidden) return;
    if (field.value.trim() === '') {
      previewBody.replaceChildren(h('p', { class: 'empty' }, t(lang, 'composer.preview.empty')));
    } else {
      setMarkdown(previewBody, field.value, props.previewSectionLevel ?? 3, {
        tableLabel: t(lang, 'markdown.table'),
      });
    }
  };
  if (props.previewSectionLevel !== undefined && !props.disabledReason) {
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'button-secondary',
        'aria-expanded': 'false',
        'aria-controls': previewId,
      },
      t(lang, 'composer.preview.show'),
    );
    previewBody = h('div', { class: 'markdown post-text', lang: CONTENT_LANG });
    preview = h(
      'div',
      { class: 'composer-preview', id: previewId, hidden: true },
      h('p', { class: 'preview-label' }, t(lang, 'composer.preview.label')),
      previewBody,
    );
    toggle.addEventListener('click', () => {
      if (!preview) return;
      const open = preview.hidden;
      preview.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = t(lang, open ? 'composer.preview.hide' : 'composer.preview.show');
      renderPreview();
    });
    buttons.append(toggle);
  }
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
    count,
    error,
    buttons,
    preview,
  );

  if (props.disabledReason) {
    field.readOnly = true;
    submit.disabled = true;
  }

  let errorCode: string | null = null;
  const showError = (message: string | null, code: string | null = null): void => {
    errorCode = message === null ? null : code;
    if (message === null) {
      error.replaceChildren();
      field.removeAttribute('aria-invalid');
    } else {
      error.replaceChildren(h('p', {}, message));
      field.setAttribute('aria-invalid', 'true');
    }
  };

  const trackCount = trackLength(field, count, props.maxBytes, lang, props.announce);
  const updateCount = (): void => {
    const status = trackCount();
    // A too-long error goes away as soon as the text fits.
    if (errorCode === 'too_long' && status.kind !== 'over') showError(null);
  };

  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  field.addEventListener('input', () => {
    props.onDraft(field.value);
    updateCount();
    if (preview && !preview.hidden && previewTimer === null) {
      previewTimer = setTimeout(() => {
        previewTimer = null;
        renderPreview();
      }, 150);
    }
  });
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
    if (isBlank(text) && !props.allowBlank) {
      showError(t(lang, 'composer.blank'), 'blank');
      field.focus();
      return;
    }
    if (utf8Length(text) > props.maxBytes) {
      showError(tooLongText(lang, text, props.maxBytes), 'too_long');
      field.focus();
      return;
    }
    const invalid = props.validate?.(text) ?? null;
    if (invalid !== null) {
      showError(invalid, 'invalid');
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
          updateCount();
          renderPreview();
        }
      },
      (failure: unknown) => {
        busy = false;
        submit.disabled = false;
        submit.textContent = props.submitText;
        const code = failure instanceof ProtocolError ? failure.code : null;
        showError(messageForError(failure, lang), code);
      },
    );
  });

  return {
    form,
    focus: () => field.focus(),
    clearConnectionError: () => {
      if (errorCode !== null && CONNECTION_ERRORS.has(errorCode)) showError(null);
    },
  };
}
