// Small pure helpers: text limits as the protocol counts them (UTF-8 bytes; the blank rule has
// its own file, blank_rule.test.ts) and as people count them (characters), Markdown rendering
// without raw HTML, hash routes, language persistence, permissions.

import { describe, expect, it } from 'vitest';
import {
  parseRoute,
  postHref,
  postUrl,
  routeHref,
  threadHref,
} from '../../../web-client/src/app/router';
import { loadLang, saveLang } from '../../../web-client/src/i18n/lang';
import { t } from '../../../web-client/src/i18n/strings';
import {
  checkText,
  POST_BODY_MAX_BYTES,
  THREAD_TITLE_MAX_BYTES,
  utf8Length,
} from '../../../web-client/src/protocol/limits';
import type { Person } from '../../../web-client/src/protocol/messages';
import {
  canManageAgenda,
  canProposeAgendaItem,
  postRefusal,
} from '../../../web-client/src/session/session_data';
import { characterCount, lengthStatus } from '../../../web-client/src/ui/character_count';
import { renderMarkdown } from '../../../web-client/src/ui/markdown';

describe('text limits', () => {
  it('counts UTF-8 bytes like the server', () => {
    expect(utf8Length('å')).toBe(2);
    expect(utf8Length('👍')).toBe(4);
    expect(checkText('å'.repeat(150), THREAD_TITLE_MAX_BYTES)).toBeNull();
    expect(checkText('å'.repeat(151), THREAD_TITLE_MAX_BYTES)).toBe('too_long');
    expect(checkText('a'.repeat(POST_BODY_MAX_BYTES), POST_BODY_MAX_BYTES)).toBeNull();
    expect(checkText('a'.repeat(POST_BODY_MAX_BYTES + 1), POST_BODY_MAX_BYTES)).toBe('too_long');
  });

  it('reports a blank text before its length', () => {
    expect(checkText('  \n', 10)).toBe('blank');
    expect(checkText('\u00a0'.repeat(200), THREAD_TITLE_MAX_BYTES)).toBe('blank');
    expect(checkText(' x ', 10)).toBeNull();
  });
});

describe('characters shown to the person', () => {
  it('counts characters as people see them, not bytes', () => {
    expect(characterCount('åäö')).toBe(3);
    expect(characterCount('👍🏽 ok')).toBe(4); // an emoji with a skin tone is one character
    expect(characterCount('e\u0301')).toBe(1); // e + combining acute accent
  });

  it('says nothing far from the limit, how many more fit near it, and how many to remove over it', () => {
    expect(lengthStatus('a'.repeat(200), 300)).toEqual({ kind: 'ok', count: 200 });
    expect(lengthStatus('a'.repeat(250), 300)).toEqual({
      kind: 'near',
      count: 250,
      left: 50,
      approximate: false,
    });
    // Å takes two bytes: 125 of them fill 250 bytes; about 25 more of that kind fit.
    expect(lengthStatus('å'.repeat(125), 300)).toEqual({
      kind: 'near',
      count: 125,
      left: 25,
      approximate: true,
    });
    expect(lengthStatus('a'.repeat(300), 300)).toMatchObject({ kind: 'near', left: 0 });
    // "320 av högst 300 byte" becomes: remove 20 characters (exactly the ones over the limit).
    expect(lengthStatus('a'.repeat(320), 300)).toEqual({ kind: 'over', count: 320, over: 20 });
    // Removing one two-byte character from the end frees two bytes.
    expect(lengthStatus('a'.repeat(298) + 'åå', 300)).toEqual({
      kind: 'over',
      count: 300,
      over: 1,
    });
    const long = 'ord '.repeat(5001);
    expect(checkText(long, POST_BODY_MAX_BYTES)).toBe('too_long');
    expect(lengthStatus(long, POST_BODY_MAX_BYTES)).toEqual({
      kind: 'over',
      count: 20004,
      over: 4,
    });
  });
});

