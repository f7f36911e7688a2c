/** The customer pages' languages: the contact's own, else the browser's, else Chinese. */
import { en, type Messages } from './en.js';
import { zhCN } from './zh-CN.js';

export type PageLanguage = 'zh-CN' | 'en';
export type { Messages };

const BY_LANGUAGE: Record<PageLanguage, Messages> = { en, 'zh-CN': zhCN };

export function messagesFor(language: PageLanguage): Messages {
  return BY_LANGUAGE[language];
}

/** The contact's language when it is one of ours, else Chinese (the programme's default). */
export function pageLanguage(language: string | null | undefined): PageLanguage {
  return language === 'en' ? 'en' : 'zh-CN';
}

/** For pages with no contact known (a refused link): the first of ours the browser prefers. */
export function browserLanguage(acceptLanguage: string | undefined): PageLanguage {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
