// The agenda on the round page: what a thread's status means for the people in the round (an
// item waiting for the secretariat's decision, a declined one with its reason, a locked thread),
// the secretariat's tools for a thread (decide a proposed item, move it on the agenda, lock it),
// and the form in which representatives propose an item. Every request goes to the server,
// which decides; the page redraws from the events that come back, and what an action came to is
// shown where the person clicked (the round view keeps it across redraws).

import { h, uniqueId } from '../ui/dom';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { messageForError } from '../protocol/errors';
import { isBlank, REASON_MAX_BYTES, THREAD_TITLE_MAX_BYTES, utf8Length } from '../protocol/limits';
import type { Person } from '../protocol/messages';
import { threadHref } from '../app/router';
import { tooLongText, trackLength } from './composer_ui';
import type { ThreadData, ThreadsData } from './round_data';

// The secretariat's requests on the agenda and the proposal.
export interface AgendaActions {
  decide: (threadId: number, accept: boolean, reason: string) => Promise<void>;
  move: (threadId: number, before: number | null) => Promise<void>;
  lock: (threadId: number, locked: boolean) => Promise<void>;
  pin: (threadId: number, postId: number | null) => Promise<void>;
  revise: (proposal: string) => Promise<void>;
}

// What the person's last action came to, shown next to where they acted.
export interface ActionStatus {
  text: string;
  error: boolean;
  // A place to go next, e.g. the item just proposed.
  link?: { href: string; text: string };
}

// A status box: polite for news, an alert for an error. It can take focus, so that the outcome
// is read out when the control that was used is gone (a decided item loses its buttons).
export function renderStatusBox(status: ActionStatus | null, focusKey: string): HTMLElement {
  const box = h('div', {
    class: status?.error ? 'form-error action-status-box' : 'action-status action-status-box',
    role: status?.error ? 'alert' : 'status',
    tabindex: '-1',
    'data-focus-key': focusKey,
  });
  if (status) {
    box.append(h('p', {}, status.text));
    if (status.link) box.append(h('p', {}, h('a', { href: status.link.href }, status.link.text)));
  } else {
    box.hidden = true;
  }
  return box;
}

// Replaces the status box with that focus key inside container by one showing status.
export function showStatusIn(
  container: HTMLElement,
  focusKey: string,
  status: ActionStatus,
  focus: boolean,
): void {
  const old = container.querySelector(`[data-focus-key="${focusKey}"]`);
  if (!old) return;
  const box = renderStatusBox(status, focusKey);
  old.replaceWith(box);
  if (focus) box.focus();
}

// "Name (Organisation), <time>": who did something to a thread, and when.
function byline(lang: Lang, text: string, at: string): HTMLElement {
  return h(
    'p',
    { class: 'thread-note-byline' },
    `${text}, `,
    h('time', { datetime: at }, formatDateTime(lang, at)),
    '.',
  );
}

// A label and a text someone wrote (a motivation, a reason): plain text, line breaks kept.
function quoted(label: string, text: string): HTMLElement | null {
  if (isBlank(text)) return null;
  return h(
    'p',
    { class: 'thread-note-text' },
    h('strong', {}, label),
    ' ',
    h('span', { class: 'plain-text', lang: CONTENT_LANG }, text),
  );
}

function nameOf(person: Person): { name: string; org: string } {
  return { name: person.name, org: person.organisation.name };
}

// What the thread's status means, above its posts: who proposed it and why, the secretariat's
// decision and reason, that it is locked. Null for a thread that needs no note (one the
// secretariat created, open for posts).
export function renderThreadNotes(lang: Lang, thread: ThreadData): HTMLElement | null {
  const notes: HTMLElement[] = [];
  if (thread.motivation !== null) {
    const proposal = h(
      'div',
      { class: `thread-note thread-note-${thread.status}` },
      byline(lang, t(lang, 'agenda.proposedBy', nameOf(thread.author)), thread.at),
      quoted(t(lang, 'agenda.motivation'), thread.motivation),
    );
    const decision = thread.decision;
    if (thread.status === 'proposed') {
      proposal.append(h('p', { class: 'thread-note-state' }, t(lang, 'agenda.awaiting')));
    } else if (decision) {
      const key = decision.accepted ? 'agenda.acceptedBy' : 'agenda.declinedBy';
      proposal.append(
        byline(lang, t(lang, key, { name: decision.by.name }), decision.at),
        quoted(t(lang, decision.accepted ? 'agenda.comment' : 'agenda.reason'), decision.reason) ??
          '',
      );
      if (!decision.accepted) {
        proposal.append(h('p', { class: 'thread-note-state' }, t(lang, 'agenda.declinedNoPosts')));
      }
    }
    notes.push(proposal);
  }
  if (thread.locked) {
    const change = thread.lastLockChange;
    notes.push(
      h(
        'div',
        { class: 'thread-note thread-note-locked' },
        change ? byline(lang, t(lang, 'agenda.lockedBy', { name: change.by.name }), change.at) : '',
        h('p', { class: 'thread-note-state' }, t(lang, 'agenda.lockedNoPosts')),
      ),
    );
  }
  return notes.length === 0 ? null : h('div', { class: 'thread-notes' }, ...notes);
}

