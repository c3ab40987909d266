// "Exportera": anyone logged in chooses rounds by phase, sector and the days they were created,
// sees which rounds the choice holds, and downloads the decided ones in bulk (positions and the
// state's responses as CSV for a Swedish spreadsheet, the decision records with their proofs as
// JSON). The links carry the same query as the list, so what is listed is what is downloaded;
// the server authorises every round in them.

import type { Lang } from '../i18n/lang';
import { et, type ExportStringKey } from '../i18n/export_strings';
import { formatDateTime, phaseName, sectorName, t } from '../i18n/strings';
import { roundHref } from '../app/router';
import { messageForError } from '../protocol/errors';
import { PHASES, SECTORS, type Phase, type Sector } from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { statusBox } from '../admin/account_parts';
import type * as exportsApi from './exports_api';
import type { ExportRound } from './exports_api';
import {
  BULK_FILES,
  bulkHref,
  exportQuery,
  filterProblem,
  NO_FILTERS,
  type ExportFilters,
} from './exports_data';

export interface ExportPageProps {
  lang: Lang;
  api: Pick<typeof exportsApi, 'listExportRounds'>;
  announce: (message: string) => void;
}

// The choice survives the language being switched (which draws the page anew) in this tab.
let remembered: ExportFilters = NO_FILTERS;

export class ExportPage {
  readonly heading: HTMLElement;
  private readonly base = uniqueId('export');
  private readonly resultSlot = h('div', { class: 'export-result' });
  private readonly statusSlot = h('div', { class: 'status-slot' });
  private filters: ExportFilters = remembered;
  private rounds: ExportRound[] | null = null;

