import {
  CITIES,
  cityFromAddress,
  PROVINCES,
  provinceFromAddress,
  regionFromAddress,
  regionOf,
} from '../../../src/lib/domain/privacy/regions';

describe('province table', () => {
  it('has all 34 province-level divisions with unique codes and names', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(34);
    expect(PROVINCES[0]).toMatchObject({ code: '11', name: '北京', nameEn: 'Beijing' });
    expect(PROVINCES.at(-1)).toMatchObject({ code: '82', name: '澳门', nameEn: 'Macao' });
  });

  it('gives every province an English name and a full name starting with its short name', () => {
    for (const p of PROVINCES) {
      expect(p.nameEn).toMatch(/^[A-Z]/);
      expect(p.fullName.startsWith(p.name)).toBe(true);
    }
  });

  it('files every city under a known province, with a Chinese and an English name', () => {
    const codes = new Set(PROVINCES.map((p) => p.code));
    for (const city of CITIES.values()) {
      expect(city.code).toMatch(/^\d{4}$/);
      expect(codes.has(city.code.slice(0, 2)), city.code).toBe(true);
      expect(city.name).toMatch(/^\p{Script=Han}{2,5}$/u);
      expect(city.nameEn).not.toBe('');
    }
  });
});

describe('regionOf', () => {
  it.each([
    ['110101', '北京', '北京'],
    ['310101', '上海', '上海'],
    ['440106', '广东', '广州'],
    ['440305', '广东', '深圳'],
    ['330106', '浙江', '杭州'],
    ['510107', '四川', '成都'],
    ['420106', '湖北', '武汉'],
    ['320102', '江苏', '南京'],
    ['610113', '陕西', '西安'],
    ['500103', '重庆', '重庆'],
    ['320505', '江苏', '苏州'],
    ['120101', '天津', '天津'],
    ['430102', '湖南', '长沙'],
    ['410102', '河南', '郑州'],
    ['370202', '山东', '青岛'],
  ])('resolves the sample-data code %s to %s / %s', (code, province, city) => {
    expect(regionOf(code)).toMatchObject({ province, city });
  });

  it.each([
    ['2101', '沈阳'],
    ['2102', '大连'],
    ['3501', '福州'],
    ['3502', '厦门'],
    ['3401', '合肥'],
    ['3601', '南昌'],
    ['3701', '济南'],
    ['1301', '石家庄'],
    ['1401', '太原'],
    ['2201', '长春'],
    ['2301', '哈尔滨'],
    ['4501', '南宁'],
    ['5201', '贵阳'],
    ['5301', '昆明'],
    ['6201', '兰州'],
    ['3302', '宁波'],
    ['3203', '徐州'],
    ['4419', '东莞'],
    ['4406', '佛山'],
  ])('knows the city %s %s', (code, city) => {
    expect(regionOf(`${code}00`)?.city).toBe(city);
  });

  it('gives English names too', () => {
    expect(regionOf('440305')).toEqual({
      provinceCode: '44',
      province: '广东',
      provinceEn: 'Guangdong',
      cityCode: '4403',
      city: '深圳',
      cityEn: 'Shenzhen',
    });
  });

  it('resolves every code under a municipality to the municipality', () => {
    expect(regionOf('110228')).toMatchObject({ province: '北京', city: '北京', cityCode: '1101' });
    expect(regionOf('500229')).toMatchObject({ province: '重庆', city: '重庆' });
  });

  it('keeps the province and a null city when the prefecture is not in the table', () => {
    expect(regionOf('139900')).toMatchObject({ province: '河北', city: null, cityCode: null });
  });

  it('returns null for an unknown province or a malformed code', () => {
    expect(regionOf('990101')).toBeNull();
    expect(regionOf('abc')).toBeNull();
    expect(regionOf('')).toBeNull();
  });
});

describe('provinceFromAddress and cityFromAddress', () => {
  it.each([
    ['广东省深圳市南山区科技园南路1号', '广东', '深圳'],
    ['上海市浦东新区世纪大道100号', '上海', '上海'],
    ['北京朝阳区建国路88号', '北京', '北京'],
    ['浙江杭州西湖区文三路', '浙江', '杭州'],
    ['广西壮族自治区南宁市青秀区', '广西', '南宁'],
    ['内蒙古呼和浩特市新城区', '内蒙古', '呼和浩特'],
    ['新疆维吾尔自治区乌鲁木齐市天山区', '新疆', '乌鲁木齐'],
    ['湖北省恩施土家族苗族自治州恩施市', '湖北', '恩施'],
    ['中国江苏省苏州市工业园区星湖街', '江苏', '苏州'],
    ['  广东省 深圳市 福田区 ', '广东', '深圳'],
    ['吉林省吉林市船营区', '吉林', '吉林'],
  ])('reads %s as %s / %s', (address, province, city) => {
    expect(provinceFromAddress(address)).toBe(province);
    expect(cityFromAddress(address)).toBe(city);
  });

  it('finds the province from a city written with its suffix', () => {
    expect(provinceFromAddress('深圳市南山区科技园')).toBe('广东');
    expect(cityFromAddress('深圳市南山区科技园')).toBe('深圳');
    expect(provinceFromAddress('吉林市船营区')).toBe('吉林');
  });

  it('does not take a district for a city without a province', () => {
    // 朝阳 is a city of 辽宁, but '朝阳区' is a district (of 北京 here).
    expect(regionFromAddress('朝阳区建国路88号')).toBeNull();
  });

  it('keeps the province when the city is not recognised', () => {
    expect(provinceFromAddress('河北省某某县城关镇')).toBe('河北');
    expect(cityFromAddress('河北省某某县城关镇')).toBeNull();
  });

  it('returns null for text that does not start with a region', () => {
    expect(provinceFromAddress('科技园南路1号')).toBeNull();
    expect(cityFromAddress('221B Baker Street, London')).toBeNull();
    expect(provinceFromAddress('')).toBeNull();
  });

  it('tells 山西 from 陕西', () => {
    expect(provinceFromAddress('山西省太原市小店区')).toBe('山西');
    expect(provinceFromAddress('陕西省西安市雁塔区')).toBe('陕西');
  });
});
