import {
  detectDateOrder,
  excelSerialToMs,
  parseDate,
  parseDateGeneral,
  parseDateIn,
  utc as calendarUtc,
} from '../../../src/lib/domain/ingest/date';
import { scanCsv } from '../../../src/lib/domain/ingest/csv-scanner';
import { textUnits } from '../../../src/lib/domain/ingest/units';
import { fixtureText } from './fixtures';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, m - 1, d, h, mi, s, ms);

function column(fixture: string, index: number): string[] {
  return scanCsv(fixtureText(fixture), ',')
    .records.slice(1)
    .map((r) => r[index] ?? '');
}

describe('parseDate', () => {
  it('reads ISO dates and date-times, in any order setting', () => {
    for (const order of ['YMD', 'DMY', 'MDY'] as const) {
      expect(parseDate('2011-12-09', order)).toBe(utc(2011, 12, 9));
      expect(parseDate('2011-12-09T08:50:00', order)).toBe(utc(2011, 12, 9, 8, 50));
    }
    expect(parseDate('2011-12-09 08:50', 'YMD')).toBe(utc(2011, 12, 9, 8, 50));
    expect(parseDate('2011-12-09 08:50:07.123', 'YMD')).toBe(utc(2011, 12, 9, 8, 50, 7, 123));
    expect(parseDate('2011-12-09T08:50:07.5', 'YMD')).toBe(utc(2011, 12, 9, 8, 50, 7, 500));
    expect(parseDate(' 2011-12-09 ', 'YMD')).toBe(utc(2011, 12, 9));
  });

  it('converts zone offsets to UTC and reads zone-less times as UTC wall clock', () => {
    expect(parseDate('2011-12-09T08:50:00Z', 'YMD')).toBe(utc(2011, 12, 9, 8, 50));
    expect(parseDate('2011-12-09T08:50:00+08:00', 'YMD')).toBe(utc(2011, 12, 9, 0, 50));
    expect(parseDate('2011-12-09T08:50:00-0530', 'YMD')).toBe(utc(2011, 12, 9, 14, 20));
    expect(parseDate('2011-12-09 01:00+08', 'YMD')).toBe(utc(2011, 12, 8, 17, 0));
  });

  it('reads slashes, dots and Chinese dates with times', () => {
    expect(parseDate('2011/12/9 8:50', 'YMD')).toBe(utc(2011, 12, 9, 8, 50));
    expect(parseDate('2011.12.09', 'YMD')).toBe(utc(2011, 12, 9));
    expect(parseDate('2011年12月9日', 'YMD')).toBe(utc(2011, 12, 9));
    expect(parseDate('2011年12月9日 08:50', 'DMY')).toBe(utc(2011, 12, 9, 8, 50));
    expect(parseDate('2011年12月9日8时50分', 'YMD')).toBe(utc(2011, 12, 9, 8, 50));
    expect(parseDate('2011年12月9日 8点50分30秒', 'YMD')).toBe(utc(2011, 12, 9, 8, 50, 30));
    expect(parseDate('2011年12月9号', 'YMD')).toBe(utc(2011, 12, 9));
    expect(parseDate('2011/12/9 下午 8:50:00', 'YMD')).toBe(utc(2011, 12, 9, 20, 50));
    expect(parseDate('2011/12/9 上午12:05', 'YMD')).toBe(utc(2011, 12, 9, 0, 5));
  });

  it('reads day-first and month-first dates only in their order', () => {
    expect(parseDate('09.12.2011', 'DMY')).toBe(utc(2011, 12, 9));
    expect(parseDate('12/9/2011', 'MDY')).toBe(utc(2011, 12, 9));
    expect(parseDate('12/9/2011 8:50 PM', 'MDY')).toBe(utc(2011, 12, 9, 20, 50));
    expect(parseDate('9-12-2011', 'DMY')).toBe(utc(2011, 12, 9));
    expect(parseDate('13/12/2011', 'MDY')).toBeNaN();
    expect(parseDate('12/13/2011', 'DMY')).toBeNaN();
    expect(parseDate('09.12.2011', 'YMD')).toBeNaN();
  });

  it('reads month names in any order setting', () => {
    for (const order of ['YMD', 'DMY', 'MDY'] as const) {
      expect(parseDate('9 Dec 2011', order)).toBe(utc(2011, 12, 9));
      expect(parseDate('Dec 9, 2011', order)).toBe(utc(2011, 12, 9));
    }
    expect(parseDate('9-Dec-2011', 'DMY')).toBe(utc(2011, 12, 9));
    expect(parseDate('December 9 2011 10:00', 'MDY')).toBe(utc(2011, 12, 9, 10));
    expect(parseDate('Fri, 9 Dec 2011', 'YMD')).toBe(utc(2011, 12, 9));
    expect(parseDate('Sept. 9, 2011', 'YMD')).toBe(utc(2011, 9, 9));
    expect(parseDate('9 Foo 2011', 'DMY')).toBeNaN();
  });

  it('refuses what a lenient parser would accept', () => {
    for (const s of [
      '2.1',
      '1',
      '2011',
      '12/9',
      '12/9/11',
      '20111209',
      '2011-12',
      '2011-12-09x',
      '2011/12-09',
      '2011-12-09 8',
      '2011-12-09 08:5',
      'Dec 2011',
      'hello',
      '',
      '  ',
      '0999-01-01',
    ]) {
      expect(parseDate(s, 'DMY'), JSON.stringify(s)).toBeNaN();
      expect(parseDate(s, 'MDY'), JSON.stringify(s)).toBeNaN();
    }
  });

  it('validates the calendar and the clock', () => {
    expect(parseDate('2011-02-30', 'YMD')).toBeNaN();
    expect(parseDate('2011-13-01', 'YMD')).toBeNaN();
    expect(parseDate('2011-00-10', 'YMD')).toBeNaN();
    expect(parseDate('2011-02-29', 'YMD')).toBeNaN();
    expect(parseDate('2012-02-29', 'YMD')).toBe(utc(2012, 2, 29));
    expect(parseDate('1900-02-29', 'YMD')).toBeNaN();
    expect(parseDate('2000-02-29', 'YMD')).toBe(utc(2000, 2, 29));
    expect(parseDate('2011-12-09 24:00', 'YMD')).toBeNaN();
    expect(parseDate('2011-12-09 23:60', 'YMD')).toBeNaN();
    expect(parseDate('2011-12-09 23:59:60', 'YMD')).toBeNaN();
    expect(parseDate('31/04/2011', 'DMY')).toBeNaN();
    expect(parseDate('2011/12/9 13:00 PM', 'YMD')).toBeNaN();
  });
});

