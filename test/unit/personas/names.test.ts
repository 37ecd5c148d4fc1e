import {
  EN_FIRST_NAMES,
  ZH_GIVEN_NAMES,
  ZH_SURNAMES,
  formatNameAge,
  generationOf,
  parseAgeBand,
  personaAge,
  personaName,
} from '../../../src/lib/domain/personas/names';
import { fnv1a, seededIndex } from '../../../src/lib/domain/personas/hash';

const SEEDS = ['重要价值', '重要发展', 'cluster-1', 'cluster-2', 'new', 'dormant', 'tag:vip', 'x'];

describe('fnv1a and seededIndex', () => {
  it('is stable and 32-bit unsigned', () => {
    expect(fnv1a('abc')).toBe(fnv1a('abc'));
    expect(fnv1a('abc')).not.toBe(fnv1a('abd'));
    for (const s of SEEDS) {
      const h = fnv1a(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('stays in range and spreads similar seeds', () => {
    const hits = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const k = seededIndex(`seed${i}`, 'salt', 10);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(10);
      hits.add(k);
    }
    expect(hits.size).toBe(10);
    expect(seededIndex('a', 'b', 1)).toBe(0);
    expect(seededIndex('a', 'b', 0)).toBe(0);
  });
});

describe('parseAgeBand', () => {
  it.each([
    ['18-24', 18, 24],
    ['18–24', 18, 24],
    ['25—34', 25, 34],
    ['25-34岁', 25, 34],
    ['25～34', 25, 34],
    ['25~34 岁', 25, 34],
    ['２５－３４', 25, 34],
    ['25至34岁', 25, 34],
    ['25 to 34', 25, 34],
    ['34-25', 25, 34],
    ['35-44', 35, 44],
    ['45-54', 45, 54],
    ['55-64', 55, 64],
    ['65+', 65, 74],
    ['≥65', 65, 74],
    ['65岁以上', 65, 74],
    ['65岁及以上', 65, 74],
    ['65 and over', 65, 74],
    ['<18', 14, 17],
    ['18岁以下', 14, 17],
    ['under 18', 14, 17],
    ['90后', 26, 35],
    ['00后', 16, 25],
    ['30岁', 30, 30],
  ])('reads %s as %i–%i', (band, min, max) => {
    expect(parseAgeBand(band)).toEqual({ min, max });
  });

  it('clamps weird bands to plausible ages', () => {
    expect(parseAgeBand('0-200')).toEqual({ min: 14, max: 90 });
    expect(parseAgeBand('150+')).toEqual({ min: 90, max: 90 });
    expect(parseAgeBand('3-5')).toEqual({ min: 14, max: 14 });
    expect(parseAgeBand('<5')).toEqual({ min: 14, max: 14 });
  });

  it('returns null when the band holds no age', () => {
    expect(parseAgeBand(null)).toBeNull();
    expect(parseAgeBand('')).toBeNull();
    expect(parseAgeBand('未知')).toBeNull();
    expect(parseAgeBand('unknown')).toBeNull();
  });
});

describe('personaAge', () => {
  it('is a whole age inside the band, the same every time', () => {
    for (const seed of SEEDS) {
      for (const band of ['18-24', '25–34', '45-54岁', '65+', '<18']) {
        const range = parseAgeBand(band);
        const age = personaAge(seed, band);
        expect(Number.isInteger(age)).toBe(true);
        expect(age).toBeGreaterThanOrEqual(range?.min ?? -1);
        expect(age).toBeLessThanOrEqual(range?.max ?? -1);
        expect(personaAge(seed, band)).toBe(age);
      }
    }
  });

  it('uses 30–39 without a readable band', () => {
    for (const seed of SEEDS) {
      for (const band of [null, '', 'n/a', '其他']) {
        const age = personaAge(seed, band);
        expect(age).toBeGreaterThanOrEqual(30);
        expect(age).toBeLessThanOrEqual(39);
      }
    }
  });

  it('maps ages to birth generations', () => {
    expect(generationOf(22)).toBe('young');
    expect(generationOf(30)).toBe('adult');
    expect(generationOf(44)).toBe('adult');
    expect(generationOf(45)).toBe('middle');
    expect(generationOf(60)).toBe('senior');
  });
});

describe('personaName', () => {
  it('is deterministic', () => {
    for (const seed of SEEDS) {
      const input = { seed, gender: 'female', ageBand: '25-34', lang: 'zh-CN' } as const;
      expect(personaName(input)).toEqual(personaName({ ...input }));
    }
  });

  it('gives a Chinese surname and a given name from the pool for the gender and generation', () => {
    for (const gender of ['female', 'male', null] as const) {
      for (const seed of SEEDS) {
        for (const band of ['18-24', '25-34', '45-54', '65+']) {
          const { name, age } = personaName({ seed, gender, ageBand: band, lang: 'zh-CN' });
          const surname = name.slice(0, 1);
          const given = name.slice(1);
          expect(ZH_SURNAMES).toContain(surname);
          expect(ZH_GIVEN_NAMES[gender ?? 'neutral'][generationOf(age)]).toContain(given);
        }
      }
    }
  });

  it('gives female seeds female names and male seeds male names', () => {
    const allMale = Object.values(ZH_GIVEN_NAMES.male).flat();
    const allFemale = Object.values(ZH_GIVEN_NAMES.female).flat();
    for (const seed of SEEDS) {
      for (const band of ['18-24', '25-34', '45-54', '65+']) {
        const female = personaName({ seed, gender: 'female', ageBand: band, lang: 'zh-CN' });
        const male = personaName({ seed, gender: 'male', ageBand: band, lang: 'zh-CN' });
        expect(ZH_GIVEN_NAMES.female[generationOf(female.age)]).toContain(female.name.slice(1));
        expect(allMale).not.toContain(female.name.slice(1));
        expect(ZH_GIVEN_NAMES.male[generationOf(male.age)]).toContain(male.name.slice(1));
        expect(allFemale).not.toContain(male.name.slice(1));
        const en = personaName({ seed, gender: 'female', ageBand: band, lang: 'en' });
        expect(EN_FIRST_NAMES.female[generationOf(en.age)]).toContain(en.name.split(' ')[0]);
        expect(Object.values(EN_FIRST_NAMES.male).flat()).not.toContain(en.name.split(' ')[0]);
      }
    }
  });

  it('fits names to the generation: older names for older personas', () => {
    const senior = personaName({ seed: 'a', gender: 'female', ageBand: '65+', lang: 'zh-CN' });
    expect(ZH_GIVEN_NAMES.female.senior).toContain(senior.name.slice(1));
    const young = personaName({ seed: 'a', gender: 'male', ageBand: '18-24', lang: 'en' });
    expect(EN_FIRST_NAMES.male.young).toContain(young.name.split(' ')[0]);
  });

  it('writes English names as first name and last initial', () => {
    for (const gender of ['female', 'male', null] as const) {
      for (const seed of SEEDS) {
        const { name } = personaName({ seed, gender, ageBand: '35-44', lang: 'en' });
        expect(name).toMatch(/^[A-Z][a-z]+ [A-Z]\.$/);
      }
    }
  });

  it('spreads names over seeds', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const gender of ['female', 'male', null] as const) {
        const names = SEEDS.map(
          (seed) => personaName({ seed, gender, ageBand: '25-34', lang }).name,
        );
        expect(new Set(names).size).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('never produces a name on the avoid list', () => {
    for (let i = 0; i < 2000; i++) {
      const { name } = personaName({
        seed: `s${i}`,
        gender: i % 2 === 0 ? 'male' : 'female',
        ageBand: '25-34',
        lang: 'zh-CN',
      });
      expect(['杨伟', '胡丽', '李娜', '林俊杰']).not.toContain(name);
    }
  });

  it('formats name and age for a card heading', () => {
    expect(formatNameAge({ name: '张静', age: 32 }, 'zh-CN')).toBe('张静，32 岁');
    expect(formatNameAge({ name: 'Emma W.', age: 32 }, 'en')).toBe('Emma W., 32');
  });
});
