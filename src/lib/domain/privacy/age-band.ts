// Age bands: what is kept of a birth date once the ID number it came from is dropped.

export const AGE_BANDS = ['<18', '18–24', '25–34', '35–44', '45–54', '55–64', '65+'] as const;
/** An age band label; the dash is an en dash (U+2013). */
export type AgeBand = (typeof AGE_BANDS)[number];

/** The band of an age in whole years, or null for a negative or non-integer age. */
export function ageBandOfAge(age: number): AgeBand | null {
  if (!Number.isInteger(age) || age < 0) {
    return null;
  }
  if (age < 18) {
    return '<18';
  }
  if (age <= 24) {
    return '18–24';
  }
  if (age <= 34) {
    return '25–34';
  }
  if (age <= 44) {
    return '35–44';
  }
  if (age <= 54) {
    return '45–54';
  }
  if (age <= 64) {
    return '55–64';
  }
  return '65+';
}

/**
 * The age band for a birth year, with age = asOfYear − birthYear (the age reached during
 * asOfYear; a year-only approximation, as only the year is kept). Null when the birth year
 * is after asOfYear or either is not an integer.
 */
export function ageBand(birthYear: number, asOfYear: number): AgeBand | null {
  if (!Number.isInteger(birthYear) || !Number.isInteger(asOfYear)) {
    return null;
  }
  return ageBandOfAge(asOfYear - birthYear);
}

/** Exact age in whole years on a date, from a full birth date (month 1-12). */
export function ageOn(
  birth: { year: number; month: number; day: number },
  asOf: { year: number; month: number; day: number },
): number {
  const hadBirthday =
    asOf.month > birth.month || (asOf.month === birth.month && asOf.day >= birth.day);
  return asOf.year - birth.year - (hadBirthday ? 0 : 1);
}