describe('excelSerialToMs', () => {
  it('uses the 1900 date system with its leap-year bug', () => {
    expect(excelSerialToMs(40886)).toBe(utc(2011, 12, 9));
    expect(excelSerialToMs(25569)).toBe(0);
    expect(excelSerialToMs(61)).toBe(utc(1900, 3, 1));
    expect(excelSerialToMs(59)).toBe(utc(1900, 2, 28));
    expect(excelSerialToMs(1)).toBe(utc(1900, 1, 1));
    expect(excelSerialToMs(60)).toBeNaN();
    expect(excelSerialToMs(0)).toBeNaN();
  });

  it('reads the fraction as the time of day', () => {
    expect(excelSerialToMs(40886.5)).toBe(utc(2011, 12, 9, 12));
    expect(excelSerialToMs(40886 + 8 / 24 + 50 / 1440)).toBe(utc(2011, 12, 9, 8, 50));
  });
});

describe('detectDateOrder', () => {
  it('says YMD for year-first, Chinese and month-name dates', () => {
    expect(detectDateOrder(['2011-12-09', '2011/1/2 8:00', '2011年12月9日', '9 Dec 2011'])).toBe(
      'YMD',
    );
  });

  it('says DMY when a first part is over 12, MDY when a second part is', () => {
    expect(detectDateOrder(column('dmy-dates.csv', 1))).toBe('DMY');
    expect(detectDateOrder(column('basic.csv', 4))).toBe('MDY');
    expect(detectDateOrder(['09.12.2011', '13.12.2011', '2011-12-01'])).toBe('DMY');
  });

  it('says ambiguous when every value reads both ways', () => {
    expect(detectDateOrder(column('ambiguous-dates.csv', 1))).toBe('ambiguous');
  });

  it('settles on the order where day and month are always equal', () => {
    expect(detectDateOrder(['01/01/2024', '05/05/2024'])).toBe('DMY');
  });

  it('says null when the values are not dates, or are contradictory', () => {
    expect(detectDateOrder(['2.1', '3.4', '5.6'])).toBeNull();
    expect(detectDateOrder(['abc', '2011-12-09'])).toBeNull();
    expect(detectDateOrder([])).toBeNull();
    expect(detectDateOrder(['', ' '])).toBeNull();
    expect(detectDateOrder(['13/01/2024', '01/13/2024'])).toBeNull();
  });

  it('ignores empty values and tolerates 5% junk', () => {
    const values = Array.from({ length: 19 }, (_, i) => `${i + 10}/01/2024`);
    expect(detectDateOrder([...values, '', 'n/a'])).toBe('DMY');
    expect(detectDateOrder([...values.slice(0, 5), 'n/a', 'x'])).toBeNull();
  });
});