// Why a thread takes no posts, as the composer says it next to a kept draft; null when it does.
export function threadRefusal(lang: Lang, thread: ThreadData): string | null {
  if (thread.status === 'proposed') return t(lang, 'agenda.refusal.proposed');
  if (thread.status === 'declined') return t(lang, 'agenda.refusal.declined');
  if (thread.locked) return t(lang, 'agenda.refusal.locked');
  return null;
}

// The thread's badge in lists: its status, or that it is locked; null for an open thread.
export function threadBadge(lang: Lang, thread: ThreadData): string | null {
  if (thread.status === 'proposed') return t(lang, 'threadStatus.proposed');
  if (thread.status === 'declined') return t(lang, 'threadStatus.declined');
  if (thread.locked) return t(lang, 'threadStatus.locked');
  return null;
}

// Where a thread goes when moved up or down: the thread to put it before (null: the end), or
// undefined when it cannot move that way.
export function moveTarget(
  order: readonly number[],
  threadId: number,
  direction: 'up' | 'down',
): number | null | undefined {
  const index = order.indexOf(threadId);
  if (index < 0) return undefined;
  if (direction === 'up') return index === 0 ? undefined : order[index - 1];
  if (index === order.length - 1) return undefined;
  return order[index + 2] ?? null;
}

export interface ThreadAdminProps {
  lang: Lang;
  roundId: number;
  data: ThreadsData; // the round's agenda
  thread: ThreadData;
  actions: AgendaActions;
  drafts: Map<string, string>;
  announce: (message: string) => void;
  status: ActionStatus | null;
  // Shows the outcome of an action; `focus` moves focus to it (when the control is gone).
  setStatus: (status: ActionStatus, focus: boolean) => void;
}

// The focus key of a thread's tool status box, for the round view to put focus there.
export function adminStatusKey(threadId: number): string {
  return `thread-admin-status-${threadId}`;
}

// The secretariat's tools for the open thread: decide a proposed item, move the thread on the
// agenda, lock or unlock it. Buttons that cannot be used here say so (aria-disabled keeps them
// focusable, so focus stays where it was as the agenda changes under it).
export interface ThreadAdmin {
  element: HTMLElement;
  // The agenda got another thread: say the thread's place anew (in place, so focus and a
  // half-written reason are not disturbed).
  updateOrder: () => void;
}

export function renderThreadAdmin(props: ThreadAdminProps): ThreadAdmin {
  const { lang, thread } = props;
  const base = uniqueId('thread-admin');
  const section = h(
    'section',
    { class: 'thread-admin', 'aria-labelledby': `${base}-heading` },
    h('h4', { id: `${base}-heading` }, t(lang, 'agendaAdmin.heading')),
    renderStatusBox(props.status, adminStatusKey(thread.id)),
  );
  if (thread.status === 'proposed') section.append(renderDecision(props, base));
  const order = renderOrder(props);
  section.append(order.element);
  if (thread.status === 'accepted') section.append(renderLock(props, base));
  return { element: section, updateOrder: order.update };
}

// Runs a request from a button: the button says it is busy meanwhile, the outcome is shown.
function runFrom(
  props: ThreadAdminProps,
  button: HTMLButtonElement,
  request: () => Promise<void>,
  done: string,
  focusOnDone: boolean,
): void {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  request().then(
    () => {
      button.removeAttribute('aria-disabled');
      props.setStatus({ text: done, error: false }, focusOnDone);
    },
    (failure: unknown) => {
      button.removeAttribute('aria-disabled');
      props.setStatus({ text: messageForError(failure, props.lang), error: true }, false);
    },
  );
}

