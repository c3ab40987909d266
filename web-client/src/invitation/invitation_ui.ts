// "Välj ditt lösenord": the page a one-time invitation link opens. It asks the server whose link
// it is, then offers a password field (and a repeat) and logs the person in. A link already
// used, expired or replaced, or not a link at all, gets a page of its own that says so plainly
// and what to do next.

import * as accounts from '../api/accounts_api';
import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { t } from '../i18n/strings';
import { messageForError, ProtocolError } from '../protocol/errors';
import type { Person } from '../protocol/messages';
import { h } from '../ui/dom';

export interface InvitationPageProps {
  lang: Lang;
  token: string;
  api: Pick<typeof accounts, 'checkInvitation' | 'acceptInvitation'>;
  // The password is set and the person logged in.
  onAccepted: (person: Person) => void;
}

const MIN_CHARACTERS = 10;

export class InvitationPage {
  readonly heading: HTMLElement;
  private readonly body = h('div');

  constructor(
    private readonly main: HTMLElement,
    private readonly props: InvitationPageProps,
  ) {
    const { lang } = props;
    document.title = `${at(lang, 'invitation.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, at(lang, 'invitation.title'));
    main.replaceChildren(h('div', { class: 'narrow' }, this.heading, this.body));
    this.body.replaceChildren(h('p', { class: 'loading' }, at(lang, 'invitation.checking')));
    void this.check();
  }

  private async check(): Promise<void> {
    const { lang } = this.props;
    if (!/^[0-9a-f]{32}$/.test(this.props.token)) return this.refused('not_found');
    try {
      const owner = await this.props.api.checkInvitation(this.props.token);
      this.showForm(
        at(lang, 'invitation.hello', {
          name: owner.person.name,
          org: owner.person.organisation.name,
          email: owner.email,
        }),
        owner.email,
      );
    } catch (error) {
      if (
        error instanceof ProtocolError &&
        ['not_found', 'invitation_used', 'invitation_expired'].includes(error.code)
      ) {
        this.refused(error.code);
      } else {
        this.body.replaceChildren(
          h(
            'div',
            { class: 'form-error', role: 'alert' },
            h('p', {}, messageForError(error, lang)),
          ),
        );
      }
    }
  }

  // A link that does not work: a heading that says why, what to do, and the way to log in.
  private refused(code: string): void {
    const { lang } = this.props;
    const [title, text] =
      code === 'invitation_used'
        ? (['invitation.used.title', 'invitation.used.text'] as const)
        : code === 'invitation_expired'
          ? (['invitation.expired.title', 'invitation.expired.text'] as const)
          : (['invitation.invalid.title', 'invitation.invalid.text'] as const);
    this.heading.textContent = at(lang, title);
    document.title = `${at(lang, title)} – ${t(lang, 'app.name')}`;
    this.body.replaceChildren(
      h('p', { class: 'notice', role: 'alert' }, at(lang, text)),
      h('p', {}, h('a', { href: '#/' }, at(lang, 'invitation.toLogin'))),
    );
    if (this.main.contains(document.activeElement) || document.activeElement === document.body) {
      this.heading.focus();
    }
  }

  private showForm(hello: string, email: string): void {
    const { lang } = this.props;
    const error = h('div', { class: 'form-error', role: 'alert', id: 'invitation-error' });
    // The email address as a username field, so password managers store the right pair.
    const username = h('input', {
      type: 'email',
      autocomplete: 'username',
      value: email,
      readonly: true,
      hidden: true,
      'aria-hidden': 'true',
      tabindex: '-1',
    });
    const password = h('input', {
      id: 'invitation-password',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minlength: MIN_CHARACTERS,
      'aria-describedby': 'invitation-password-hint',
    });
    const repeat = h('input', {
      id: 'invitation-repeat',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
    });
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      at(lang, 'invitation.submit'),
    );
    const form = h(
      'form',
      { class: 'login-form', novalidate: true, 'aria-describedby': 'invitation-error' },
      username,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'invitation-password' }, at(lang, 'invitation.password')),
        h(
          'p',
          { class: 'hint', id: 'invitation-password-hint' },
          at(lang, 'invitation.password.hint'),
        ),
        password,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'invitation-repeat' }, at(lang, 'invitation.repeat')),
        repeat,
      ),
      error,
      submit,
    );
    const showError = (message: string, field: HTMLInputElement): void => {
      error.replaceChildren(h('p', {}, message));
      for (const input of [password, repeat]) {
        if (input === field) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      field.focus();
    };
    let busy = false;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (busy) return;
      if ([...password.value].length < MIN_CHARACTERS || password.value.trim() === '') {
        return showError(at(lang, 'invitation.error.short'), password);
      }
      if (password.value !== repeat.value) {
        return showError(at(lang, 'invitation.error.mismatch'), repeat);
      }
      busy = true;
      submit.disabled = true;
      submit.textContent = at(lang, 'invitation.saving');
      error.replaceChildren();
      this.props.api.acceptInvitation(this.props.token, password.value).then(
        (person) => this.props.onAccepted(person),
        (failure: unknown) => {
          busy = false;
          submit.disabled = false;
          submit.textContent = at(lang, 'invitation.submit');
          if (
            failure instanceof ProtocolError &&
            ['not_found', 'invitation_used', 'invitation_expired'].includes(failure.code)
          ) {
            return this.refused(failure.code);
          }
          showError(messageForError(failure, lang), password);
        },
      );
    });
    this.body.replaceChildren(h('p', {}, hello), form);
  }
}
