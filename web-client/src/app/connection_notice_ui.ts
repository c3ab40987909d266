// The connection's state where the person is working: a notice that floats at the bottom of the
// window while the client is not connected ("Anslutningen till servern bröts. Återansluter…"),
// with a "Försök nu" button, and that says "Ansluten igen." for a moment when the connection is
// back, then goes away. A first connection that is quick shows nothing. The header keeps its
// small indicator; this is the part people notice. Screen readers hear the changes through the
// page's live region (app.ts), so this element is not a live region itself.

import { h } from '../ui/dom';
import { t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import type { ConnectionState } from '../transport/connection';

// A first connection is shown only if it takes longer than this.
const CONNECTING_DELAY_MS = 1500;
// How long "Ansluten igen." stays.
const BACK_FOR_MS = 3000;

type Kind = 'connecting' | 'resuming' | 'offline' | 'back';

export class ConnectionNotice {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly button: HTMLButtonElement;
  private lang: Lang = 'sv';
  private state: ConnectionState = 'stopped';
  private kind: Kind | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  // The notice has said the connection was gone, so coming back is worth saying too.
  private told = false;

  constructor(
    onRetryNow: () => void,
    private readonly isBrowserOnline: () => boolean = () => navigator.onLine !== false,
  ) {
    this.text = h('p', { class: 'connection-notice-text' });
    this.button = h('button', { type: 'button', class: 'button-secondary connection-retry' });
    this.button.addEventListener('click', () => {
      this.text.textContent = t(this.lang, 'conn.notice.trying');
      onRetryNow();
    });
    this.element = h(
      'div',
      { class: 'connection-notice', id: 'connection-notice', hidden: true },
      h('span', { class: 'connection-notice-icon', 'aria-hidden': 'true' }),
      this.text,
      this.button,
    );
  }

  update(lang: Lang, state: ConnectionState): void {
    this.lang = lang;
    this.button.textContent = t(lang, 'conn.retryNow');
    if (state === this.state) {
      // Only the language changed.
      if (this.kind !== null) this.show(this.kind);
      return;
    }
    this.state = state;
    this.clearTimer();
    switch (state) {
      case 'connected':
        if (this.told) {
          this.told = false;
          this.show('back');
          this.timer = setTimeout(() => this.hide(), BACK_FOR_MS);
        } else {
          this.hide();
        }
        break;
      case 'connecting':
        this.hide();
        this.timer = setTimeout(() => this.show('connecting'), CONNECTING_DELAY_MS);
        break;
      case 'resuming':
      case 'offline':
        this.told = true;
        this.show(state);
        break;
      case 'logged_out':
      case 'stopped':
        this.told = false;
        this.hide();
        break;
    }
  }

  private show(kind: Kind): void {
    const lang = this.lang;
    this.kind = kind;
    this.element.className = `connection-notice connection-notice-${kind}`;
    switch (kind) {
      case 'connecting':
        this.text.textContent = t(lang, 'conn.notice.connecting');
        break;
      case 'resuming':
        this.text.textContent = t(lang, 'conn.notice.resuming');
        break;
      case 'offline':
        this.text.textContent = this.isBrowserOnline()
          ? t(lang, 'conn.notice.offline')
          : t(lang, 'conn.notice.browserOffline');
        break;
      case 'back':
        this.text.textContent = t(lang, 'conn.notice.back');
        break;
    }
    this.button.hidden = kind === 'back';
    this.element.hidden = false;
  }

  private hide(): void {
    this.kind = null;
    this.element.hidden = true;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
