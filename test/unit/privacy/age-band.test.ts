import { AGE_BANDS, ageBand, ageBandOfAge, ageOn } from '../../../src/lib/domain/privacy/age-band';

describe('ageBand', () => {
  it.each([
    [2008, '<18'],
    [2007, '18–24'],
    [2001, '18–24'],
    [2000, '25–34'],
    [1991, '25–34'],
    [1990, '35–44'],
    [1981, '35–44'],
    [1980, '45–54'],
    [1971, '45–54'],
    [1970, '55–64'],
    [1961, '55–64'],
    [1960, '65+'],
    [1880, '65+'],
  ])('puts someone born in %i in %s in 2025', (birthYear, band) => {
    expect(ageBand(birthYear, 2025)).toBe(band);
  });

  it('calls a child born this year a minor', () => {
    expect(ageBand(2025, 2025)).toBe('<18');
  });

  it('returns null for a birth year after the reference year or a non-integer year', () => {
    expect(ageBand(2026, 2025)).toBeNull();
    expect(ageBand(Number.NaN, 2025)).toBeNull();
    expect(ageBand(1990.5, 2025)).toBeNull();
  });

  it('uses en dashes in its labels', () => {
    expect(AGE_BANDS).toEqual(['<18', '18–24', '25–34', '35–44', '45–54', '55–64', '65+']);
    expect(AGE_BANDS.join('')).not.toContain('-');
  });
});

describe('ageBandOfAge and ageOn', () => {
  it('bands exact ages at the edges', () => {
    expect(ageBandOfAge(17)).toBe('<18');
    expect(ageBandOfAge(18)).toBe('18–24');
    expect(ageBandOfAge(64)).toBe('55–64');
    expect(ageBandOfAge(65)).toBe('65+');
    expect(ageBandOfAge(-1)).toBeNull();
  });

  it('counts a birthday only once it has come', () => {
    const birth = { year: 2000, month: 6, day: 15 };
    expect(ageOn(birth, { year: 2018, month: 6, day: 14 })).toBe(17);
    expect(ageOn(birth, { year: 2018, month: 6, day: 15 })).toBe(18);
    expect(ageOn(birth, { year: 2018, month: 12, day: 1 })).toBe(18);
  });
});
