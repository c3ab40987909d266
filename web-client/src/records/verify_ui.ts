// "Kontrollera ett samrådsprotokoll": the page where anyone holding a record file, logged in or
// not, checks it against a log's public key. The key is this instance's own when it can be
// fetched, or one the person pastes; the result says which of the five checks failed and what
// that means, in a polite live region right below the form. Record text is shown as text only.

import './verify.css';
import { rt } from '../i18n/record_strings';
import type { Lang } from '../i18n/lang';
import { CONTENT_LANG } from '../i18n/lang';
import { formatDateTime, t } from '../i18n/strings';
import { h } from '../ui/dom';
import { verifyBundleBytes, type BundleFailure, type VerifyStep } from './bundle';
import { parseVerifierKey, type VerifierKey } from './verifier_key';

export interface VerifyPageProps {
  lang: Lang;
  // This instance's verifier key line; rejects when it cannot be fetched.
  fetchKey: () => Promise<string>;
  // What the key field held when the page was last drawn (e.g. before a language switch), and
  // where to keep what it holds now.
  keyDraft: { text: string };
}

// A record bundle is a few kilobytes; a far larger file is not one, and is not read into memory.
const MAX_FILE_BYTES = 16 * 2 ** 20;

const STEPS: readonly VerifyStep[] = ['file', 'signature', 'checkpoint', 'proof', 'inclusion'];

export class VerifyPage {
  readonly heading: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly fileError = h('div', { class: 'field-error', id: 'verify-file-error' });
  private readonly keyInput: HTMLTextAreaElement;
  private readonly keyStatus: HTMLElement;
  private readonly keyFacts = h('p', { class: 'hint', id: 'verify-key-facts' });
  private readonly keyError = h('div', { class: 'field-error', id: 'verify-key-error' });
  // The outcome: a short summary in a polite live region (the heading and what it means), so a
  // screen reader reads that much without moving focus; the facts and checks follow it.
  private readonly summary = h('div', { id: 'verify-summary', 'aria-live': 'polite' });
  private readonly details = h('div');
  private readonly result = h('div', { class: 'verify-result' }, this.summary, this.details);
  // Settles once this instance's key has been fetched or has failed to be.
  private readonly keyFetched: Promise<void>;
  // This instance's own key line, once fetched; an emptied key field falls back to it.
  private ownKeyLine: string | null = null;
  // Each verification's number; a slower earlier one does not overwrite a later result.
  private run = 0;

