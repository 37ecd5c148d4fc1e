import {
  CONSENT_PURPOSES,
  countConsent,
  filterByConsent,
  hasConsent,
  hasConsentFor,
  mergeConsentStatus,
  parseConsent,
  type ConsentRecord,
} from '../../../src/lib/domain/consent/consent';

describe('parseConsent', () => {
  it.each([
    '是',
    '同意',
    'y',
    'Y',
    'yes',
    'YES',
    'Yes',
    'true',
    'TRUE',
    'True',
    '1',
    ' 是 ',
    '\t同意\n',
    ' yes ',
    'ｙｅｓ',
    '１',
  ])('reads %j as granted', (cell) => {
    expect(parseConsent(cell)).toBe('granted');
  });

  it.each([
    '否',
    '不同意',
    'n',
    'N',
    'no',
    'NO',
    'No',
    'false',
    'FALSE',
    'False',
    '0',
    ' 否 ',
    ' no\u200B',
    '０',
  ])('reads %j as denied', (cell) => {
    expect(parseConsent(cell)).toBe('denied');
  });

  it.each(['', ' ', '\u3000', '\uFEFF'])('reads the empty cell %j as missing', (cell) => {
    expect(parseConsent(cell)).toBe('missing');
  });

  it('reads null and undefined as missing', () => {
    expect(parseConsent(null)).toBe('missing');
    expect(parseConsent(undefined)).toBe('missing');
  });

  it.each(['未知', 'N/A', '1.0', '√', '已同意', '2', 'ok', 'granted', 'yes!', '是的'])(
    'reads anything else, such as %j, as missing: never consent, never a refusal',
    (cell) => {
      expect(parseConsent(cell)).toBe('missing');
    },
  );
});

describe('hasConsent', () => {
  it('includes everyone for an untracked purpose', () => {
    for (const status of ['granted', 'denied', 'missing', undefined, null] as const) {
      expect(hasConsent(status, false)).toBe(true);
    }
  });

  it('includes only granted for a tracked purpose', () => {
    expect(hasConsent('granted', true)).toBe(true);
    expect(hasConsent('denied', true)).toBe(false);
    expect(hasConsent('missing', true)).toBe(false);
    expect(hasConsent(undefined, true)).toBe(false);
  });

  it('reads a customer record against the tracked purposes', () => {
    const record: ConsentRecord = { marketing: 'granted', profiling: 'denied' };
    expect(hasConsentFor(record, 'marketing', ['marketing', 'profiling'])).toBe(true);
    expect(hasConsentFor(record, 'profiling', new Set(['profiling'] as const))).toBe(false);
    expect(hasConsentFor(record, 'sharing', ['sharing'])).toBe(false);
    expect(hasConsentFor(record, 'sharing', [])).toBe(true);
    expect(hasConsentFor(null, 'marketing', ['marketing'])).toBe(false);
    expect(hasConsentFor(undefined, 'marketing', [])).toBe(true);
  });
});

describe('countConsent', () => {
  const records: (ConsentRecord | null)[] = [
    { marketing: 'granted', profiling: 'granted', sharing: 'denied' },
    { marketing: 'denied', profiling: 'granted' },
    { marketing: 'missing', profiling: 'denied', sharing: 'granted' },
    null,
  ];

  it('counts granted, denied and missing per tracked purpose; untracked is null', () => {
    expect(countConsent(['marketing', 'profiling'], records)).toEqual({
      marketing: { granted: 1, denied: 1, missing: 2 },
      profiling: { granted: 2, denied: 1, missing: 1 },
      sharing: null,
    });
  });

  it('counts a purpose absent from a record, and a customer with no record, as missing', () => {
    expect(countConsent(['sharing'], records).sharing).toEqual({
      granted: 1,
      denied: 1,
      missing: 2,
    });
  });

  it('counts customers beyond the records passed as missing when told the total', () => {
    const counts = countConsent(new Set(CONSENT_PURPOSES), records, { totalCustomers: 10 });
    expect(counts.marketing).toEqual({ granted: 1, denied: 1, missing: 8 });
    for (const purpose of CONSENT_PURPOSES) {
      const c = counts[purpose];
      expect(c && c.granted + c.denied + c.missing).toBe(10);
    }
  });

  it('refuses a total smaller than the records', () => {
    expect(() => countConsent(['marketing'], records, { totalCustomers: 3 })).toThrow(RangeError);
  });

  it('gives all nulls when nothing is tracked and zeros for no customers', () => {
    expect(countConsent([], records)).toEqual({ marketing: null, profiling: null, sharing: null });
    expect(countConsent(['marketing'], []).marketing).toEqual({
      granted: 0,
      denied: 0,
      missing: 0,
    });
  });
});

describe('mergeConsentStatus', () => {
  it('lets a refusal win, then a grant', () => {
    expect(mergeConsentStatus('granted', 'denied')).toBe('denied');
    expect(mergeConsentStatus('denied', 'missing')).toBe('denied');
    expect(mergeConsentStatus('missing', 'granted')).toBe('granted');
    expect(mergeConsentStatus('missing', 'missing')).toBe('missing');
  });
});

describe('filterByConsent', () => {
  const customers = [
    { id: 'a', consent: { marketing: 'granted' } as ConsentRecord },
    { id: 'b', consent: { marketing: 'denied' } as ConsentRecord },
    { id: 'c', consent: null },
  ];

  it('keeps only customers with consent and counts those left out', () => {
    const r = filterByConsent(customers, (c) => c.consent, 'marketing', ['marketing']);
    expect(r.kept.map((c) => c.id)).toEqual(['a']);
    expect(r.leftOut).toBe(2);
    expect(r.tracked).toBe(true);
  });

  it('keeps everyone for an untracked purpose and says it is not tracked', () => {
    const r = filterByConsent(customers, (c) => c.consent, 'sharing', ['marketing']);
    expect(r.kept).toHaveLength(3);
    expect(r.leftOut).toBe(0);
    expect(r.tracked).toBe(false);
  });

  it('never keeps a customer who denied', () => {
    const r = filterByConsent(customers, (c) => c.consent, 'marketing', ['marketing']);
    expect(r.kept.some((c) => c.consent?.marketing !== 'granted')).toBe(false);
  });
});
