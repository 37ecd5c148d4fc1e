import type { Lang } from '../domain/types';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const LANG_STORAGE_KEY = 'portrait.lang';

export function asLang(value: string | null | undefined): Lang | null {
  if (!value) {
    return null;
  }
  const v = value.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-')) {
    return 'en';
  }
  if (v === 'zh' || v.startsWith('zh')) {
    return 'zh-CN';
  }
  return null;
}

/**
 * The UI language: `?lang=` in the URL wins, then the remembered choice, then the browser's
 * languages (Chinese if any preferred language is Chinese before an English one), else zh-CN.
 */
export function pickLang(
  search: string,
  stored: string | null,
  browserLangs: readonly string[],
): Lang {
  const fromUrl = asLang(new URLSearchParams(search).get('lang'));
  if (fromUrl) {
    return fromUrl;
  }
  const fromStore = asLang(stored);
  if (fromStore) {
    return fromStore;
  }
  for (const l of browserLangs) {
    const lang = asLang(l);
    if (lang) {
      return lang;
    }
  }
  return 'zh-CN';
}
