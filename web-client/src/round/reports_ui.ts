// The secretariat's queue of reports on a round's posts (its moderation stream): each waiting
// report says which post (with a link to it, where it can be hidden), who reported it, when and
// why, and can be dismissed with a note; those dealt with are listed below, folded away.

import { h } from '../ui/dom';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { REASON_MAX_BYTES } from '../protocol/limits';
import { postHref } from '../app/router';
import { openForm, type FormSpec } from './action_form_ui';
import {
  openReports,
  resolvedReports,
  type ModerationData,
  type ReportData,
} from './moderation_data';
import type { ThreadsData } from './round_data';

export interface ReportsProps {
  lang: Lang;
  roundId: number;
  moderation: ModerationData;
  // The round's main stream, for the reported posts' authors and threads.
  data: ThreadsData;
  dismiss: (reportId: number, note: string) => Promise<void>;
  announce: (message: string) => void;
  // Half-written notes, kept by the app: a report arriving meanwhile redraws the queue, and the
  // form is open again with its text.
  drafts: Map<string, string>;
}

export function renderReports(props: ReportsProps): HTMLElement {
  const { lang, moderation } = props;
  const waiting = openReports(moderation);
  const done = resolvedReports(moderation);
  const section = h(
    'section',
    { class: 'reports', 'aria-labelledby': 'reports-heading' },
    h(
      'h2',
      { id: 'reports-heading', 'data-anchor-key': 'reports' },
      t(lang, 'reports.heading'),
      ' ',
      h('span', { class: 'count-badge' }, String(waiting.length)),
    ),
  );
  if (moderation.accessEnded !== null) {
    section.append(h('p', {}, t(lang, 'reports.unavailable')));
    return section;
  }
  if (waiting.length === 0) {
    section.append(h('p', { class: 'empty' }, t(lang, 'reports.none')));
  } else {
    section.append(
      h(
        'ul',
        { class: 'report-list' },
        ...waiting.map((report) => renderOpenReport(props, report)),
      ),
    );
  }
  if (done.length > 0) {
    section.append(
      h(
        'details',
        { class: 'reports-done' },
        h('summary', {}, t(lang, 'reports.done', { count: done.length })),
        h('ul', { class: 'report-list' }, ...done.map((report) => renderDone(props, report))),
      ),
    );
  }
  return section;
}

// "Anmälan om inlägget av Per Holm i tråden …": the post's link, and the report's facts.
function describe(props: ReportsProps, report: ReportData): HTMLElement[] {
  const { lang, data } = props;
  const post = data.posts.get(report.postId);
  const thread = data.threads.get(report.threadId);
  return [
    h(
      'p',
      { class: 'report-post' },
      h(
        'a',
        { href: postHref(props.roundId, report.postId) },
        t(lang, 'reports.about', { name: post?.author.name ?? '?' }),
      ),
      thread ? ` ${t(lang, 'reports.inThread')} ` : null,
      thread ? h('span', { lang: CONTENT_LANG }, thread.title) : null,
    ),
    h('p', { class: 'report-reason', lang: CONTENT_LANG }, report.reason),
    h(
      'p',
      { class: 'report-meta' },
      t(lang, 'reports.by', {
        name: report.reporter.name,
        org: report.reporter.organisation.name,
        time: formatDateTime(lang, report.at),
      }),
    ),
  ];
}

function renderOpenReport(props: ReportsProps, report: ReportData): HTMLElement {
  const { lang } = props;
  const slot = h('div', { class: 'post-action-slot' });
  const dismiss = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      'aria-expanded': 'false',
      'data-focus-key': `dismiss-${report.id}`,
    },
    t(lang, 'reports.dismiss'),
  );
  const spec: FormSpec = {
    draftKey: `dismiss:${props.roundId}:${report.id}`,
    drafts: props.drafts,
    lang,
    label: t(lang, 'reports.noteLabel'),
    submitText: t(lang, 'reports.dismissSubmit'),
    maxBytes: REASON_MAX_BYTES,
    initialText: '',
    preview: false,
    allowBlank: true,
    submit: async (note) => {
      await props.dismiss(report.id, note);
      props.announce(t(lang, 'reports.dismissed'));
    },
    announce: props.announce,
  };
  dismiss.addEventListener('click', () => openForm(slot, dismiss, spec));
  if (props.drafts.get(spec.draftKey)) openForm(slot, dismiss, spec, false);
  return h(
    'li',
    { class: 'report' },
    ...describe(props, report),
    h('div', { class: 'post-actions' }, dismiss),
    slot,
  );
}

function renderDone(props: ReportsProps, report: ReportData): HTMLElement {
  const { lang } = props;
  const resolution = report.resolution;
  return h(
    'li',
    { class: 'report report-done' },
    ...describe(props, report),
    resolution
      ? h(
          'p',
          { class: 'report-outcome' },
          t(lang, resolution.outcome === 'hidden' ? 'reports.wasHidden' : 'reports.wasDismissed', {
            name: resolution.by.name,
            time: formatDateTime(lang, resolution.at),
          }),
          resolution.note ? ` ${t(lang, 'reports.note', { note: resolution.note })}` : '',
        )
      : null,
  );
}