function renderDecision(props: ThreadAdminProps, base: string): HTMLElement {
  const { lang, thread } = props;
  const fieldId = `${base}-reason`;
  const draftKey = `${props.roundId}:${thread.id}:decision`;
  const field = h('textarea', {
    id: fieldId,
    rows: 3,
    lang: CONTENT_LANG,
    'aria-describedby': `${fieldId}-hint ${fieldId}-count ${fieldId}-error`,
    'data-focus-key': `decision-${thread.id}`,
  });
  field.value = props.drafts.get(draftKey) ?? '';
  const count = h('p', { class: 'char-count', id: `${fieldId}-count` });
  const error = h('div', { class: 'field-error', id: `${fieldId}-error`, role: 'alert' });
  const updateCount = trackLength(field, count, REASON_MAX_BYTES, lang, props.announce);
  const showError = (message: string | null): void => {
    error.replaceChildren(message === null ? '' : h('p', {}, message));
    if (message === null) field.removeAttribute('aria-invalid');
    else field.setAttribute('aria-invalid', 'true');
  };
  field.addEventListener('input', () => {
    if (field.value === '') props.drafts.delete(draftKey);
    else props.drafts.set(draftKey, field.value);
    if (updateCount().kind !== 'over' && error.childElementCount > 0) showError(null);
  });
  const accept = h(
    'button',
    { type: 'button', class: 'button-primary', 'data-focus-key': `accept-${thread.id}` },
    t(lang, 'agendaAdmin.accept'),
  );
  const decline = h(
    'button',
    { type: 'button', class: 'button-secondary', 'data-focus-key': `decline-${thread.id}` },
    t(lang, 'agendaAdmin.decline'),
  );
  const decide = (button: HTMLButtonElement, accepted: boolean): void => {
    const reason = field.value;
    if (utf8Length(reason) > REASON_MAX_BYTES) {
      showError(tooLongText(lang, reason, REASON_MAX_BYTES));
      field.focus();
      return;
    }
    if (!accepted && isBlank(reason)) {
      showError(t(lang, 'agendaAdmin.reasonMissing'));
      field.focus();
      return;
    }
    showError(null);
    runFrom(
      props,
      button,
      async () => {
        await props.actions.decide(thread.id, accepted, reason);
        props.drafts.delete(draftKey);
      },
      t(lang, accepted ? 'agendaAdmin.accepted' : 'agendaAdmin.declined'),
      true,
    );
  };
  accept.addEventListener('click', () => decide(accept, true));
  decline.addEventListener('click', () => decide(decline, false));
  return h(
    'div',
    { class: 'admin-part thread-decision' },
    h('h5', {}, t(lang, 'agendaAdmin.decide')),
    h('label', { for: fieldId }, t(lang, 'agendaAdmin.reason')),
    h('p', { class: 'hint', id: `${fieldId}-hint` }, t(lang, 'agendaAdmin.reason.hint')),
    field,
    count,
    error,
    h('div', { class: 'form-buttons' }, accept, decline),
  );
}

function renderOrder(props: ThreadAdminProps): { element: HTMLElement; update: () => void } {
  const { lang, thread, data } = props;
  const positionId = uniqueId('thread-position');
  const position = h('p', { id: positionId });
  const buttons = (['up', 'down'] as const).map((direction) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'button-secondary',
        'aria-describedby': positionId,
        'data-focus-key': `move-${direction}-${thread.id}`,
      },
      t(lang, direction === 'up' ? 'agendaAdmin.moveUp' : 'agendaAdmin.moveDown'),
    );
    button.addEventListener('click', () => {
      // The order may have changed since this was drawn: look again.
      const before = moveTarget(data.threadOrder, thread.id, direction);
      if (before === undefined) {
        const edge = direction === 'up' ? 'agendaAdmin.first' : 'agendaAdmin.last';
        props.setStatus({ text: t(lang, edge), error: false }, false);
        return;
      }
      runFrom(
        props,
        button,
        () => props.actions.move(thread.id, before),
        t(lang, direction === 'up' ? 'agendaAdmin.movedUp' : 'agendaAdmin.movedDown'),
        false,
      );
    });
    return { direction, button };
  });
  const update = (): void => {
    const order = data.threadOrder;
    position.textContent = t(lang, 'agendaAdmin.position', {
      n: order.indexOf(thread.id) + 1,
      count: order.length,
    });
    for (const { direction, button } of buttons) {
      if (moveTarget(order, thread.id, direction) === undefined) {
        button.setAttribute('aria-disabled', 'true');
      } else {
        button.removeAttribute('aria-disabled');
      }
    }
  };
  update();
  const element = h(
    'div',
    { class: 'admin-part thread-order' },
    position,
    h('div', { class: 'form-buttons' }, ...buttons.map(({ button }) => button)),
  );
  return { element, update };
}

function renderLock(props: ThreadAdminProps, base: string): HTMLElement {
  const { lang, thread } = props;
  const hintId = `${base}-lock-hint`;
  const locked = thread.locked;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button-secondary',
      'aria-describedby': hintId,
      'data-focus-key': `lock-${thread.id}`,
    },
    t(lang, locked ? 'agendaAdmin.unlock' : 'agendaAdmin.lock'),
  );
  button.addEventListener('click', () =>
    runFrom(
      props,
      button,
      () => props.actions.lock(thread.id, !locked),
      t(lang, locked ? 'agendaAdmin.unlocked' : 'agendaAdmin.locked'),
      false,
    ),
  );
  return h(
    'div',
    { class: 'admin-part thread-lock' },
    h('p', { class: 'hint', id: hintId }, t(lang, 'agendaAdmin.lock.hint')),
    button,
  );
}