describe('markdown', () => {
  it('escapes raw HTML instead of rendering it', () => {
    const html = renderMarkdown('Hej <script>alert(1)</script> <img src=x onerror=alert(1)>', 2);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses javascript: links and marks links noopener noreferrer', () => {
    expect(renderMarkdown('[x](javascript:alert(1))', 2)).not.toContain('href');
    const html = renderMarkdown('[SKR](https://skr.se)', 2);
    expect(html).toContain('href="https://skr.se"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('keeps links only to web pages, mail addresses and this site (an allowlist of schemes)', () => {
    for (const unsafe of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'livescript:alert(1)',
      'vbscript:msgbox',
      'data:text/html;base64,PHA+',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/png;base64,iVBORw0KGgo=',
      'file:///etc/passwd',
      'blob:https://evil.example/1',
      'tel:+4611223344',
    ]) {
      const scheme = unsafe.slice(0, unsafe.indexOf(':') + 1);
      expect(renderMarkdown(`[x](${unsafe})`, 2).toLowerCase(), unsafe).not.toContain(
        `href="${scheme.toLowerCase()}`,
      );
    }
    // Hidden schemes become percent-encoded relative addresses, which no browser runs.
    for (const hidden of [
      'java&#9;script:alert(1)',
      'java&#x0A;script:alert(1)',
      '&#106;avascript:alert(1)',
    ]) {
      const html = renderMarkdown(`[x](${hidden})`, 2);
      expect(html, hidden).not.toMatch(/href="[a-z]*script:/i);
    }
    for (const [safe, href] of [
      ['https://skr.se/a?b=1#c', 'https://skr.se/a?b=1#c'],
      ['HTTP://skr.se', 'HTTP://skr.se'],
      ['mailto:kansli@skr.se', 'mailto:kansli@skr.se'],
      ['/rounds/1', '/rounds/1'],
      ['#trad-2', '#trad-2'],
      ['bilaga.pdf', 'bilaga.pdf'],
    ]) {
      expect(renderMarkdown(`[x](${safe})`, 2)).toContain(`href="${href}"`);
    }
  });

  it('does not load images', () => {
    expect(renderMarkdown('![spårning](https://evil.example/pixel.gif)', 2)).not.toContain('<img');
  });

  it('makes bare web addresses links, under the same safe-link rules', () => {
    const html = renderMarkdown(
      'Se https://www.regeringen.se/sou-201847/ och www.skr.se. Skriv till kansli@skr.se.',
      2,
    );
    expect(html).toContain(
      '<a href="https://www.regeringen.se/sou-201847/" rel="noopener noreferrer">',
    );
    expect(html).toContain('<a href="http://www.skr.se" rel="noopener noreferrer">www.skr.se</a>');
    expect(html).toContain('<a href="mailto:kansli@skr.se" rel="noopener noreferrer">');
    for (const unsafe of ['javascript:alert(1)', 'vbscript:msgbox', 'data:text/html;base64,PHA+']) {
      expect(renderMarkdown(`klicka ${unsafe} här`, 2)).not.toContain('href');
    }
    // Inside code a web address stays text.
    expect(renderMarkdown('`https://example.se`', 2)).not.toContain('<a');
  });

  it('aligns table columns with classes, not inline styles (the CSP refuses those)', () => {
    const html = renderMarkdown(
      '| Kommun | Bidrag |\n|:--|--:|\n| Kiruna | 12 |\n\n| a | b | c |\n|:-:|---|:-:|\n| 1 | 2 | 3 |',
      3,
      { tableLabel: 'Tabell' },
    );
    expect(html).not.toContain('style');
    expect(html).toContain('<th class="align-left">Kommun</th>');
    expect(html).toContain('<td class="align-right">12</td>');
    expect(html).toContain('<th class="align-center">a</th>');
    expect(html).toContain('<th>b</th>');
  });

  it('wraps a table in a labelled, focusable box that scrolls on narrow screens', () => {
    const html = renderMarkdown('| a |\n|---|\n| 1 |', 3, { tableLabel: 'Tabell "x" & <y>' });
    expect(html).toMatch(
      /^<div class="table-scroll" role="group" tabindex="0" aria-label="Tabell &quot;x&quot; &amp; &lt;y&gt;"><table>/,
    );
    expect(html.trim()).toMatch(/<\/table>\n?<\/div>$/);
  });

  it('shifts headings below the section they appear in', () => {
    expect(renderMarkdown('# Förslag\n\n## Del', 2)).toMatch(/<h3>Förslag<\/h3>\s*<h4>Del<\/h4>/);
    expect(renderMarkdown('### Bara tre', 3)).toContain('<h4>Bara tre</h4>');
    expect(renderMarkdown('# a\n## b\n### c\n#### d\n##### e', 3)).toContain('<h6>e</h6>');
  });
});

describe('routes', () => {
  it('parses and formats hash routes', () => {
    expect(parseRoute('')).toEqual({ name: 'rounds' });
    expect(parseRoute('#/')).toEqual({ name: 'rounds' });
    expect(parseRoute('#/rounds/12')).toEqual({
      name: 'round',
      roundId: 12,
      threadId: null,
      postId: null,
      preparation: false,
    });
    expect(parseRoute('#/rounds/0').name).toBe('not_found');
    expect(parseRoute('#/rounds/abc').name).toBe('not_found');
    expect(parseRoute('#main').name).toBe('not_found');
    expect(parseRoute('#post-3').name).toBe('not_found');
    expect(
      routeHref({ name: 'round', roundId: 3, threadId: null, postId: null, preparation: false }),
    ).toBe('#/rounds/3');
  });

  it('gives every thread and post of a round an address of its own', () => {
    expect(parseRoute('#/rounds/1/threads/4')).toEqual({
      name: 'round',
      roundId: 1,
      threadId: 4,
      postId: null,
      preparation: false,
    });
    expect(parseRoute('#/rounds/1/posts/37/')).toEqual({
      name: 'round',
      roundId: 1,
      threadId: null,
      postId: 37,
      preparation: false,
    });
    for (const bad of [
      '#/rounds/1/posts/',
      '#/rounds/1/posts/0',
      '#/rounds/1/comments/3',
      '#/rounds/1/preparation/3',
      '#/rounds/1/threads/4/preparation',
    ]) {
      expect(parseRoute(bad).name).toBe('not_found');
    }
    expect(parseRoute('#/rounds/1/posts/99999999999999999').name).toBe('not_found');
    expect(postHref(1, 37)).toBe('#/rounds/1/posts/37');
    expect(threadHref(1, 4)).toBe('#/rounds/1/threads/4');
    expect(routeHref(parseRoute('#/rounds/2/posts/5'))).toBe('#/rounds/2/posts/5');
    expect(routeHref(parseRoute('#/rounds/2/threads/5'))).toBe('#/rounds/2/threads/5');
    // A side's preparation has an address of its own; its threads and posts use the round's.
    expect(parseRoute('#/rounds/2/preparation')).toEqual({
      name: 'round',
      roundId: 2,
      threadId: null,
      postId: null,
      preparation: true,
    });
    expect(routeHref(parseRoute('#/rounds/2/preparation/'))).toBe('#/rounds/2/preparation');
    expect(postUrl({ origin: 'https://samrad.example', pathname: '/' }, 1, 37)).toBe(
      'https://samrad.example/#/rounds/1/posts/37',
    );
  });
});

describe('language', () => {
  it('defaults to Swedish and remembers the choice', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadLang(storage)).toBe('sv');
    saveLang(storage, 'en');
    expect(loadLang(storage)).toBe('en');
    store.set('samrad.lang', 'de');
    expect(loadLang(storage)).toBe('sv');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadLang(broken)).toBe('sv');
  });

  it('fills placeholders', () => {
    expect(t('sv', 'announce.newPost', { name: 'Anna Lind', org: 'Malmö stad' })).toBe(
      'Nytt inlägg från Anna Lind, Malmö stad',
    );
    expect(t('en', 'conn.resuming')).toBe('Reconnecting…');
  });
});

