// Column names as the rest of the app sees them. Header texts are data: they are kept in
// arrays and Maps, never used as plain-object keys ("__proto__" is a valid header).

import type { Lang } from '../types';

/** Zero-width and BOM characters that exporters leave in headers. */
// An alternation, not a class: ZWJ in a class trips no-misleading-character-class.
const INVISIBLE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

/** Name for a blank header at 0-based `index`. */
export function blankHeaderName(index: number, lang: Lang): string {
  return lang === 'zh-CN' ? `列${index + 1}` : `Column ${index + 1}`;
}

/** Trims a header and removes invisible characters (BOM, zero-width space/joiners). */
export function cleanHeader(raw: string): string {
  return raw.replace(INVISIBLE, '').trim();
}

/**
 * Cleans header texts, names blank ones by position (`列3` / `Column 3`) and makes duplicates
 * unique by suffix: the second `手机` becomes `手机 (2)`, the third `手机 (3)`. A suffix never
 * collides with another header (original or generated).
 */
export function normalizeHeaders(raw: readonly string[], lang: Lang): string[] {
  const base = raw.map((h, i) => {
    const name = cleanHeader(h);
    return name.length === 0 ? blankHeaderName(i, lang) : name;
  });
  const taken = new Set<string>(base);
  const used = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return base.map((name) => {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    let k = nextSuffix.get(name) ?? 2;
    let candidate = `${name} (${k})`;
    while (taken.has(candidate) || used.has(candidate)) {
      k++;
      candidate = `${name} (${k})`;
    }
    nextSuffix.set(name, k + 1);
    used.add(candidate);
    return candidate;
  });
}