describe('parseDateIn fast path for machine-written shapes', () => {
  it('gives exactly what the general parser gives, in every order, valid or not', () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pad = (v: number) => String(v).padStart(2, '0');
    const orders = ['YMD', 'DMY', 'MDY'] as const;
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const sep = ['-', '/', '.'][next(3)]!;
      const date = `${1890 + next(250)}${sep}${pad(next(14))}${sep}${pad(next(33))}`;
      const time = [
        '',
        `T${pad(next(26))}:${pad(next(62))}`,
        ` ${pad(next(26))}:${pad(next(62))}:${pad(next(62))}`,
        `t${pad(next(24))}:${pad(next(60))}`,
        ` ${pad(next(24))}:${pad(next(60))}:${pad(next(60))}Z`,
      ][next(5)]!;
      const cell = `${date}${time}`;
      const text = textUnits(`xx${cell}yy`);
      for (const order of orders) {
        const fast = parseDateIn(text, 2, 2 + cell.length, order);
        const general = parseDateGeneral(text, 2, 2 + cell.length, order);
        if (!Object.is(fast, general)) {
          mismatches.push(`${cell} ${order}: ${fast} vs ${general}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(parseDateIn(textUnits('2024-11-01T00:00:25'), 0, 19, 'DMY')).toBe(
      Date.UTC(2024, 10, 1, 0, 0, 25),
    );
    expect(parseDateIn(textUnits('2024/02/30'), 0, 10, 'YMD')).toBeNaN();
  });
});

describe('utc (calendar arithmetic)', () => {
  it('equals Date.UTC on every day of years 1000–9999 sampled, and on random times', () => {
    const wrong: string[] = [];
    for (let y = 1000; y <= 9999; y += y < 1700 || y > 2400 ? 37 : 1) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 15, 28, 29, 30, 31]) {
          const mine = calendarUtc(y, m, d, 23, 59, 59, 999);
          const ref =
            d > new Date(Date.UTC(y, m, 0)).getUTCDate()
              ? NaN
              : Date.UTC(y, m - 1, d, 23, 59, 59, 999);
          if (!Object.is(mine, ref)) {
            wrong.push(`${y}-${m}-${d}: ${mine} vs ${ref}`);
          }
        }
      }
    }
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 100_000; i++) {
      const [y, m, d, h, mi, s, ms] = [
        1000 + next(9000),
        1 + next(12),
        1 + next(28),
        next(24),
        next(60),
        next(60),
        next(1000),
      ] as const;
      if (calendarUtc(y, m, d, h, mi, s, ms) !== Date.UTC(y, m - 1, d, h, mi, s, ms)) {
        wrong.push(`${y}-${m}-${d} ${h}:${mi}:${s}.${ms}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calendarUtc(2024, 2, 30, 0, 0, 0, 0)).toBeNaN();
    expect(calendarUtc(1969, 12, 31, 23, 59, 59, 0)).toBe(-1000);
  });
});
