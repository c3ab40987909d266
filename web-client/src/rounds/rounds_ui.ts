// "Mina samrådsrundor": the rounds the person can see, each with its title, phase, kind,
// sectors and closing time; the secretariat also gets the way to start a new round.

import { h } from '../ui/dom';
import {
  formatDateTime,
  phaseName,
  preparingText,
  roundKindName,
  sectorName,
  t,
} from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { errorMessage } from '../protocol/errors';
import type { PreparationStream } from '../protocol/messages';
import { sortRounds, type RoundsList } from './rounds_data';

export interface RoundsProps {
  lang: Lang;
  list: RoundsList;
  onRetry: () => void;
  // The secretariat and admins may start rounds.
  canCreate: boolean;
}

export function renderRounds(main: HTMLElement, props: RoundsProps): HTMLElement {
  const { lang, list } = props;
  document.title = `${t(lang, 'rounds.title')} – ${t(lang, 'app.name')}`;
  const heading = h('h1', { tabindex: '-1' }, t(lang, 'rounds.title'));
  let body: HTMLElement;
  switch (list.status) {
    case 'idle':
    case 'loading':
      body = h('p', { class: 'loading' }, t(lang, 'rounds.loading'));
      break;
    case 'failed': {
      const retry = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        t(lang, 'action.retry'),
      );
      retry.addEventListener('click', props.onRetry);
      body = h('div', { class: 'form-error' }, h('p', {}, errorMessage(list.code, lang)), retry);
      break;
    }
    case 'loaded':
      body =
        list.rounds.length === 0
          ? h('p', {}, t(lang, 'rounds.empty'))
          : h(
              'ul',
              { class: 'round-list' },
              ...sortRounds(list.rounds).map((round) =>
                h(
                  'li',
                  { class: 'round-card' },
                  h(
                    'h2',
                    { lang: CONTENT_LANG },
                    h('a', { href: `#/rounds/${round.id}` }, round.title),
                  ),
                  h(
                    'dl',
                    { class: 'round-facts' },
                    h('dt', {}, t(lang, 'rounds.phase')),
                    h(
                      'dd',
                      {},
                      h(
                        'span',
                        { class: `phase phase-${round.phase}` },
                        phaseName(lang, round.phase),
                      ),
                    ),
                    h('dt', {}, t(lang, 'rounds.kind')),
                    h('dd', {}, roundKindName(lang, round.kind)),
                    round.sectors.length > 0 ? h('dt', {}, t(lang, 'rounds.sectors')) : null,
                    round.sectors.length > 0
                      ? h(
                          'dd',
                          {},
                          round.sectors.map((sector) => sectorName(lang, sector)).join(', '),
                        )
                      : null,
                    round.closes_at !== null ? h('dt', {}, t(lang, 'schedule.closesAt')) : null,
                    round.closes_at !== null
                      ? h(
                          'dd',
                          {},
                          h(
                            'time',
                            { datetime: round.closes_at },
                            formatDateTime(lang, round.closes_at),
                          ),
                        )
                      : null,
                    ...preparingFacts(lang, round.preparation_streams),
                    h('dt', {}, t(lang, 'rounds.created')),
                    h(
                      'dd',
                      {},
                      h(
                        'time',
                        { datetime: round.created_at },
                        formatDateTime(lang, round.created_at),
                      ),
                    ),
                  ),
                ),
              ),
            );
      break;
  }
  const create = props.canCreate
    ? h(
        'p',
        { class: 'page-actions' },
        h('a', { href: '#/rounds/new', class: 'button-primary' }, t(lang, 'rounds.new')),
      )
    : null;
  main.replaceChildren(
    heading,
    h('p', { class: 'lead' }, t(lang, 'rounds.intro')),
    ...(create ? [create] : []),
    body,
  );
  return heading;
}

// "Förberedelser: Kommunsektorn förbereder sig": that a side prepares, never what it writes.
export function preparingFacts(lang: Lang, streams: readonly PreparationStream[]): HTMLElement[] {
  const text = preparingText(lang, streams);
  return text === null ? [] : [h('dt', {}, t(lang, 'prep.preparing')), h('dd', {}, text)];
}