  constructor(
    main: HTMLElement,
    private readonly props: ExportPageProps,
  ) {
    const { lang } = props;
    document.title = `${et(lang, 'export.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, et(lang, 'export.title'));
    main.replaceChildren(
      this.heading,
      h('p', { class: 'lead' }, et(lang, 'export.intro')),
      this.renderForm(),
      this.statusSlot,
      this.resultSlot,
    );
    void this.load(false);
  }

  private renderForm(): HTMLFormElement {
    const { lang } = this.props;
    const id = (name: string) => `${this.base}-${name}`;
    const choice = <T extends string>(
      name: string,
      label: ExportStringKey,
      all: ExportStringKey,
      values: readonly T[],
      nameOf: (value: T) => string,
      chosen: T | null,
    ) => {
      const select = h(
        'select',
        { id: id(name) },
        h('option', { value: '' }, et(lang, all)),
        ...values.map((value) => h('option', { value }, nameOf(value))),
      );
      select.value = chosen ?? '';
      return {
        select,
        field: h('div', { class: 'field' }, h('label', { for: id(name) }, et(lang, label)), select),
      };
    };
    const phase = choice<Phase>(
      'phase',
      'export.phase',
      'export.phaseAll',
      PHASES,
      (value) => phaseName(lang, value),
      this.filters.phase,
    );
    const sector = choice<Sector>(
      'sector',
      'export.sector',
      'export.sectorAll',
      SECTORS,
      (value) => sectorName(lang, value),
      this.filters.sector,
    );
    const day = (name: 'from' | 'to', value: string) => {
      const error = h('p', { class: 'field-error', id: id(`${name}-error`), hidden: true });
      const input = h('input', {
        type: 'date',
        id: id(name),
        'aria-describedby': `${id('day-hint')} ${id(`${name}-error`)}`,
      });
      input.value = value;
      input.addEventListener('input', () => {
        error.hidden = true;
        input.removeAttribute('aria-invalid');
      });
      return {
        input,
        error,
        field: h(
          'div',
          { class: 'field' },
          h('label', { for: id(name) }, et(lang, name === 'from' ? 'export.from' : 'export.to')),
          input,
          error,
        ),
      };
    };
    const from = day('from', this.filters.fromDay);
    const to = day('to', this.filters.toDay);
    const form = h(
      'form',
      { class: 'export-form', novalidate: '' },
      h(
        'fieldset',
        {},
        h('legend', {}, et(lang, 'export.filters')),
        h('div', { class: 'export-fields' }, phase.field, sector.field, from.field, to.field),
        h('p', { class: 'hint', id: id('day-hint') }, et(lang, 'export.dayHint')),
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button-primary' }, et(lang, 'export.show')),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const filters: ExportFilters = {
        phase: PHASES.find((value) => value === phase.select.value) ?? null,
        sector: SECTORS.find((value) => value === sector.select.value) ?? null,
        fromDay: from.input.value,
        toDay: to.input.value,
      };
      const problem = filterProblem(filters);
      if (problem) {
        const target = problem === 'from_day' ? from : to;
        target.error.textContent = et(lang, `export.problem.${problem}`);
        target.error.hidden = false;
        target.input.setAttribute('aria-invalid', 'true');
        target.input.focus();
        return;
      }
      this.filters = filters;
      remembered = filters;
      void this.load(true);
    });
    return form;
  }

  private async load(announce: boolean): Promise<void> {
    const { lang } = this.props;
    const filters = this.filters;
    // Said once, politely, by the page's announcer; the line here is for the eye.
    this.statusSlot.replaceChildren(h('p', {}, et(lang, 'export.loading')));
    try {
      const rounds = await this.props.api.listExportRounds(exportQuery(filters));
      if (filters !== this.filters) return; // a newer choice is on its way
      this.rounds = rounds;
      const count = countText(lang, rounds);
      this.statusSlot.replaceChildren(h('p', { class: 'export-count' }, count));
      if (announce) this.props.announce(count);
      this.renderResult();
    } catch (failure) {
      this.statusSlot.replaceChildren(
        statusBox({ text: messageForError(failure, lang), error: true }, `${this.base}-status`),
      );
    }
  }

  private renderResult(): void {
    const { lang } = this.props;
    const rounds = this.rounds ?? [];
    const decided = rounds.some((round) => round.phase === 'decided');
    const filesHeading = uniqueId('export-files');
    const roundsHeading = uniqueId('export-rounds');
    this.resultSlot.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': filesHeading },
        h('h2', { id: filesHeading }, et(lang, 'export.files')),
        h('p', { class: 'hint' }, et(lang, decided ? 'export.filesHint' : 'export.filesEmpty')),
        h(
          'ul',
          { class: 'record-exports' },
          ...BULK_FILES.map((file) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: bulkHref(file, this.filters), download: '' },
                et(lang, `export.file.${file}`),
              ),
            ),
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': roundsHeading },
        h('h2', { id: roundsHeading }, et(lang, 'export.rounds')),
        rounds.length === 0
          ? h('p', {}, et(lang, 'export.roundsNone'))
          : h(
              'table',
              { class: 'data-table cards-on-phone' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, et(lang, 'export.column.title')),
                  h('th', { scope: 'col' }, et(lang, 'export.column.phase')),
                  h('th', { scope: 'col' }, et(lang, 'export.column.created')),
                ),
              ),
              h(
                'tbody',
                {},
                ...rounds.map((round) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, h('a', { href: roundHref(round.id) }, round.title)),
                    h(
                      'td',
                      { 'data-label': et(lang, 'export.column.phase') },
                      phaseName(lang, round.phase),
                    ),
                    h(
                      'td',
                      { 'data-label': et(lang, 'export.column.created') },
                      formatDateTime(lang, round.created_at),
                    ),
                  ),
                ),
              ),
            ),
      ),
    );
  }
}

// "3 rundor i urvalet, varav 1 beslutad." in the person's language.
function countText(lang: Lang, rounds: ExportRound[]): string {
  if (rounds.length === 0) return et(lang, 'export.count.none');
  const decided = rounds.filter((round) => round.phase === 'decided').length;
  const decidedText = et(lang, decided === 1 ? 'export.decided.one' : 'export.decided.many', {
    decided,
  });
  return et(lang, rounds.length === 1 ? 'export.count.one' : 'export.count.many', {
    count: rounds.length,
    decided: decidedText,
  });
}
