// The login page: email and password with visible labels, errors shown next to the form and
// announced (role="alert"), fully keyboard-operable (Enter submits).

import { h } from '../ui/dom';
import { t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import { messageForError, ProtocolError } from '../protocol/errors';

export interface LoginProps {
  lang: Lang;
  // Shown above the form, e.g. "you have been logged out".
  notice: string | null;
  onSubmit: (email: string, password: string) => Promise<void>;
}

export function renderLogin(main: HTMLElement, props: LoginProps): HTMLElement {
  const { lang } = props;
  document.title = `${t(lang, 'login.title')} – ${t(lang, 'app.name')}`;
  const heading = h('h1', { tabindex: '-1' }, t(lang, 'login.title'));
  const error = h('div', { class: 'form-error', role: 'alert', id: 'login-error' });
  const email = h('input', {
    id: 'login-email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    spellcheck: 'false',
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, t(lang, 'login.submit'));
  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-describedby': 'login-error' },
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, t(lang, 'login.email')), email),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'login-password' }, t(lang, 'login.password')),
      password,
    ),
    error,
    submit,
  );

  const showError = (message: string, field: HTMLInputElement | null): void => {
    error.replaceChildren(h('p', {}, message));
    for (const input of [email, password]) {
      if (input === field || field === null) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };

  let busy = false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy) return;
    const emailValue = email.value.trim();
    if (emailValue === '' || password.value === '') {
      showError(t(lang, 'login.required'), emailValue === '' ? email : password);
      (emailValue === '' ? email : password).focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t(lang, 'login.busy');
    error.replaceChildren();
    props.onSubmit(emailValue, password.value).then(
      () => undefined, // the app replaces this page
      (failure: unknown) => {
        busy = false;
        submit.disabled = false;
        submit.textContent = t(lang, 'login.submit');
        password.value = '';
        showError(loginFailureMessage(failure, lang), null);
        password.focus();
      },
    );
  });

  main.replaceChildren(
    h(
      'div',
      { class: 'narrow' },
      heading,
      props.notice ? h('p', { class: 'notice' }, props.notice) : null,
      h('p', {}, t(lang, 'login.intro')),
      form,
    ),
  );
  return heading;
}

// A throttled login says how long to wait, in whole seconds or (past a minute and a half)
// minutes, rounded up so that trying again then works.
export function loginFailureMessage(failure: unknown, lang: Lang): string {
  if (failure instanceof ProtocolError && failure.code === 'rate_limited' && failure.retryAfterMs) {
    const seconds = Math.ceil(failure.retryAfterMs / 1000);
    if (seconds === 1) return t(lang, 'login.throttledOneSecond');
    return seconds <= 90
      ? t(lang, 'login.throttledSeconds', { n: seconds })
      : t(lang, 'login.throttledMinutes', { n: Math.ceil(seconds / 60) });
  }
  return messageForError(failure, lang);
}
