// "Styr samrådsrundan": the secretariat's controls on the round page. The next phase (with a
// confirmation step, since a phase is never undone), the opening and closing time, and the
// invited organisations (withdraw one, invite another). Every change goes to the server, which
// decides; the round page redraws from the events that come back, and this panel says what
// happened right where the person clicked.

import { h, uniqueId } from '../ui/dom';
import { fromLocalInput, localInputValue } from '../ui/local_time';
import { phaseName, t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import { messageForError } from '../protocol/errors';
import type { Organisation, Phase } from '../protocol/messages';
import { nextPhase } from '../session/session_data';
import { sortedByName } from '../rounds/new_round_ui';
import type { RoundInfo } from './round_data';

export interface RoundAdminActions {
  changePhase: (phase: Phase) => Promise<void>;
  setSchedule: (opensAt: string | null, closesAt: string | null) => Promise<void>;
  invite: (organisationId: number) => Promise<void>;
  withdraw: (organisationId: number) => Promise<void>;
}

export interface RoundAdminProps {
  lang: Lang;
  info: RoundInfo;
  // Every organisation, for inviting; null while the list is not loaded.
  organisations: Organisation[] | null;
  actions: RoundAdminActions;
  // The outcome of the last action, kept by the view across redraws: shown in the panel.
  status: { text: string; error: boolean } | null;
  setStatus: (status: { text: string; error: boolean } | null) => void;
}

export function renderRoundAdmin(props: RoundAdminProps): HTMLElement {
  const { lang } = props;
  const base = uniqueId('round-admin');
  const statusBox = h('div', {
    class: props.status?.error ? 'form-error' : 'action-status',
    role: props.status?.error ? 'alert' : 'status',
    tabindex: '-1',
    id: `${base}-status`,
  });
  if (props.status) statusBox.append(h('p', {}, props.status.text));

  // Runs an action, shows its outcome in the panel (which the round page keeps across the
  // redraw the resulting event causes) and puts focus there, since the clicked control may be
  // gone after the redraw.
  const run = (control: HTMLButtonElement, action: () => Promise<void>, done: string): void => {
    control.disabled = true;
    action().then(
      () => props.setStatus({ text: done, error: false }),
      (failure: unknown) => {
        control.disabled = false;
        props.setStatus({ text: messageForError(failure, lang), error: true });
      },
    );
  };

  return h(
    'section',
    { class: 'round-admin', 'aria-labelledby': `${base}-heading` },
    h('h2', { id: `${base}-heading` }, t(lang, 'admin.heading')),
    statusBox,
    renderPhase(props, base, run),
    renderSchedule(props, base, run),
    renderInvitations(props, base, run),
  );
}

type Run = (control: HTMLButtonElement, action: () => Promise<void>, done: string) => void;

function renderPhase(props: RoundAdminProps, base: string, run: Run): HTMLElement {
  const { lang, info } = props;
  const next = nextPhase(info.phase);
  const section = h(
    'div',
    { class: 'admin-part' },
    h('h3', {}, t(lang, 'admin.phase')),
    h('p', {}, t(lang, 'admin.phase.now', { phase: phaseName(lang, info.phase) })),
  );
  if (next === null) {
    section.append(h('p', {}, t(lang, 'admin.phase.final')));
    return section;
  }
  const explanationId = `${base}-phase-explanation`;
  const start = h(
    'button',
    { type: 'button', class: 'button-primary', 'aria-describedby': explanationId },
    t(lang, `admin.phase.to.${next}`),
  );
  const confirmArea = h('div', { class: 'confirm' });
  start.addEventListener('click', () => {
    const yes = h(
      'button',
      { type: 'button', class: 'button-primary' },
      t(lang, `admin.phase.confirm.${next}`),
    );
    const no = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      t(lang, 'composer.cancel'),
    );
    no.addEventListener('click', () => {
      confirmArea.replaceChildren();
      start.hidden = false;
      start.focus();
    });
    yes.addEventListener('click', () =>
      run(yes, () => props.actions.changePhase(next), t(lang, `admin.phase.done.${next}`)),
    );
    confirmArea.replaceChildren(
      h('p', { class: 'confirm-question' }, t(lang, `admin.phase.question.${next}`)),
      h('div', { class: 'form-buttons' }, yes, no),
    );
    start.hidden = true;
    yes.focus();
  });
  section.append(
    h('p', { class: 'hint', id: explanationId }, t(lang, `admin.phase.explain.${next}`)),
    start,
    confirmArea,
  );
  return section;
}

