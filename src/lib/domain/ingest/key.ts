// Canonical customer keys (DESIGN.md "Exact definitions": keys are compared after trimming;
// a numeric key written 17850.0 equals 17850).

/**
 * Trims a key and drops an all-zero fraction from a pure-digit key: `17850.0` and `17850.00`
 * become `17850`. Nothing else changes: leading zeros stay (`00123`), `17850.5` stays, and
 * letters keep their case.
 */
export function normalizeKey(s: string): string {
  const t = s.trim();
  const n = t.length;
  const dot = t.indexOf('.');
  if (dot <= 0 || dot === n - 1) {
    return t;
  }
  for (let i = 0; i < dot; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) {
      return t;
    }
  }
  for (let i = dot + 1; i < n; i++) {
    if (t.charCodeAt(i) !== 48) {
      return t;
    }
  }
  return t.slice(0, dot);
}
