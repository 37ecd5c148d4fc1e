import {
  allowedNames,
  checkPurpose,
  describeGrant,
  detectSensitiveAttributes,
  grantsReadByRules,
  isPlaceholderPurpose,
  mayUseAttribute,
  normalizePurpose,
  PURPOSE_MAX_CHARS,
  restoreGrants,
  sameAllowed,
  validateGrant,
  withGrant,
  withoutGrant,
  type SensitiveGrant,
} from '../../../src/lib/domain/privacy/sensitive-use';

const NOW = new Date('2025-03-04T05:06:07.000Z');
const PURPOSE_ZH = '分析月收入与客单价的关系，用于会员权益分层';
const PURPOSE_EN = 'Compare basket size across income bands to plan member tiers';

function grant(attribute: string, purpose = PURPOSE_ZH): SensitiveGrant {
  const r = validateGrant({ attribute, purpose }, NOW);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return r.value;
}

describe('checkPurpose', () => {
  it('accepts a written purpose in Chinese or English, trimmed and on one line', () => {
    expect(checkPurpose(`  ${PURPOSE_ZH}\n`)).toEqual({ ok: true, value: PURPOSE_ZH });
    expect(checkPurpose(`${PURPOSE_EN.replace(/ /g, '  \n ')}`)).toEqual({
      ok: true,
      value: PURPOSE_EN,
    });
  });

  it('normalizes white space and composes characters', () => {
    expect(normalizePurpose(' a\tb\r\n\nc ')).toBe('a b c');
    expect(normalizePurpose('Cafe\u0301')).toBe('Café');
  });

  it.each([
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['用于分析', 'tooShort'],
    ['marketing', 'tooShort'],
    ['分析 . . . . . . . . . . 收入', 'tooShort'],
    ['aaaaaaaaaaaaaaa', 'placeholder'],
    ['test test test test', 'placeholder'],
    ['TODO TODO TODO TBD', 'placeholder'],
    ['测试测试测试测试测试测试', 'placeholder'],
    ['待定待定待定待定待定待定', 'placeholder'],
    ['lorem ipsum dolor sit amet', 'placeholder'],
    ['1234567890', 'placeholder'],
    ['哈哈哈哈哈哈哈哈哈哈哈', 'placeholder'],
    ['x'.repeat(PURPOSE_MAX_CHARS + 1), 'tooLong'],
    ['联系 13800138000 了解收入情况并分层', 'identifier'],
    ['ask li.lei@163.com about the income analysis', 'identifier'],
  ])('refuses %j (%s) with a message in both languages', (text, code) => {
    const r = checkPurpose(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.error.message.en).toMatch(/[a-z]/);
    }
  });

  it('does not take a real purpose for a placeholder', () => {
    expect(isPlaceholderPurpose(PURPOSE_ZH)).toBe(false);
    expect(isPlaceholderPurpose(PURPOSE_EN)).toBe(false);
    expect(isPlaceholderPurpose('测试新会员活动对不同收入人群的效果')).toBe(false);
    expect(isPlaceholderPurpose('A/B test of the coupon by marital status')).toBe(false);
  });
});

describe('validateGrant', () => {
  it('makes a dated grant with the category of the attribute', () => {
    expect(validateGrant({ attribute: ' 月收入 ', purpose: PURPOSE_ZH }, NOW)).toEqual({
      ok: true,
      value: {
        attribute: '月收入',
        category: 'income',
        purpose: PURPOSE_ZH,
        grantedAt: '2025-03-04T05:06:07.000Z',
      },
    });
    expect(grant('婚姻状况').category).toBe('marital');
    expect(grant('子女年龄').category).toBe('childAge');
  });

  it('refuses a column that is not sensitive, none, or one the workspace lacks', () => {
    const notSensitive = validateGrant({ attribute: '城市', purpose: PURPOSE_ZH }, NOW);
    expect(!notSensitive.ok && notSensitive.error.code).toBe('notSensitive');
    const none = validateGrant({ attribute: ' ', purpose: PURPOSE_ZH }, NOW);
    expect(!none.ok && none.error.code).toBe('noAttribute');
    const present = [{ attribute: '婚姻', category: 'marital' as const, datasets: ['a.csv'] }];
    const absent = validateGrant({ attribute: '月收入', purpose: PURPOSE_ZH }, NOW, present);
    expect(!absent.ok && absent.error.code).toBe('notInWorkspace');
    expect(validateGrant({ attribute: '婚姻', purpose: PURPOSE_ZH }, NOW, present).ok).toBe(true);
  });

  it('refuses an invalid purpose', () => {
    const r = validateGrant({ attribute: '月收入', purpose: 'test' }, NOW);
    expect(!r.ok && r.error.code).toBe('tooShort');
  });
});

