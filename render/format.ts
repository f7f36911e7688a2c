/**
 * Dates and money in the contact's language and time zone, with Intl. Formatters are cached:
 * building an Intl.DateTimeFormat costs far more than using one, and a broadcast formats
 * the same few patterns millions of times.
 */
import type { Language, Money } from './types.js';

/** Letters in English use day-month-year (en-GB): unambiguous for readers in China and abroad. */
const LOCALES: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

export type DateStyle = 'short' | 'medium' | 'long' | 'full';

const DATE_OPTIONS: Record<string, Intl.DateTimeFormatOptions> = {
  short: { dateStyle: 'short' },
  medium: { dateStyle: 'medium' },
  long: { dateStyle: 'long' },
  full: { dateStyle: 'full' },
};

/**
 * Times as each language writes them: Chinese letters the 24-hour clock ('15:00', as in the
 * hotline hours 8:30–21:00), English ones '3:00 pm'.
 */
const TIME_OPTIONS: Record<Language, Intl.DateTimeFormatOptions> = {
  'zh-CN': { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  en: { hour: 'numeric', minute: '2-digit', hour12: true },
};
const DATETIME_OPTIONS: Record<Language, Intl.DateTimeFormatOptions> = {
  'zh-CN': { dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' },
  en: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', ...TIME_OPTIONS.en },
};

/** No-break space: a time ('3:00 pm') never breaks across lines, in a text part, HTML or print. */
const NBSP = '\u00a0';
const keepTimeTogether = (text: string): string => text.replace(/(\d{1,2}:\d{2})[\s\u202f]+([ap]\.?m\.?)/gi, `$1${NBSP}$2`);

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(language: Language, timeZone: string, style: string): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options = style === 'time' ? TIME_OPTIONS[language] : style === 'datetime' ? DATETIME_OPTIONS[language] : DATE_OPTIONS[style];
    if (!options) throw new Error(`unknown date style "${style}" (use short, medium, long or full)`);
    format = new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO date: "${value}"`);
  return date;
}

/**
 * A date, e.g. '2026年12月5日' or '5 December 2026'. An instant is shown as the day it is in the
 * contact's zone; a bare calendar date ('2026-12-25', a birthday) is the same day everywhere.
 */
export function formatDate(value: string, language: Language, timeZone: string, style: DateStyle = 'long'): string {
  const calendar = CALENDAR_DATE.test(value);
  return dateFormat(language, calendar ? 'UTC' : timeZone, style).format(parseDate(value));
}

/** Date and time of an appointment, e.g. '2026年12月5日星期六 15:00' or 'Saturday, 5 December 2026 at 3:00 pm'. */
export function formatDateTime(value: string, language: Language, timeZone: string): string {
  return keepTimeTogether(dateFormat(language, timeZone, 'datetime').format(parseDate(value)));
}

/** Time of day, e.g. '15:00' (zh-CN) or '3:00 pm' (en), in the contact's zone. */
export function formatTime(value: string, language: Language, timeZone: string): string {
  return keepTimeTogether(dateFormat(language, timeZone, 'time').format(parseDate(value)));
}

/** Money, e.g. '¥259,800' (zh-CN) or 'CN¥259,800' (en); whole amounts print without decimals. */
export function formatMoney(money: Money, language: Language): string {
  const whole = Number.isInteger(money.amount);
  const key = `${language}|${money.currency}|${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    });
    moneyFormats.set(key, format);
  }
  return format.format(money.amount);
}

/** The greeting line: '尊敬的王先生：' / 'Dear Mr Chen,'; by full name when the title or family name is unknown. */
export function salutation(person: { name: string; familyName: string | null; title: string | null }, language: Language): string {
  if (language === 'zh-CN') {
    const name = person.title && person.familyName ? `${person.familyName}${person.title}` : person.name;
    return `尊敬的${name}：`;
  }
  const name = person.title && person.familyName ? `${person.title} ${person.familyName}` : person.name;
  return `Dear ${name},`;
}

/** A name with its form of address, as printed in an address block: '王伟先生' / 'Ms Emily Chen'. */
export function addressee(person: { name: string; title: string | null }, language: Language): string {
  if (!person.title) return person.name;
  return language === 'zh-CN' ? `${person.name}${person.title}` : `${person.title} ${person.name}`;
}
