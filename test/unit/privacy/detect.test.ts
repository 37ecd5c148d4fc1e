import {
  allowedActions,
  classifySensitive,
  defaultAction,
  detectOrgId,
  detectPii,
  isAddress,
  isEmail,
  isMobilePhone,
  isPersonName,
  piiKindFromHeader,
  validShares,
} from '../../../src/lib/domain/privacy/detect';

const PHONES = ['13800138000', '+86 139-1234-5678', '15012345678', '18688889999', '17712345678'];
const EMAILS = [
  'foo.bar@qq.com',
  'Li.Lei@163.com',
  'a_b@example.co.uk',
  'x@y.cn',
  'm+tag@gmail.com',
];
const IDS = ['11010519491231002X', '440524188001010014', '110105491231002'];
const NAMES = ['李雷', '韩梅梅', '欧阳娜娜', '司马相如', '王小明', 'John Smith', "Mary O'Brien"];
const ADDRESSES = [
  '广东省深圳市南山区科技园南路1号',
  '上海市浦东新区世纪大道100号',
  '北京市朝阳区建国路88号院3号楼',
  '浙江省杭州市西湖区文三路478号',
  '221B Baker Street, London',
];

function repeat<T>(xs: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => xs[i % xs.length] as T);
}

describe('piiKindFromHeader', () => {
  it.each([
    ['姓名', 'name'],
    ['客户名字', 'name'],
    ['联系人', 'name'],
    ['收货人', 'name'],
    ['客户名称', 'name'],
    ['Name', 'name'],
    ['customer_name', 'name'],
    ['customerName', 'name'],
    ['手机', 'phone'],
    ['手机号', 'phone'],
    ['联系电话', 'phone'],
    ['联系方式', 'phone'],
    ['收货人电话', 'phone'],
    ['联系人手机', 'phone'],
    ['Mobile', 'phone'],
    ['phone_number', 'phone'],
    ['TEL', 'phone'],
    ['邮箱', 'email'],
    ['电子邮件', 'email'],
    ['Email', 'email'],
    ['E-mail', 'email'],
    ['mail', 'email'],
    ['邮箱地址', 'email'],
    ['email address', 'email'],
    ['身份证', 'cnId'],
    ['身份证号', 'cnId'],
    ['证件号码', 'cnId'],
    ['idcard', 'cnId'],
    ['id_no', 'cnId'],
    ['地址', 'address'],
    ['收货地址', 'address'],
    ['详细地址', 'address'],
    ['address', 'address'],
    ['addr', 'address'],
    ['身份证地址', 'address'],
  ])('reads %s as %s', (header, kind) => {
    expect(piiKindFromHeader(header)).toBe(kind);
  });

  it.each([
    'customer_id',
    'id',
    '订单号',
    '金额',
    'product_name',
    '商品名称',
    '手机品牌',
    'phone_type',
    'email_consent',
    '是否同意短信营销',
    '手机归属地',
    'city name',
    'username_count',
    'filename',
    'hotel',
  ])('does not read %s as PII', (header) => {
    expect(piiKindFromHeader(header)).toBeNull();
  });
});

describe('value tests', () => {
  it('recognises mainland mobile numbers after canonicalisation', () => {
    for (const p of PHONES) {
      expect(isMobilePhone(p), p).toBe(true);
    }
    for (const p of ['12800138000', '1380013800', '010-12345678', '23800138000', 'abc']) {
      expect(isMobilePhone(p), p).toBe(false);
    }
  });

  it('recognises e-mail addresses', () => {
    for (const e of EMAILS) {
      expect(isEmail(e), e).toBe(true);
    }
    for (const e of ['foo@', '@qq.com', 'foo bar@qq.com', 'foo@qq', 'foo@@qq.com']) {
      expect(isEmail(e), e).toBe(false);
    }
  });

  it('recognises Han names starting with a common surname, compound ones included', () => {
    for (const n of ['李雷', '韩梅梅', '欧阳娜娜', '诸葛亮', '司马光', '张三', '上官婉儿']) {
      expect(isPersonName(n), n).toBe(true);
    }
  });

  it('rejects Han strings that are not names', () => {
    for (const n of [
      '李',
      '雷',
      '你好',
      '黄金会员',
      '王府井店',
      '张江路',
      '北京市',
      '李雷韩梅梅丽',
    ]) {
      expect(isPersonName(n), n).toBe(false);
    }
  });

  it('recognises capitalised Latin first and last names', () => {
    for (const n of [
      'John Smith',
      "Mary O'Brien",
      'Li Lei',
      'Anne-Marie Dupont',
      'John F. Kennedy',
    ]) {
      expect(isPersonName(n), n).toBe(true);
    }
    for (const n of ['john smith', 'JOHN', 'Smith', 'iPhone 15', 'A B C D']) {
      expect(isPersonName(n), n).toBe(false);
    }
  });

  it('recognises Chinese and Latin postal addresses', () => {
    for (const a of ADDRESSES) {
      expect(isAddress(a), a).toBe(true);
    }
    for (const a of ['广东省深圳市', '北京', '深圳市南山区', 'London', 'Baker Street', '123']) {
      expect(isAddress(a), a).toBe(false);
    }
  });
});

