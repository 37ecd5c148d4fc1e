import {
  cnIdCheckChar,
  isValidCnId,
  isValidCnId15,
  isValidCnId18,
  isValidUscc,
  parseCnId,
  usccCheckChar,
} from '../../../src/lib/domain/privacy/cn-id';

const BEIJING_1949 = '11010519491231002X';
const SHANTOU_1880 = '440524188001010014';
const VALID_18 = [BEIJING_1949, SHANTOU_1880];
const DIGITS = '0123456789';

function replaceAt(s: string, i: number, c: string): string {
  return s.slice(0, i) + c + s.slice(i + 1);
}

function swapAt(s: string, i: number): string {
  return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
}

describe('isValidCnId18', () => {
  it.each(VALID_18)('accepts the worked example %s', (id) => {
    expect(isValidCnId18(id)).toBe(true);
  });

  it.each(VALID_18)('rejects every single-character change of %s', (id) => {
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      const alphabet = i === 17 ? `${DIGITS}X` : DIGITS;
      for (const c of alphabet) {
        if (c === id[i]) {
          continue;
        }
        const changed = replaceAt(id, i, c);
        // Mod 11 with weights all non-zero mod 11 catches every single substitution.
        expect(isValidCnId18(changed), changed).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(17 * 9 + 10);
  });

  it.each(VALID_18)('rejects every adjacent transposition of %s that changes it', (id) => {
    let tried = 0;
    for (let i = 0; i < 17; i++) {
      const swapped = swapAt(id, i);
      if (swapped === id) {
        continue;
      }
      tried++;
      // The math: among the first 17 positions adjacent weights differ mod 11, so a swap of
      // two different digits changes the sum by (w_i − w_i+1)(b − a) ≢ 0 mod 11. Swapping the
      // 17th digit with the check character was checked case by case: no swap of these two
      // numbers happens to give a valid one.
      expect(isValidCnId18(swapped), swapped).toBe(false);
      if (i < 16) {
        // …and it is the checksum itself that fails, not only the date or the region.
        expect(cnIdCheckChar(swapped), swapped).not.toBe(swapped[17]);
      }
    }
    expect(tried).toBeGreaterThan(8);
  });

  it('accepts a lower-case x as check character', () => {
    expect(isValidCnId18('11010519491231002x')).toBe(true);
  });

  it('accepts full-width digits, surrounding spaces and grouping spaces', () => {
    expect(isValidCnId18('１１０１０５１９４９１２３１００２Ｘ')).toBe(true);
    expect(isValidCnId18('  110105 19491231 002X ')).toBe(true);
  });

  it('rejects a wrong length or a letter other than X', () => {
    expect(isValidCnId18('11010519491231002')).toBe(false);
    expect(isValidCnId18('11010519491231002XX')).toBe(false);
    expect(isValidCnId18('1101051949123100AX')).toBe(false);
    expect(isValidCnId18('')).toBe(false);
  });

  it('rejects an impossible birth date even with a correct check character', () => {
    const first17 = '11010519490230002'; // 30 February
    expect(isValidCnId18(first17 + cnIdCheckChar(first17))).toBe(false);
  });

  it('accepts 29 February only in a leap year', () => {
    const leap = '11010520000229001';
    const notLeap = '11010519000229001';
    expect(isValidCnId18(leap + cnIdCheckChar(leap))).toBe(true);
    expect(isValidCnId18(notLeap + cnIdCheckChar(notLeap))).toBe(false);
  });

  it('rejects a birth date after today', () => {
    const first17 = '11010520990101001';
    const id = first17 + cnIdCheckChar(first17);
    expect(isValidCnId18(id)).toBe(false);
    expect(isValidCnId18(id, { asOf: new Date(Date.UTC(2098, 11, 31)) })).toBe(false);
    expect(isValidCnId18(id, { asOf: new Date(Date.UTC(2099, 0, 1)) })).toBe(true);
  });

  it('treats the day given as asOf as the last acceptable birth date', () => {
    const first17 = '11010520240315001';
    const id = first17 + cnIdCheckChar(first17);
    expect(isValidCnId18(id, { asOf: new Date(Date.UTC(2024, 2, 15)) })).toBe(true);
    expect(isValidCnId18(id, { asOf: new Date(Date.UTC(2024, 2, 14)) })).toBe(false);
  });

  it('rejects a birth year before 1800', () => {
    const first17 = '11010517991231001';
    expect(isValidCnId18(first17 + cnIdCheckChar(first17))).toBe(false);
  });

  it('rejects an unknown province code even with a correct check character', () => {
    for (const p of [
      '00',
      '10',
      '19',
      '20',
      '30',
      '39',
      '47',
      '55',
      '60',
      '66',
      '70',
      '80',
      '84',
      '99',
    ]) {
      const first17 = `${p}010519491231002`;
      expect(isValidCnId18(first17 + cnIdCheckChar(first17)), p).toBe(false);
    }
  });

  it('accepts the residence-permit codes 810000, 820000 and 830000', () => {
    for (const p of ['81', '82', '83']) {
      const first17 = `${p}000019900101001`;
      expect(isValidCnId18(first17 + cnIdCheckChar(first17)), p).toBe(true);
    }
  });
});

describe('isValidCnId15', () => {
  it('accepts a legacy number with a real 19YY birth date', () => {
    expect(isValidCnId15('110105491231002')).toBe(true);
  });

  it('rejects an impossible date, an unknown province or a wrong length', () => {
    expect(isValidCnId15('110105491331002')).toBe(false);
    expect(isValidCnId15('110105490230002')).toBe(false);
    expect(isValidCnId15('990105491231002')).toBe(false);
    expect(isValidCnId15('11010549123100')).toBe(false);
    expect(isValidCnId15('11010549123100X')).toBe(false);
  });

  it('is accepted by isValidCnId alongside 18-digit numbers', () => {
    expect(isValidCnId('110105491231002')).toBe(true);
    expect(isValidCnId(BEIJING_1949)).toBe(true);
    expect(isValidCnId('13800138000')).toBe(false);
  });
});

describe('parseCnId', () => {
  it('reads birth date, gender and region of an 18-digit number', () => {
    expect(parseCnId(BEIJING_1949)).toEqual({
      birthYear: 1949,
      birthMonth: 12,
      birthDay: 31,
      gender: '女',
      regionCode: '110105',
      province: '北京',
      city: '北京',
    });
  });

  it('reads an odd 17th digit as male', () => {
    expect(parseCnId(SHANTOU_1880)).toMatchObject({
      birthYear: 1880,
      gender: '男',
      province: '广东',
      city: '汕头',
    });
  });

  it('reads the last digit of a 15-digit number for gender and 19YY for the year', () => {
    expect(parseCnId('440305850615123')).toEqual({
      birthYear: 1985,
      birthMonth: 6,
      birthDay: 15,
      gender: '男',
      regionCode: '440305',
      province: '广东',
      city: '深圳',
    });
    expect(parseCnId('440305850615124')?.gender).toBe('女');
  });

  it('returns null for an invalid number', () => {
    expect(parseCnId('11010519491231002Y')).toBeNull();
    expect(parseCnId('110105194912310021')).toBeNull();
    expect(parseCnId('not an id')).toBeNull();
  });

  it('gives a null city when the prefecture is not in the table', () => {
    const first17 = '13990019900101001';
    const info = parseCnId(first17 + cnIdCheckChar(first17));
    expect(info).toMatchObject({ province: '河北', city: null });
  });
});

describe('isValidUscc', () => {
  it('accepts a valid code', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character', () => {
    expect(isValidUscc('91350100M000100Y4Z')).toBe(false);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
  });

  it('rejects the letters I, O, S, V and Z and a wrong length', () => {
    expect(isValidUscc('91350100I000100Y43')).toBe(false);
    expect(isValidUscc('91350100O000100Y43')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('')).toBe(false);
  });

  it('accepts lower case after canonicalisation', () => {
    expect(isValidUscc('91350100m000100y43')).toBe(true);
  });

  it('rejects every single-character change of a valid code', () => {
    const code = '91350100M000100Y43';
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 18; i++) {
      for (const c of charset) {
        if (c !== code[i]) {
          // Weights are non-zero mod the prime 31, so every substitution is caught.
          expect(isValidUscc(replaceAt(code, i, c))).toBe(false);
        }
      }
    }
  });

  it('is not a person ID number', () => {
    expect(isValidCnId18('91350100M000100Y43')).toBe(false);
  });
});
