// "Ny samrådsrunda": the secretariat's form for a new consultation round. Title, kind, sectors,
// invited organisations (grouped by side), opening and closing time, the proposal in Markdown
// with a preview, and the first agenda questions. The round is created as a draft that only the
// secretariat sees until it is opened on the round page. The form checks what it can before
// sending; the server checks everything again and its refusals are shown at the top.

import { h, uniqueId } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { fromLocalInput } from '../ui/local_time';
import { roundKindName, sectorName, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { errorMessage, messageForError } from '../protocol/errors';
import { checkText, THREAD_TITLE_MAX_BYTES } from '../protocol/limits';
import {
  ROUND_KINDS,
  SECTORS,
  type CreateRoundRequest,
  type Organisation,
  type RoundKind,
  type Sector,
  type Side,
} from '../protocol/messages';

export type OrganisationsList =
  | { status: 'loading' }
  | { status: 'loaded'; organisations: Organisation[] }
  | { status: 'failed'; code: string };

export interface NewRoundProps {
  lang: Lang;
  organisations: OrganisationsList;
  onRetry: () => void;
  // Sends create_round; resolves with the new round's id (the app then shows that round).
  create: (request: CreateRoundRequest) => Promise<number>;
}

const MAX_AGENDA_ITEMS = 50;
const SIDE_ORDER: Side[] = ['state', 'municipal', 'neutral'];

// Organisations in the alphabetical order of the interface's language (Å, Ä, Ö last in
// Swedish), which the server's byte order does not give.
export function sortedByName(organisations: Organisation[], lang: Lang): Organisation[] {
  const collator = new Intl.Collator(lang === 'sv' ? 'sv' : 'en');
  return [...organisations].sort((a, b) => collator.compare(a.name, b.name));
}

// What the form found wrong, field by field: the message and the control to move focus to.
interface Problem {
  message: string;
  control: HTMLElement;
}

export function renderNewRound(main: HTMLElement, props: NewRoundProps): HTMLElement {
  const { lang } = props;
  document.title = `${t(lang, 'newRound.title')} – ${t(lang, 'app.name')}`;
  const heading = h('h1', { tabindex: '-1' }, t(lang, 'newRound.title'));
  const back = h('p', { class: 'back-link' }, h('a', { href: '#/' }, t(lang, 'round.back')));
  const intro = h('p', { class: 'lead' }, t(lang, 'newRound.intro'));

  if (props.organisations.status !== 'loaded') {
    let body: HTMLElement;
    if (props.organisations.status === 'loading') {
      body = h('p', { class: 'loading' }, t(lang, 'newRound.loadingOrganisations'));
    } else {
      const retry = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        t(lang, 'action.retry'),
      );
      retry.addEventListener('click', props.onRetry);
      body = h(
        'div',
        { class: 'form-error' },
        h('p', {}, errorMessage(props.organisations.code, lang)),
        retry,
      );
    }
    main.replaceChildren(back, heading, intro, body);
    return heading;
  }
  const organisations = sortedByName(props.organisations.organisations, lang);

  const base = uniqueId('new-round');
  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1' });

  // Title.
  const titleId = `${base}-title`;
  const titleError = h('div', { class: 'field-error', id: `${titleId}-error` });
  const title = h('input', {
    id: titleId,
    name: 'title',
    type: 'text',
    autocomplete: 'off',
    lang: CONTENT_LANG,
    'aria-describedby': `${titleId}-error`,
  });
  // A fixed title is no longer wrong: its message goes as the person types.
  title.addEventListener('input', () => {
    if (checkText(title.value, THREAD_TITLE_MAX_BYTES) === null) {
      titleError.replaceChildren();
      title.removeAttribute('aria-invalid');
    }
  });

  // Kind.
  const kindInputs = new Map<RoundKind, HTMLInputElement>();
  const kindFieldset = h(
    'fieldset',
    { class: 'choice-group' },
    h('legend', {}, t(lang, 'newRound.kind')),
    ...ROUND_KINDS.map((kind) => {
      const id = `${base}-kind-${kind}`;
      const input = h('input', { id, name: 'kind', type: 'radio', value: kind });
      input.checked = kind === 'plenary';
      kindInputs.set(kind, input);
      return h(
        'div',
        { class: 'choice' },
        input,
        h(
          'label',
          { for: id },
          roundKindName(lang, kind),
          h('span', { class: 'choice-hint' }, t(lang, `newRound.kind.${kind}.hint`)),
        ),
      );
    }),
  );

  // Sectors.
  const sectorInputs = new Map<Sector, HTMLInputElement>();
  const sectorFieldset = h(
    'fieldset',
    { class: 'choice-group' },
    h('legend', {}, t(lang, 'newRound.sectors')),
    ...SECTORS.map((sector) => {
      const id = `${base}-sector-${sector}`;
      const input = h('input', { id, name: 'sectors', type: 'checkbox', value: sector });
      sectorInputs.set(sector, input);
      return h(
        'div',
        { class: 'choice' },
        input,
        h('label', { for: id }, sectorName(lang, sector)),
      );
    }),
  );

  // Invited organisations, grouped by the side they speak for.
  const invitedInputs = new Map<number, HTMLInputElement>();
  const invitedErrorId = `${base}-invited-error`;
  const invitedError = h('div', { class: 'field-error', id: invitedErrorId });
  const invitedFieldset = h(
    'fieldset',
    { class: 'choice-group invited-choice', 'aria-describedby': invitedErrorId },
    h('legend', {}, t(lang, 'newRound.invited')),
    h('p', { class: 'hint' }, t(lang, 'newRound.invited.hint')),
    ...SIDE_ORDER.map((side) => {
      const members = organisations.filter((org) => org.side === side);
      if (members.length === 0) return null;
      return h(
        'fieldset',
        { class: 'choice-subgroup' },
        h('legend', {}, t(lang, `side.${side}`)),
        ...members.map((org) => {
          const id = `${base}-org-${org.id}`;
          const input = h('input', { id, name: 'invited', type: 'checkbox', value: org.id });
          invitedInputs.set(org.id, input);
          return h('div', { class: 'choice' }, input, h('label', { for: id }, org.name));
        }),
      );
    }),
    invitedError,
  );

  // Schedule.
  const opensId = `${base}-opens`;
  const closesId = `${base}-closes`;
  const scheduleErrorId = `${base}-schedule-error`;
  const scheduleError = h('div', { class: 'field-error', id: scheduleErrorId });
  const opens = h('input', {
    id: opensId,
    name: 'opens_at',
    type: 'datetime-local',
    'aria-describedby': scheduleErrorId,
  });
  const closes = h('input', {
    id: closesId,
    name: 'closes_at',
    type: 'datetime-local',
    'aria-describedby': `${base}-closes-hint ${scheduleErrorId}`,
  });
  const scheduleFieldset = h(
    'fieldset',
    { class: 'schedule' },
    h('legend', {}, t(lang, 'newRound.schedule')),
    h('div', { class: 'field' }, h('label', { for: opensId }, t(lang, 'schedule.opensAt')), opens),
    h(
      'div',
      { class: 'field' },
      h('label', { for: closesId }, t(lang, 'schedule.closesAt')),
      h('p', { class: 'hint', id: `${base}-closes-hint` }, t(lang, 'schedule.closesAt.hint')),
      closes,
    ),
    scheduleError,
  );

  // The proposal, with a preview of how it will look.
  const proposalId = `${base}-proposal`;
  const proposal = h('textarea', {
    id: proposalId,
    name: 'proposal',
    rows: 12,
    lang: CONTENT_LANG,
    'aria-describedby': `${proposalId}-hint`,
  });
  const previewToggle = h(
    'button',
    { type: 'button', class: 'button-secondary', 'aria-expanded': 'false' },
    t(lang, 'newRound.preview.show'),
  );
  const preview = h('div', {
    class: 'markdown proposal-text proposal-preview',
    hidden: true,
    lang: CONTENT_LANG,
  });
  const markdownOptions = { tableLabel: t(lang, 'markdown.table') };
  previewToggle.addEventListener('click', () => {
    const open = preview.hidden;
    preview.hidden = !open;
    previewToggle.setAttribute('aria-expanded', String(open));
    previewToggle.textContent = t(lang, open ? 'newRound.preview.hide' : 'newRound.preview.show');
    if (open) {
      if (proposal.value.trim() === '') {
        preview.replaceChildren(h('p', { class: 'empty' }, t(lang, 'newRound.preview.empty')));
      } else {
        setMarkdown(preview, proposal.value, 2, markdownOptions);
      }
    }
  });
  proposal.addEventListener('input', () => {
    if (!preview.hidden) setMarkdown(preview, proposal.value, 2, markdownOptions);
  });

  // The first agenda questions, one per line.
  const agendaId = `${base}-agenda`;
  const agendaError = h('div', { class: 'field-error', id: `${agendaId}-error` });
  const agenda = h('textarea', {
    id: agendaId,
    name: 'agenda',
    rows: 4,
    lang: CONTENT_LANG,
    'aria-describedby': `${agendaId}-hint ${agendaId}-error`,
  });

  const submit = h(
    'button',
    { type: 'submit', class: 'button-primary' },
    t(lang, 'newRound.submit'),
  );
  const form = h(
    'form',
    { class: 'round-form', novalidate: true },
    summary,
    h(
      'div',
      { class: 'field' },
      h('label', { for: titleId }, t(lang, 'newRound.titleLabel')),
      title,
      titleError,
    ),
    kindFieldset,
    sectorFieldset,
    invitedFieldset,
    scheduleFieldset,
    h(
      'div',
      { class: 'field' },
      h('label', { for: proposalId }, t(lang, 'newRound.proposal')),
      h('p', { class: 'hint', id: `${proposalId}-hint` }, t(lang, 'newRound.proposal.hint')),
      proposal,
      h('div', { class: 'form-buttons' }, previewToggle),
      preview,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: agendaId }, t(lang, 'newRound.agenda')),
      h('p', { class: 'hint', id: `${agendaId}-hint` }, t(lang, 'newRound.agenda.hint')),
      agenda,
      agendaError,
    ),
    h(
      'div',
      { class: 'form-buttons' },
      submit,
      h('a', { href: '#/', class: 'button-secondary' }, t(lang, 'composer.cancel')),
    ),
  );

  const setError = (
    box: HTMLElement,
    control: HTMLElement | null,
    message: string | null,
  ): void => {
    box.replaceChildren(...(message === null ? [] : [h('p', {}, message)]));
    if (control) {
      if (message === null) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    }
  };

  // Reads the form into a request, or lists what must be fixed first.
  const read = (): { request: CreateRoundRequest } | { problems: Problem[] } => {
    const problems: Problem[] = [];
    const titleProblem = checkText(title.value, THREAD_TITLE_MAX_BYTES);
    const titleMessage =
      titleProblem === 'blank'
        ? t(lang, 'newRound.error.titleBlank')
        : titleProblem === 'too_long'
          ? t(lang, 'newRound.error.titleTooLong')
          : null;
    setError(titleError, title, titleMessage);
    if (titleMessage) problems.push({ message: titleMessage, control: title });

    const kind = ROUND_KINDS.find((k) => kindInputs.get(k)?.checked) ?? 'plenary';
    const invited = organisations.filter((org) => invitedInputs.get(org.id)?.checked);
    const ministries = invited.filter((org) => org.kind === 'ministry').length;
    const invitedMessage =
      kind === 'bilateral' && ministries !== 1 ? t(lang, 'newRound.error.bilateral') : null;
    setError(invitedError, null, invitedMessage);
    if (invitedMessage) {
      const first = invitedFieldset.querySelector<HTMLInputElement>('input');
      problems.push({ message: invitedMessage, control: first ?? invitedFieldset });
    }

    const opensAt = fromLocalInput(opens.value);
    const closesAt = fromLocalInput(closes.value);
    let scheduleMessage: string | null = null;
    let scheduleControl: HTMLElement = opens;
    if (opensAt === undefined) {
      scheduleMessage = t(lang, 'schedule.error.invalid');
    } else if (closesAt === undefined) {
      scheduleMessage = t(lang, 'schedule.error.invalid');
      scheduleControl = closes;
    } else if (closesAt !== null && Date.parse(closesAt) <= Date.now()) {
      scheduleMessage = t(lang, 'schedule.error.closesPassed');
      scheduleControl = closes;
    } else if (opensAt !== null && closesAt !== null && closesAt <= opensAt) {
      scheduleMessage = t(lang, 'schedule.error.closesBeforeOpens');
      scheduleControl = closes;
    }
    setError(scheduleError, null, scheduleMessage);
    opens.toggleAttribute('aria-invalid', scheduleMessage !== null && scheduleControl === opens);
    closes.toggleAttribute('aria-invalid', scheduleMessage !== null && scheduleControl === closes);
    if (scheduleMessage) problems.push({ message: scheduleMessage, control: scheduleControl });

    const items = agenda.value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    let agendaMessage: string | null = null;
    if (items.length > MAX_AGENDA_ITEMS) {
      agendaMessage = t(lang, 'newRound.error.agendaTooMany', { max: MAX_AGENDA_ITEMS });
    } else if (items.some((item) => checkText(item, THREAD_TITLE_MAX_BYTES) !== null)) {
      agendaMessage = t(lang, 'newRound.error.agendaTooLong');
    }
    setError(agendaError, agenda, agendaMessage);
    if (agendaMessage) problems.push({ message: agendaMessage, control: agenda });

    if (problems.length > 0) return { problems };
    return {
      request: {
        type: 'create_round',
        title: title.value.trim(),
        proposal: proposal.value,
        kind,
        sectors: SECTORS.filter((sector) => sectorInputs.get(sector)?.checked),
        invited: invited.map((org) => org.id),
        opens_at: opensAt ?? null,
        closes_at: closesAt ?? null,
        agenda: items,
      },
    };
  };

  const showSummary = (messages: string[]): void => {
    summary.replaceChildren(
      ...(messages.length === 0
        ? []
        : [
            h('p', {}, t(lang, 'newRound.error.summary')),
            h('ul', {}, ...messages.map((message) => h('li', {}, message))),
          ]),
    );
  };

  let busy = false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy) return;
    const result = read();
    if ('problems' in result) {
      showSummary(result.problems.map((problem) => problem.message));
      result.problems[0]?.control.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t(lang, 'composer.sending');
    showSummary([]);
    props.create(result.request).then(
      () => {
        // The app moves on to the new round; nothing more to do here.
      },
      (failure: unknown) => {
        busy = false;
        submit.disabled = false;
        submit.textContent = t(lang, 'newRound.submit');
        showSummary([messageForError(failure, lang)]);
        summary.focus();
      },
    );
  });

  main.replaceChildren(back, heading, intro, form);
  return heading;
}