function renderSchedule(props: RoundAdminProps, base: string, run: Run): HTMLElement {
  const { lang, info } = props;
  const section = h('div', { class: 'admin-part' }, h('h3', {}, t(lang, 'admin.schedule')));
  if (info.phase !== 'draft' && info.phase !== 'open') {
    section.append(h('p', {}, t(lang, 'admin.schedule.fixed')));
    return section;
  }
  const opensId = `${base}-opens`;
  const closesId = `${base}-closes`;
  const errorId = `${base}-schedule-error`;
  const error = h('div', { class: 'field-error', id: errorId });
  const opens = h('input', {
    id: opensId,
    type: 'datetime-local',
    value: localInputValue(info.opensAt),
    'aria-describedby': errorId,
  });
  const closes = h('input', {
    id: closesId,
    type: 'datetime-local',
    value: localInputValue(info.closesAt),
    'aria-describedby': `${closesId}-hint ${errorId}`,
  });
  const save = h(
    'button',
    { type: 'submit', class: 'button-secondary' },
    t(lang, 'admin.schedule.save'),
  );
  const form = h(
    'form',
    { class: 'schedule-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: opensId }, t(lang, 'schedule.opensAt')), opens),
    h(
      'div',
      { class: 'field' },
      h('label', { for: closesId }, t(lang, 'schedule.closesAt')),
      h('p', { class: 'hint', id: `${closesId}-hint` }, t(lang, 'schedule.closesAt.hint')),
      closes,
    ),
    error,
    h('div', { class: 'form-buttons' }, save),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const opensAt = fromLocalInput(opens.value);
    const closesAt = fromLocalInput(closes.value);
    let message: string | null = null;
    if (opensAt === undefined || closesAt === undefined) {
      message = t(lang, 'schedule.error.invalid');
    } else if (closesAt !== null && Date.parse(closesAt) <= Date.now()) {
      message = t(lang, 'schedule.error.closesPassed');
    } else if (opensAt !== null && closesAt !== null && closesAt <= opensAt) {
      message = t(lang, 'schedule.error.closesBeforeOpens');
    }
    if (message !== null) {
      error.replaceChildren(h('p', {}, message));
      closes.setAttribute('aria-invalid', 'true');
      closes.focus();
      return;
    }
    run(
      save,
      () => props.actions.setSchedule(opensAt ?? null, closesAt ?? null),
      t(lang, 'admin.schedule.saved'),
    );
  });
  section.append(form);
  return section;
}

function renderInvitations(props: RoundAdminProps, base: string, run: Run): HTMLElement {
  const { lang, info } = props;
  const changeable = info.phase === 'draft' || info.phase === 'open';
  const section = h('div', { class: 'admin-part' }, h('h3', {}, t(lang, 'admin.invitations')));
  const list = h(
    'ul',
    { class: 'admin-invited' },
    ...info.invited.map((org) => {
      const item = h('li', {}, h('span', {}, org.name));
      if (info.phase !== 'decided') {
        const withdraw = h(
          'button',
          { type: 'button', class: 'link-button' },
          t(lang, 'admin.withdraw'),
          h('span', { class: 'visually-hidden' }, ` ${org.name}`),
        );
        withdraw.addEventListener('click', () =>
          run(
            withdraw,
            () => props.actions.withdraw(org.id),
            t(lang, 'admin.withdrawn', { org: org.name }),
          ),
        );
        item.append(' ', withdraw);
      }
      return item;
    }),
  );
  section.append(info.invited.length === 0 ? h('p', {}, t(lang, 'admin.noneInvited')) : list);
  if (!changeable) return section;
  if (props.organisations === null) {
    section.append(h('p', { class: 'loading' }, t(lang, 'newRound.loadingOrganisations')));
    return section;
  }
  const invitedIds = new Set(info.invited.map((org) => org.id));
  const candidates = sortedByName(props.organisations, lang).filter(
    (org) => !invitedIds.has(org.id),
  );
  if (candidates.length === 0) return section;
  const selectId = `${base}-invite`;
  const select = h(
    'select',
    { id: selectId },
    ...candidates.map((org) => h('option', { value: org.id }, org.name)),
  );
  const invite = h(
    'button',
    { type: 'submit', class: 'button-secondary' },
    t(lang, 'admin.invite'),
  );
  const form = h(
    'form',
    { class: 'invite-form', novalidate: true },
    h('label', { for: selectId }, t(lang, 'admin.invite.label')),
    h('div', { class: 'inline-fields' }, select, invite),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = Number(select.value);
    const org = candidates.find((candidate) => candidate.id === id);
    if (!org) return;
    run(invite, () => props.actions.invite(id), t(lang, 'admin.invited', { org: org.name }));
  });
  section.append(form);
  return section;
}
