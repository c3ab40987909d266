// One's own sessions as a person reads them: which browser on which system a User-Agent is (a
// short, readable name, not the whole string), and the sessions in a stable order with this one
// first.

import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import type { OwnSession } from '../protocol/accounts';

// The few browsers and systems people use, by the marks their User-Agent carries. Order
// matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

export function describeDevice(userAgent: string, lang: Lang): string {
  const browser = BROWSERS.find(([mark]) => mark.test(userAgent))?.[1];
  const system = SYSTEMS.find(([mark]) => mark.test(userAgent))?.[1];
  if (browser && system) return at(lang, 'sessions.deviceOn', { browser, system });
  if (browser ?? system) return (browser ?? system) as string;
  const trimmed = userAgent.trim();
  if (trimmed === '') return at(lang, 'sessions.unknownDevice');
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}…` : trimmed;
}

// This session first, then the most recently used.
export function orderSessions(sessions: OwnSession[]): OwnSession[] {
  return [...sessions].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      b.last_used_at.localeCompare(a.last_used_at) ||
      b.id - a.id,
  );
}

// "30 minuter", "12 timmar": a limit as the page explains it.
export function describeDuration(ms: number, lang: Lang): string {
  const minutes = Math.round(ms / 60000);
  if (minutes % 60 === 0 && minutes >= 60) {
    return at(lang, 'duration.hours', { count: minutes / 60 });
  }
  return at(lang, 'duration.minutes', { count: minutes });
}
