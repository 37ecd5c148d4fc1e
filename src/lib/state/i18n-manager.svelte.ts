import type { Lang } from '../domain/types';
import { LANG_STORAGE_KEY, pickLang } from '../i18n/lang';
import { MESSAGES, type MessageKey } from '../i18n/messages';
import { interpolate } from '../i18n/format';

function readStored(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked: fall back to the browser's languages
  }
}

class I18nManager {
  lang = $state<Lang>(
    pickLang(location.search, readStored(), navigator.languages ?? [navigator.language]),
  );

  constructor() {
    document.documentElement.lang = this.lang;
  }

  t = (key: MessageKey, values?: Record<string, string | number>): string => {
    const text = MESSAGES[this.lang][key];
    return values ? interpolate(text, values) : text;
  };

  /** A view-local string given in both languages (the shared ones live in messages.ts). */
  pick = (zh: string, en: string): string => (this.lang === 'en' ? en : zh);

  /** Switches language, remembers it, and keeps `?lang=` (if present) in step with it. */
  setLang = (lang: Lang) => {
    this.lang = lang;
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // not remembered; the choice still holds for this page
    }
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', lang);
      history.replaceState(history.state, '', url);
    }
  };
}

export const i18n = new I18nManager();