export interface ProposeFormProps {
  lang: Lang;
  roundId: number;
  drafts: Map<string, string>;
  propose: (title: string, motivation: string) => Promise<number>;
  announce: (message: string) => void;
  status: ActionStatus | null;
  setStatus: (status: ActionStatus) => void;
}

export const PROPOSE_STATUS_KEY = 'propose-status';

// "Föreslå en punkt": a representative proposes an agenda item, with an optional motivation.
// Both texts are kept as drafts across redraws; once proposed, the form says so and links to
// the new item.
export function renderProposeForm(props: ProposeFormProps): HTMLElement {
  const { lang } = props;
  const base = uniqueId('propose');
  const titleKey = `${props.roundId}:propose:title`;
  const motivationKey = `${props.roundId}:propose:motivation`;
  const titleId = `${base}-title`;
  const motivationId = `${base}-motivation`;
  const title = h('input', {
    id: titleId,
    type: 'text',
    lang: CONTENT_LANG,
    'aria-describedby': `${titleId}-count ${titleId}-error`,
    'data-focus-key': 'propose-title',
  });
  title.value = props.drafts.get(titleKey) ?? '';
  const motivation = h('textarea', {
    id: motivationId,
    rows: 3,
    lang: CONTENT_LANG,
    'aria-describedby': `${motivationId}-count ${motivationId}-error`,
    'data-focus-key': 'propose-motivation',
  });
  motivation.value = props.drafts.get(motivationKey) ?? '';

  const fields = [
    { field: title, id: titleId, key: titleKey, max: THREAD_TITLE_MAX_BYTES },
    { field: motivation, id: motivationId, key: motivationKey, max: REASON_MAX_BYTES },
  ].map((spec) => {
    const count = h('p', { class: 'char-count', id: `${spec.id}-count` });
    const error = h('div', { class: 'field-error', id: `${spec.id}-error`, role: 'alert' });
    const update = trackLength(spec.field, count, spec.max, lang, props.announce);
    const showError = (message: string | null): void => {
      error.replaceChildren(message === null ? '' : h('p', {}, message));
      if (message === null) spec.field.removeAttribute('aria-invalid');
      else spec.field.setAttribute('aria-invalid', 'true');
    };
    spec.field.addEventListener('input', () => {
      if (spec.field.value === '') props.drafts.delete(spec.key);
      else props.drafts.set(spec.key, spec.field.value);
      if (update().kind !== 'over' && error.childElementCount > 0) showError(null);
    });
    return { ...spec, count, error, update, showError };
  });
  const [titleField, motivationField] = fields as [(typeof fields)[0], (typeof fields)[0]];

  const submit = h(
    'button',
    { type: 'submit', class: 'button-primary' },
    t(lang, 'propose.submit'),
  );
  const form = h(
    'form',
    { class: 'propose-form', novalidate: true },
    h('p', { class: 'hint' }, t(lang, 'propose.hint')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: titleId }, t(lang, 'propose.title')),
      title,
      titleField.count,
      titleField.error,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: motivationId }, t(lang, 'propose.motivation')),
      motivation,
      motivationField.count,
      motivationField.error,
    ),
    h('div', { class: 'form-buttons' }, submit),
    renderStatusBox(props.status, PROPOSE_STATUS_KEY),
  );
  let busy = false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy) return;
    for (const spec of fields) spec.showError(null);
    if (isBlank(title.value)) {
      titleField.showError(t(lang, 'propose.titleMissing'));
      title.focus();
      return;
    }
    for (const spec of fields) {
      if (utf8Length(spec.field.value) > spec.max) {
        spec.showError(tooLongText(lang, spec.field.value, spec.max));
        spec.field.focus();
        return;
      }
    }
    const proposed = { title: title.value, motivation: motivation.value };
    busy = true;
    submit.disabled = true;
    props.propose(proposed.title, proposed.motivation).then(
      (threadId) => {
        busy = false;
        submit.disabled = false;
        props.drafts.delete(titleKey);
        props.drafts.delete(motivationKey);
        title.value = '';
        motivation.value = '';
        for (const spec of fields) spec.update();
        props.setStatus({
          text: t(lang, 'propose.done', { title: proposed.title }),
          error: false,
          link: { href: threadHref(props.roundId, threadId), text: t(lang, 'propose.show') },
        });
      },
      (failure: unknown) => {
        busy = false;
        submit.disabled = false;
        props.setStatus({ text: messageForError(failure, lang), error: true });
      },
    );
  });
  return h(
    'section',
    { class: 'propose-item', 'aria-labelledby': `${base}-heading` },
    h('h3', { id: `${base}-heading` }, t(lang, 'propose.heading')),
    form,
  );
}