describe('validShares', () => {
  it('ignores empty cells', () => {
    const shares = validShares(['13800138000', '', '  ', '15012345678']);
    expect(shares.phone).toBe(1);
  });

  it('is all zero without non-empty cells', () => {
    expect(validShares(['', ' '])).toEqual({ name: 0, phone: 0, email: 0, cnId: 0, address: 0 });
  });

  it('does not count a category of few repeated name-like values as names', () => {
    const shares = validShares(repeat(['黄金会员', '白银卡', '王者'], 30));
    expect(shares.name).toBe(0);
  });
});

describe('detectPii', () => {
  it.each([
    ['phone', PHONES],
    ['email', EMAILS],
    ['cnId', IDS],
    ['name', NAMES],
    ['address', ADDRESSES],
  ] as const)('detects %s from values alone', (kind, values) => {
    const d = detectPii('col7', values);
    expect(d.kind).toBe(kind);
    expect(d.byHeader).toBe(false);
    expect(d.validShare).toBe(1);
    expect(d.confidence).toBeCloseTo(0.9);
  });

  it('is most confident when header and values agree', () => {
    const d = detectPii('手机号', PHONES);
    expect(d).toEqual({ kind: 'phone', confidence: 1, validShare: 1, byHeader: true });
  });

  it('lets value evidence beat a header that names another kind', () => {
    const d = detectPii('联系人', PHONES);
    expect(d.kind).toBe('phone');
    expect(d.byHeader).toBe(false);
  });

  it('flags a column by its header alone with lower confidence', () => {
    const d = detectPii('电话', ['010-12345678', '0755-87654321', '13800138000', '']);
    expect(d.kind).toBe('phone');
    expect(d.byHeader).toBe(true);
    expect(d.validShare).toBeCloseTo(1 / 3);
    expect(d.confidence).toBeLessThan(0.6);
  });

  it('flags an empty column by its header alone', () => {
    expect(detectPii('邮箱', [])).toEqual({
      kind: 'email',
      confidence: 0.3,
      validShare: 0,
      byHeader: true,
    });
  });

  it('needs 90% valid values to detect by value', () => {
    const nine = [...repeat(PHONES, 9), 'n/a'];
    expect(detectPii('x', nine).kind).toBe('phone');
    const eight = [...repeat(PHONES, 8), 'n/a', 'unknown'];
    const d = detectPii('x', eight);
    expect(d.kind).toBeNull();
    expect(d.validShare).toBeCloseTo(0.8);
    expect(d.confidence).toBe(0);
  });

  it('finds nothing in ordinary columns', () => {
    expect(detectPii('amount', ['12.50', '3', '99.9']).kind).toBeNull();
    expect(detectPii('customer_id', ['C001', 'C002', 'C003']).kind).toBeNull();
    expect(detectPii('order_date', ['2024-01-05', '2024-02-11']).kind).toBeNull();
    expect(detectPii('level', repeat(['Gold Member', 'Silver Member'], 40)).kind).toBeNull();
  });
});

describe('detectOrgId', () => {
  it('detects a column of 统一社会信用代码 by value and header', () => {
    expect(detectOrgId('统一社会信用代码', ['91350100M000100Y43'])).toMatchObject({
      kind: 'uscc',
      byHeader: true,
      validShare: 1,
    });
    expect(detectOrgId('col', ['91350100M000100Y43']).kind).toBe('uscc');
    expect(detectOrgId('税号', ['bad']).kind).toBe('uscc');
    expect(detectOrgId('col', ['13800138000']).kind).toBeNull();
  });

  it('is kept by default: an organisation is not a person', () => {
    expect(defaultAction('uscc')).toBe('keep');
    expect(detectPii('col', ['91350100M000100Y43']).kind).toBeNull();
  });
});

describe('classifySensitive', () => {
  it.each([
    ['民族', 'ethnicity'],
    ['宗教信仰', 'religion'],
    ['健康状况', 'health'],
    ['慢性病', 'health'],
    ['既往病史', 'health'],
    ['政治面貌', 'political'],
    ['婚姻状况', 'marital'],
    ['收入', 'income'],
    ['月收入', 'income'],
    ['位置', 'location'],
    ['定位', 'location'],
    ['经纬度', 'location'],
    ['孩子年龄', 'childAge'],
    ['子女年龄', 'childAge'],
    ['Ethnicity', 'ethnicity'],
    ['marital_status', 'marital'],
    ['monthly income', 'income'],
    ['lat', 'location'],
    ['child_age', 'childAge'],
  ])('reads %s as %s', (header, category) => {
    expect(classifySensitive(header)).toBe(category);
  });

  it.each(['年龄', '性别', '城市', 'age', 'amount', '会员等级'])(
    'finds nothing sensitive in %s',
    (h) => {
      expect(classifySensitive(h)).toBeNull();
    },
  );
});

describe('defaultAction', () => {
  it('tokenizes join keys, derives from ID numbers and addresses, drops names', () => {
    expect(defaultAction('phone')).toBe('tokenize');
    expect(defaultAction('email')).toBe('tokenize');
    expect(defaultAction('cnId')).toBe('derive');
    expect(defaultAction('address')).toBe('derive');
    expect(defaultAction('name')).toBe('drop');
    expect(defaultAction('customerId')).toBe('keep');
    expect(defaultAction(null)).toBe('keep');
  });

  it('offers the default first among the allowed actions', () => {
    for (const kind of [
      'phone',
      'email',
      'cnId',
      'address',
      'name',
      'uscc',
      'customerId',
      null,
    ] as const) {
      expect(allowedActions(kind)[0]).toBe(defaultAction(kind));
    }
    expect(allowedActions('name')).toContain('mask');
  });
});
