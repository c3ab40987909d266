// A small form opened by a button, below the thing it acts on (a post's edit, hide and report
// forms, a report's dismissal): its text is a draft kept by the app, so a redraw reopens it.

import type { Lang } from '../i18n/lang';
import { createComposer } from './composer_ui';

export interface FormSpec {
  draftKey: string;
  drafts: Map<string, string>;
  lang: Lang;
  label: string;
  submitText: string;
  maxBytes: number;
  initialText: string;
  preview: boolean;
  // An empty text may be sent (an optional note).
  allowBlank?: boolean;
  submit: (text: string) => Promise<void>;
  announce: (message: string) => void;
}

// One form at a time below a post or report; its button opens and closes it. After sending, the form
// closes and focus goes back to the button. A form with a half-written text is open again after
// a redraw, without taking focus (the round view gives it back to the field that had it).
export function openForm(
  slot: HTMLElement,
  opener: HTMLButtonElement,
  spec: FormSpec,
  focus = true,
): void {
  const close = () => {
    spec.drafts.delete(spec.draftKey);
    slot.replaceChildren();
    opener.setAttribute('aria-expanded', 'false');
    if (opener.isConnected) opener.focus();
  };
  if (opener.getAttribute('aria-expanded') === 'true') return close();
  // Another action's form gives way.
  for (const other of opener.parentElement?.querySelectorAll('.form-opener') ?? []) {
    other.setAttribute('aria-expanded', 'false');
  }
  const composer = createComposer({
    lang: spec.lang,
    label: spec.label,
    submitText: spec.submitText,
    multiline: true,
    maxBytes: spec.maxBytes,
    hint: null,
    disabledReason: null,
    initialText: spec.drafts.get(spec.draftKey) ?? spec.initialText,
    onDraft: (text) => spec.drafts.set(spec.draftKey, text),
    onSubmit: async (text) => {
      await spec.submit(text);
      close();
    },
    onCancel: close,
    className: 'post-action-form',
    ...(spec.preview ? { previewSectionLevel: 4 } : {}),
    ...(spec.allowBlank ? { allowBlank: true } : {}),
    announce: spec.announce,
    focusKey: `form-${spec.draftKey}`,
  });
  slot.replaceChildren(composer.form);
  opener.setAttribute('aria-expanded', 'true');
  if (focus) composer.focus();
}
