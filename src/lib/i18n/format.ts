import type { Lang } from '../domain/types';

/** Locale-aware formatters. Intl objects are cached: creating them is not free. */
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, opts);
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(lang: Lang, n: number, maximumFractionDigits = 0): string {
  return numberFormat(lang, { maximumFractionDigits }).format(n);
}

export function formatPercent(lang: Lang, share: number, digits = 1): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(share);
}

export function formatCurrency(lang: Lang, n: number, currency = 'CNY'): string {
  return numberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 2 }).format(n);
}

export function formatBytes(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(lang, v, v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatDate(lang: Lang, ms: number): string {
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(lang, f);
  }
  return f.format(ms);
}

/** Replaces `{name}` placeholders; values are inserted as text, never as markup. */
export function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m,
  );
}