describe('grants', () => {
  it('restores stored grants: drops malformed, non-sensitive and invalid ones, one per attribute', () => {
    const raw = [
      grant('月收入'),
      { attribute: '城市', category: 'income', purpose: PURPOSE_ZH, grantedAt: NOW.toISOString() },
      { attribute: '婚姻', category: 'marital', purpose: 'x', grantedAt: NOW.toISOString() },
      { attribute: '民族', purpose: PURPOSE_ZH, grantedAt: 'not a date' },
      { attribute: 42, purpose: PURPOSE_ZH, grantedAt: NOW.toISOString() },
      null,
      'junk',
      { ...grant('月收入', PURPOSE_EN), category: 'religion' },
      grant('健康状况'),
    ];
    expect(restoreGrants(raw)).toEqual([
      { ...grant('健康状况') },
      { ...grant('月收入', PURPOSE_EN), category: 'income' },
    ]);
    expect(restoreGrants(undefined)).toEqual([]);
    expect(restoreGrants({ attribute: '月收入' })).toEqual([]);
  });

  it('adds, replaces and removes grants by attribute', () => {
    let grants = withGrant([], grant('月收入'));
    grants = withGrant(grants, grant('婚姻'));
    grants = withGrant(grants, grant('月收入', PURPOSE_EN));
    expect(grants.map((g) => [g.attribute, g.purpose])).toEqual([
      ['婚姻', PURPOSE_ZH],
      ['月收入', PURPOSE_EN],
    ]);
    expect(allowedNames(withoutGrant(grants, '婚姻'))).toEqual(['月收入']);
    expect(sameAllowed(['b', 'a'], ['a', 'b', 'a'])).toBe(true);
    expect(sameAllowed(['a'], [])).toBe(false);
  });

  it('lets the analysis use a sensitive attribute only when allowed', () => {
    const allowed = new Set(['月收入']);
    expect(mayUseAttribute('城市', new Set())).toBe(true);
    expect(mayUseAttribute('月收入', new Set())).toBe(false);
    expect(mayUseAttribute('月收入', allowed)).toBe(true);
    expect(mayUseAttribute('婚姻', allowed)).toBe(false);
  });

  it('finds the grants a rule reads', () => {
    const grants = [grant('月收入'), grant('婚姻')];
    expect(grantsReadByRules(['月收入 >= 8000 AND 城市 = 上海'], grants)).toEqual([grants[0]]);
    expect(grantsReadByRules(['R <= 30', 'not a (valid rule'], grants)).toEqual([]);
    expect(grantsReadByRules(['婚姻 IN (已婚)', '月收入 IS MISSING'], grants)).toEqual(grants);
    const latin = [grant('Income')];
    expect(grantsReadByRules(['income > 1'], latin)).toEqual(latin);
  });

  it('describes a grant in both languages', () => {
    expect(describeGrant(grant('月收入'), 'zh-CN')).toBe(
      `月收入（收入），使用目的：“${PURPOSE_ZH}”`,
    );
    expect(describeGrant(grant('月收入'), 'en')).toBe(
      `月收入 (income), purpose of use: “${PURPOSE_ZH}”`,
    );
  });
});

describe('detectSensitiveAttributes', () => {
  it('lists the sensitive attribute columns of the datasets, not identifiers or dropped ones', () => {
    const col = (name: string, extra: Partial<{ role: string | null; pii: string | null; action: string; storage: string }> = {}) => ({
      name,
      role: 'attribute',
      pii: null,
      action: 'keep',
      storage: 'f64',
      ...extra,
    }); // prettier-ignore
    const found = detectSensitiveAttributes([
      {
        name: 'customers.csv',
        columns: [
          col('客户ID', { role: 'customerId', storage: 'dict' }),
          col('月收入'),
          col('婚姻', { storage: 'dict' }),
          col('城市', { storage: 'dict' }),
          col('健康状况', { storage: 'none', action: 'drop' }),
          col('民族', { pii: 'name' }),
        ],
      },
      { name: 'survey.csv', columns: [col('月收入'), col('宗教信仰', { role: null })] },
    ]);
    expect(found).toEqual([
      { attribute: '婚姻', category: 'marital', datasets: ['customers.csv'] },
      { attribute: '宗教信仰', category: 'religion', datasets: ['survey.csv'] },
      { attribute: '月收入', category: 'income', datasets: ['customers.csv', 'survey.csv'] },
    ]);
  });
});