  constructor(
    main: HTMLElement,
    private readonly props: VerifyPageProps,
  ) {
    const { lang } = props;
    document.title = `${rt(lang, 'verify.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, rt(lang, 'verify.title'));

    this.fileInput = h('input', {
      type: 'file',
      id: 'verify-file',
      accept: '.json,application/json',
      'aria-describedby': 'verify-file-hint verify-file-error',
    });
    const dropZone = h(
      'div',
      { class: 'drop-zone' },
      h('p', { class: 'hint', id: 'verify-file-hint' }, rt(lang, 'verify.file.hint')),
      this.fileInput,
    );
    this.keyStatus = h(
      'p',
      { class: 'hint', id: 'verify-key-status' },
      rt(lang, 'verify.key.loading'),
    );
    // A text area, so the whole key shows (wrapped) and can be compared character by character.
    this.keyInput = h('textarea', {
      id: 'verify-key',
      rows: 2,
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'off',
      'aria-describedby': 'verify-key-status verify-key-facts verify-key-error',
    });
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      rt(lang, 'verify.submit'),
    );
    const form = h(
      'form',
      { class: 'verify-form', novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'verify-file' }, rt(lang, 'verify.file')),
        dropZone,
        this.fileError,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'verify-key' }, rt(lang, 'verify.key')),
        this.keyStatus,
        this.keyInput,
        this.keyFacts,
        this.keyError,
      ),
      submit,
    );
    main.replaceChildren(
      h(
        'div',
        { class: 'verify-page' },
        this.heading,
        h('p', { class: 'lead' }, rt(lang, 'verify.intro')),
        form,
        this.result,
      ),
    );

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.verify();
    });
    this.fileInput.addEventListener('change', () => {
      if (this.fileInput.files?.length) void this.verify();
    });
    this.keyInput.value = props.keyDraft.text;
    this.keyInput.addEventListener('input', () => {
      props.keyDraft.text = this.keyInput.value;
      void this.showKeyFacts();
    });
    for (const type of ['dragenter', 'dragover']) {
      dropZone.addEventListener(type, (ev) => {
        ev.preventDefault();
        dropZone.classList.add('drop-zone-active');
      });
    }
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('drop-zone-active'));
    dropZone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      dropZone.classList.remove('drop-zone-active');
      const files = ev.dataTransfer?.files;
      if (!files?.length) return;
      this.fileInput.files = files;
      void this.verify();
    });
    this.keyFetched = this.fetchKey();
  }

  private async fetchKey(): Promise<void> {
    const { lang } = this.props;
    try {
      const line = await this.props.fetchKey();
      // An answer that is not a key (a proxy's error page, say) is no key either.
      const own = await parseVerifierKey(line);
      if (!own.ok) throw new Error('not a verifier key');
      this.ownKeyLine = own.key.text;
      // Someone who has typed or pasted a key of their own keeps it, and is told it differs.
      if (this.keyInput.value.trim() === '') {
        this.keyInput.value = line;
        this.props.keyDraft.text = line;
      }
      this.keyStatus.textContent =
        this.keyInput.value.trim() === own.key.text
          ? rt(lang, 'verify.key.fetched')
          : rt(lang, 'verify.key.other', { id: own.key.keyId });
    } catch {
      this.keyStatus.textContent = rt(lang, 'verify.key.unavailable');
      this.keyStatus.className = 'notice';
    }
    await this.showKeyFacts();
  }

  // The name and key id of the key in the field, so a person can compare them with a
  // published one; nothing while the field is not a key.
  private async showKeyFacts(): Promise<VerifierKey | null> {
    const text = this.keyInput.value;
    const parsed = await parseVerifierKey(text);
    if (this.keyInput.value !== text) return null;
    this.keyFacts.textContent = parsed.ok
      ? rt(this.props.lang, 'verify.key.facts', { name: parsed.key.name, id: parsed.key.keyId })
      : '';
    if (parsed.ok) this.setFieldError(this.keyInput, this.keyError, null);
    return parsed.ok ? parsed.key : null;
  }

  private setFieldError(
    input: HTMLInputElement | HTMLTextAreaElement,
    slot: HTMLElement,
    message: string | null,
  ): void {
    slot.replaceChildren(message === null ? '' : h('p', {}, message));
    if (message === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }

  private async verify(): Promise<void> {
    const { lang } = this.props;
    const run = ++this.run;
    await this.keyFetched;
    if (this.keyInput.value.trim() === '' && this.ownKeyLine !== null) {
      this.keyInput.value = this.ownKeyLine;
      this.props.keyDraft.text = this.ownKeyLine;
      void this.showKeyFacts();
    }
    const file = this.fileInput.files?.[0];
    const parsedKey = await parseVerifierKey(this.keyInput.value);
    if (run !== this.run) return;
    this.setFieldError(
      this.fileInput,
      this.fileError,
      file ? null : rt(lang, 'verify.file.missing'),
    );
    this.setFieldError(
      this.keyInput,
      this.keyError,
      parsedKey.ok ? null : rt(lang, `verify.key.error.${parsedKey.reason}`),
    );
    if (file && file.size > MAX_FILE_BYTES) {
      this.setFieldError(
        this.fileInput,
        this.fileError,
        rt(lang, 'verify.file.tooLarge', { megabytes: MAX_FILE_BYTES / 2 ** 20 }),
      );
    }
    if (!file || !parsedKey.ok || file.size > MAX_FILE_BYTES) {
      // An earlier outcome would now be about another file or key.
      this.showResult(null, []);
      this.details.replaceChildren();
      return (file && file.size <= MAX_FILE_BYTES ? this.keyInput : this.fileInput).focus();
    }
    const key = parsedKey.key;
    this.showResult(null, [
      h('p', { class: 'loading' }, rt(lang, 'verify.checking', { file: file.name })),
    ]);
    this.details.replaceChildren();
    const outcome = await verifyBundleBytes(new Uint8Array(await file.arrayBuffer()), key);
    if (run !== this.run) return;
    if (outcome.ok) {
      const { bundle } = outcome;
      this.showResult('passed', [
        h('h2', {}, rt(lang, 'verify.ok.title')),
        h(
          'p',
          {},
          rt(lang, 'verify.ok.text', {
            file: file.name,
            origin: bundle.origin,
            index: bundle.logIndex,
          }),
        ),
      ]);
      this.details.replaceChildren(
        this.facts(bundle.record, [
          [
            rt(lang, 'verify.fact.index'),
            rt(lang, 'verify.fact.index.value', { index: bundle.logIndex }),
          ],
          [
            rt(lang, 'verify.fact.size'),
            rt(lang, 'verify.fact.size.value', { size: bundle.treeSize }),
          ],
          [rt(lang, 'verify.fact.key'), key.name],
          [rt(lang, 'verify.fact.keyId'), key.keyId],
        ]),
        this.checklist(null),
      );
    } else {
      this.showResult('failed', [
        h('h2', {}, rt(lang, 'verify.failed.title')),
        h('p', {}, rt(lang, 'verify.failed.file', { file: file.name })),
        h('p', { class: 'verify-reason' }, this.failureText(outcome.failure, outcome.record, key)),
      ]);
      this.details.replaceChildren(
        h('p', {}, rt(lang, 'verify.failed.advice')),
        this.checklist(outcome.failure.step),
      );
    }
  }

  private showResult(status: 'passed' | 'failed' | null, summary: HTMLElement[]): void {
    this.result.className =
      status === null ? 'verify-result' : `verify-result verify-outcome verify-${status}`;
    this.summary.replaceChildren(...summary);
  }

  // The round and decision time the record names, then the log's facts.
  private facts(record: Record<string, unknown>, rows: Array<[string, string]>): HTMLElement {
    const { lang } = this.props;
    const unknown = rt(lang, 'verify.unknown');
    const title = roundTitle(record);
    const decidedAt = typeof record['decided_at'] === 'string' ? record['decided_at'] : null;
    const list = h(
      'dl',
      { class: 'round-facts verify-facts' },
      h('dt', {}, rt(lang, 'verify.fact.round')),
      h('dd', title === null ? {} : { lang: CONTENT_LANG }, title ?? unknown),
      h('dt', {}, rt(lang, 'verify.fact.decided')),
      h('dd', {}, decidedAt === null ? unknown : formatDateTime(lang, decidedAt)),
    );
    for (const [term, value] of rows) list.append(h('dt', {}, term), h('dd', {}, value));
    return list;
  }

  // The five checks in order: passed up to the failed one, which is marked, the rest not run.
  private checklist(failed: VerifyStep | null): HTMLElement {
    const { lang } = this.props;
    const failedAt = failed === null ? STEPS.length : STEPS.indexOf(failed);
    const items = STEPS.map((step, i) => {
      const status = i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'skipped';
      return h(
        'li',
        { class: `verify-check verify-check-${status}` },
        h('span', { class: 'verify-check-icon', 'aria-hidden': 'true' }, ICONS[status]),
        ` ${rt(lang, `verify.check.${step}`)}`,
        h('span', { class: 'verify-check-status' }, ` – ${rt(lang, `verify.status.${status}`)}`),
      );
    });
    return h(
      'div',
      { class: 'verify-checks' },
      h('h3', {}, rt(lang, 'verify.checks')),
      h('ol', {}, ...items),
    );
  }

  private failureText(
    failure: BundleFailure,
    record: Record<string, unknown> | null,
    key: VerifierKey,
  ): string {
    const { lang } = this.props;
    // Typed as the union of its spellings, so a reason without a text does not compile.
    const reasonKey = `verify.fail.${failure.reason}` as const;
    switch (failure.reason) {
      case 'duplicate_key':
        return rt(lang, reasonKey, { key: failure.key });
      case 'missing_field':
      case 'unknown_field':
      case 'wrong_type':
        return rt(lang, reasonKey, { field: failure.field });
      case 'unknown_format':
        return rt(lang, reasonKey, { format: failure.format });
      case 'no_signature_by_key':
        return rt(lang, reasonKey, { name: key.name, id: key.keyId });
      case 'origin_mismatch':
        return rt(lang, reasonKey, { origin: failure.origin, name: key.name });
      case 'index_out_of_range':
        return rt(lang, reasonKey, {
          index: failure.index,
          size: failure.size,
          last: Math.max(failure.size - 1, 0),
        });
      case 'wrong_length':
        return rt(lang, reasonKey, { expected: failure.expected, actual: failure.actual });
      case 'malformed_hash':
        return rt(lang, reasonKey, { position: failure.position + 1 });
      case 'root_mismatch': {
        const title = record ? roundTitle(record) : null;
        return title === null
          ? rt(lang, 'verify.fail.root_mismatch.untitled')
          : rt(lang, reasonKey, { title });
      }
      default:
        return rt(lang, reasonKey);
    }
  }
}

const ICONS = { passed: '✓', failed: '✗', skipped: '–' } as const;

// The record's round.title, if it has one.
function roundTitle(record: Record<string, unknown>): string | null {
  const round = record['round'];
  if (round === null || typeof round !== 'object' || Array.isArray(round)) return null;
  const title = (round as Record<string, unknown>)['title'];
  return typeof title === 'string' && title.trim() !== '' ? title : null;
}