describe('permissions offered in the interface', () => {
  const person = (role: Person['role']): Person => ({
    id: 1,
    name: 'X',
    role,
    organisation: { id: 1, name: 'Y', kind: 'other', side: 'neutral' },
  });
  it('lets representatives post in open rounds only, observers never', () => {
    expect(postRefusal(person('representative'), 'open')).toBeNull();
    expect(postRefusal(person('representative'), 'closed')).toBe('round_not_open');
    // A draft is seen by the invited, but takes no posts before it opens.
    expect(postRefusal(person('representative'), 'draft')).toBe('round_not_open');
    expect(postRefusal(person('observer'), 'open')).toBe('observer');
  });
  it('offers the agenda to the secretariat and admins while a round is a draft or open', () => {
    expect(canManageAgenda(person('secretariat'), 'open')).toBe(true);
    expect(canManageAgenda(person('admin'), 'draft')).toBe(true);
    expect(canManageAgenda(person('representative'), 'open')).toBe(false);
    expect(canManageAgenda(person('observer'), 'open')).toBe(false);
    expect(canManageAgenda(person('secretariat'), 'closed')).toBe(false);
    expect(canManageAgenda(person('secretariat'), 'decided')).toBe(false);
  });
  it('offers proposing an agenda item to representatives only, while the round is a draft or open', () => {
    expect(canProposeAgendaItem(person('representative'), 'open')).toBe(true);
    expect(canProposeAgendaItem(person('representative'), 'draft')).toBe(true);
    expect(canProposeAgendaItem(person('representative'), 'closed')).toBe(false);
    expect(canProposeAgendaItem(person('representative'), 'decided')).toBe(false);
    expect(canProposeAgendaItem(person('observer'), 'open')).toBe(false);
    expect(canProposeAgendaItem(person('observer'), 'draft')).toBe(false);
    expect(canProposeAgendaItem(person('secretariat'), 'open')).toBe(false);
    expect(canProposeAgendaItem(person('admin'), 'open')).toBe(false);
  });
});
