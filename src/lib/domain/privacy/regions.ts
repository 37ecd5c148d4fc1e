// A compact table of China's administrative divisions (GB/T 2260), enough to turn the first
// six digits of a 身份证 number or the start of an address into a province and a city.
//
// Only codes we are sure of are listed. ID numbers keep the code of the place where they were
// first issued, so a few codes of divisions since merged away are kept on purpose
// (3712 莱芜, merged into 济南 in 2019). Counties are not listed: a region code resolves to
// its province and, where known, its prefecture-level city.

export interface Province {
  /** Two-digit code, e.g. '44'. */
  code: string;
  /** Short Chinese name, e.g. '广东'. */
  name: string;
  /** Official full name, e.g. '广东省'. */
  fullName: string;
  nameEn: string;
  isMunicipality: boolean;
}

export interface City {
  /** Four-digit code, e.g. '4403'. */
  code: string;
  /** Short Chinese name without 市/地区/盟/自治州, e.g. '深圳'. */
  name: string;
  nameEn: string;
}

export interface Region {
  provinceCode: string;
  /** Short Chinese province name ('广东'; '上海' for the municipality). */
  province: string;
  provinceEn: string;
  /** Four-digit code, or null when the city is not in the table. */
  cityCode: string | null;
  /** Short Chinese city name; for a municipality the municipality itself ('上海'). */
  city: string | null;
  cityEn: string | null;
}

// [code, short name, full name, English]
const PROVINCE_ROWS: readonly (readonly [string, string, string, string])[] = [
  ['11', '北京', '北京市', 'Beijing'],
  ['12', '天津', '天津市', 'Tianjin'],
  ['13', '河北', '河北省', 'Hebei'],
  ['14', '山西', '山西省', 'Shanxi'],
  ['15', '内蒙古', '内蒙古自治区', 'Inner Mongolia'],
  ['21', '辽宁', '辽宁省', 'Liaoning'],
  ['22', '吉林', '吉林省', 'Jilin'],
  ['23', '黑龙江', '黑龙江省', 'Heilongjiang'],
  ['31', '上海', '上海市', 'Shanghai'],
  ['32', '江苏', '江苏省', 'Jiangsu'],
  ['33', '浙江', '浙江省', 'Zhejiang'],
  ['34', '安徽', '安徽省', 'Anhui'],
  ['35', '福建', '福建省', 'Fujian'],
  ['36', '江西', '江西省', 'Jiangxi'],
  ['37', '山东', '山东省', 'Shandong'],
  ['41', '河南', '河南省', 'Henan'],
  ['42', '湖北', '湖北省', 'Hubei'],
  ['43', '湖南', '湖南省', 'Hunan'],
  ['44', '广东', '广东省', 'Guangdong'],
  ['45', '广西', '广西壮族自治区', 'Guangxi'],
  ['46', '海南', '海南省', 'Hainan'],
  ['50', '重庆', '重庆市', 'Chongqing'],
  ['51', '四川', '四川省', 'Sichuan'],
  ['52', '贵州', '贵州省', 'Guizhou'],
  ['53', '云南', '云南省', 'Yunnan'],
  ['54', '西藏', '西藏自治区', 'Tibet'],
  ['61', '陕西', '陕西省', 'Shaanxi'],
  ['62', '甘肃', '甘肃省', 'Gansu'],
  ['63', '青海', '青海省', 'Qinghai'],
  ['64', '宁夏', '宁夏回族自治区', 'Ningxia'],
  ['65', '新疆', '新疆维吾尔自治区', 'Xinjiang'],
  ['71', '台湾', '台湾省', 'Taiwan'],
  ['81', '香港', '香港特别行政区', 'Hong Kong'],
  ['82', '澳门', '澳门特别行政区', 'Macao'],
];

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** All 34 province-level divisions, in code order. */
export const PROVINCES: readonly Province[] = PROVINCE_ROWS.map(
  ([code, name, fullName, nameEn]) => ({
    code,
    name,
    fullName,
    nameEn,
    isMunicipality: MUNICIPALITIES.has(code),
  }),
);

const PROVINCE_BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/**
 * Residence permits for residents of Hong Kong, Macao and Taiwan (港澳台居民居住证, since 2018)
 * carry 18-digit numbers with the address codes 810000, 820000 and 830000. 83 is not a
 * GB/T 2260 province code, so it is an alias of Taiwan (71) for ID numbers only.
 */
const ID_PROVINCE_ALIASES: ReadonlyMap<string, string> = new Map([['83', '71']]);

// Prefecture-level divisions: 'code name English' joined by ';'. Municipalities (11, 12, 31,
// 50) have no entries: every code under them resolves to the municipality itself. Hong Kong,
// Macao and Taiwan have none either.
const CITY_TABLE = `
1301 石家庄 Shijiazhuang;1302 唐山 Tangshan;1303 秦皇岛 Qinhuangdao;1304 邯郸 Handan;
1305 邢台 Xingtai;1306 保定 Baoding;1307 张家口 Zhangjiakou;1308 承德 Chengde;1309 沧州 Cangzhou;
1310 廊坊 Langfang;1311 衡水 Hengshui;
1401 太原 Taiyuan;1402 大同 Datong;1403 阳泉 Yangquan;1404 长治 Changzhi;1405 晋城 Jincheng;
1406 朔州 Shuozhou;1407 晋中 Jinzhong;1408 运城 Yuncheng;1409 忻州 Xinzhou;1410 临汾 Linfen;
1411 吕梁 Lüliang;
1501 呼和浩特 Hohhot;1502 包头 Baotou;1503 乌海 Wuhai;1504 赤峰 Chifeng;1505 通辽 Tongliao;
1506 鄂尔多斯 Ordos;1507 呼伦贝尔 Hulunbuir;1508 巴彦淖尔 Bayannur;1509 乌兰察布 Ulanqab;
1522 兴安 Hinggan;1525 锡林郭勒 Xilingol;1529 阿拉善 Alxa;
2101 沈阳 Shenyang;2102 大连 Dalian;2103 鞍山 Anshan;2104 抚顺 Fushun;2105 本溪 Benxi;
2106 丹东 Dandong;2107 锦州 Jinzhou;2108 营口 Yingkou;2109 阜新 Fuxin;2110 辽阳 Liaoyang;
2111 盘锦 Panjin;2112 铁岭 Tieling;2113 朝阳 Chaoyang;2114 葫芦岛 Huludao;
2201 长春 Changchun;2202 吉林 Jilin;2203 四平 Siping;2204 辽源 Liaoyuan;2205 通化 Tonghua;
2206 白山 Baishan;2207 松原 Songyuan;2208 白城 Baicheng;2224 延边 Yanbian;
2301 哈尔滨 Harbin;2302 齐齐哈尔 Qiqihar;2303 鸡西 Jixi;2304 鹤岗 Hegang;2305 双鸭山 Shuangyashan;
2306 大庆 Daqing;2307 伊春 Yichun;2308 佳木斯 Jiamusi;2309 七台河 Qitaihe;2310 牡丹江 Mudanjiang;
2311 黑河 Heihe;2312 绥化 Suihua;2327 大兴安岭 Da Hinggan Ling;
3201 南京 Nanjing;3202 无锡 Wuxi;3203 徐州 Xuzhou;3204 常州 Changzhou;3205 苏州 Suzhou;
3206 南通 Nantong;3207 连云港 Lianyungang;3208 淮安 Huai'an;3209 盐城 Yancheng;3210 扬州 Yangzhou;
3211 镇江 Zhenjiang;3212 泰州 Taizhou;3213 宿迁 Suqian;
3301 杭州 Hangzhou;3302 宁波 Ningbo;3303 温州 Wenzhou;3304 嘉兴 Jiaxing;3305 湖州 Huzhou;
3306 绍兴 Shaoxing;3307 金华 Jinhua;3308 衢州 Quzhou;3309 舟山 Zhoushan;3310 台州 Taizhou;
3311 丽水 Lishui;
3401 合肥 Hefei;3402 芜湖 Wuhu;3403 蚌埠 Bengbu;3404 淮南 Huainan;3405 马鞍山 Ma'anshan;
3406 淮北 Huaibei;3407 铜陵 Tongling;3408 安庆 Anqing;3410 黄山 Huangshan;3411 滁州 Chuzhou;
3412 阜阳 Fuyang;3413 宿州 Suzhou;3415 六安 Lu'an;3416 亳州 Bozhou;3417 池州 Chizhou;
3418 宣城 Xuancheng;
3501 福州 Fuzhou;3502 厦门 Xiamen;3503 莆田 Putian;3504 三明 Sanming;3505 泉州 Quanzhou;
3506 漳州 Zhangzhou;3507 南平 Nanping;3508 龙岩 Longyan;3509 宁德 Ningde;
3601 南昌 Nanchang;3602 景德镇 Jingdezhen;3603 萍乡 Pingxiang;3604 九江 Jiujiang;3605 新余 Xinyu;
3606 鹰潭 Yingtan;3607 赣州 Ganzhou;3608 吉安 Ji'an;3609 宜春 Yichun;3610 抚州 Fuzhou;
3611 上饶 Shangrao;
3701 济南 Jinan;3702 青岛 Qingdao;3703 淄博 Zibo;3704 枣庄 Zaozhuang;3705 东营 Dongying;
3706 烟台 Yantai;3707 潍坊 Weifang;3708 济宁 Jining;3709 泰安 Tai'an;3710 威海 Weihai;
3711 日照 Rizhao;3712 莱芜 Laiwu;3713 临沂 Linyi;3714 德州 Dezhou;3715 聊城 Liaocheng;
3716 滨州 Binzhou;3717 菏泽 Heze;
4101 郑州 Zhengzhou;4102 开封 Kaifeng;4103 洛阳 Luoyang;4104 平顶山 Pingdingshan;4105 安阳 Anyang;
4106 鹤壁 Hebi;4107 新乡 Xinxiang;4108 焦作 Jiaozuo;4109 濮阳 Puyang;4110 许昌 Xuchang;
4111 漯河 Luohe;4112 三门峡 Sanmenxia;4113 南阳 Nanyang;4114 商丘 Shangqiu;4115 信阳 Xinyang;
4116 周口 Zhoukou;4117 驻马店 Zhumadian;
4201 武汉 Wuhan;4202 黄石 Huangshi;4203 十堰 Shiyan;4205 宜昌 Yichang;4206 襄阳 Xiangyang;
4207 鄂州 Ezhou;4208 荆门 Jingmen;4209 孝感 Xiaogan;4210 荆州 Jingzhou;4211 黄冈 Huanggang;
4212 咸宁 Xianning;4213 随州 Suizhou;4228 恩施 Enshi;
4301 长沙 Changsha;4302 株洲 Zhuzhou;4303 湘潭 Xiangtan;4304 衡阳 Hengyang;4305 邵阳 Shaoyang;
4306 岳阳 Yueyang;4307 常德 Changde;4308 张家界 Zhangjiajie;4309 益阳 Yiyang;4310 郴州 Chenzhou;
4311 永州 Yongzhou;4312 怀化 Huaihua;4313 娄底 Loudi;4331 湘西 Xiangxi;
4401 广州 Guangzhou;4402 韶关 Shaoguan;4403 深圳 Shenzhen;4404 珠海 Zhuhai;4405 汕头 Shantou;
4406 佛山 Foshan;4407 江门 Jiangmen;4408 湛江 Zhanjiang;4409 茂名 Maoming;4412 肇庆 Zhaoqing;
4413 惠州 Huizhou;4414 梅州 Meizhou;4415 汕尾 Shanwei;4416 河源 Heyuan;4417 阳江 Yangjiang;
4418 清远 Qingyuan;4419 东莞 Dongguan;4420 中山 Zhongshan;4451 潮州 Chaozhou;4452 揭阳 Jieyang;
4453 云浮 Yunfu;
4501 南宁 Nanning;4502 柳州 Liuzhou;4503 桂林 Guilin;4504 梧州 Wuzhou;4505 北海 Beihai;
4506 防城港 Fangchenggang;4507 钦州 Qinzhou;4508 贵港 Guigang;4509 玉林 Yulin;4510 百色 Baise;
4511 贺州 Hezhou;4512 河池 Hechi;4513 来宾 Laibin;4514 崇左 Chongzuo;
4601 海口 Haikou;4602 三亚 Sanya;4603 三沙 Sansha;4604 儋州 Danzhou;
5101 成都 Chengdu;5103 自贡 Zigong;5104 攀枝花 Panzhihua;5105 泸州 Luzhou;5106 德阳 Deyang;
5107 绵阳 Mianyang;5108 广元 Guangyuan;5109 遂宁 Suining;5110 内江 Neijiang;5111 乐山 Leshan;
5113 南充 Nanchong;5114 眉山 Meishan;5115 宜宾 Yibin;5116 广安 Guang'an;5117 达州 Dazhou;
5118 雅安 Ya'an;5119 巴中 Bazhong;5120 资阳 Ziyang;5132 阿坝 Ngawa;5133 甘孜 Garzê;
5134 凉山 Liangshan;
5201 贵阳 Guiyang;5202 六盘水 Liupanshui;5203 遵义 Zunyi;5204 安顺 Anshun;5205 毕节 Bijie;
5206 铜仁 Tongren;5223 黔西南 Qianxinan;5226 黔东南 Qiandongnan;5227 黔南 Qiannan;
5301 昆明 Kunming;5303 曲靖 Qujing;5304 玉溪 Yuxi;5305 保山 Baoshan;5306 昭通 Zhaotong;
5307 丽江 Lijiang;5308 普洱 Pu'er;5309 临沧 Lincang;5323 楚雄 Chuxiong;5325 红河 Honghe;
5326 文山 Wenshan;5328 西双版纳 Xishuangbanna;5329 大理 Dali;5331 德宏 Dehong;5333 怒江 Nujiang;
5334 迪庆 Dêqên;
5401 拉萨 Lhasa;5402 日喀则 Xigazê;5403 昌都 Qamdo;5404 林芝 Nyingchi;5405 山南 Shannan;
5406 那曲 Nagqu;5425 阿里 Ngari;
6101 西安 Xi'an;6102 铜川 Tongchuan;6103 宝鸡 Baoji;6104 咸阳 Xianyang;6105 渭南 Weinan;
6106 延安 Yan'an;6107 汉中 Hanzhong;6108 榆林 Yulin;6109 安康 Ankang;6110 商洛 Shangluo;
6201 兰州 Lanzhou;6202 嘉峪关 Jiayuguan;6203 金昌 Jinchang;6204 白银 Baiyin;6205 天水 Tianshui;
6206 武威 Wuwei;6207 张掖 Zhangye;6208 平凉 Pingliang;6209 酒泉 Jiuquan;6210 庆阳 Qingyang;
6211 定西 Dingxi;6212 陇南 Longnan;6229 临夏 Linxia;6230 甘南 Gannan;
6301 西宁 Xining;6302 海东 Haidong;6322 海北 Haibei;6323 黄南 Huangnan;6325 海南 Hainan;
6326 果洛 Golog;6327 玉树 Yushu;6328 海西 Haixi;
6401 银川 Yinchuan;6402 石嘴山 Shizuishan;6403 吴忠 Wuzhong;6404 固原 Guyuan;6405 中卫 Zhongwei;
6501 乌鲁木齐 Ürümqi;6502 克拉玛依 Karamay;6504 吐鲁番 Turpan;6505 哈密 Hami;6523 昌吉 Changji;
6527 博尔塔拉 Bortala;6528 巴音郭楞 Bayingolin;6529 阿克苏 Aksu;6530 克孜勒苏 Kizilsu;
6531 喀什 Kashgar;6532 和田 Hotan;6540 伊犁 Ili;6542 塔城 Tacheng;6543 阿勒泰 Altay
`;

/** Prefecture-level cities and prefectures we are sure of, keyed by four-digit code. */
export const CITIES: ReadonlyMap<string, City> = new Map(
  CITY_TABLE.split(';').map((entry) => {
    const [code = '', name = '', ...en] = entry.trim().split(' ');
    return [code, { code, name, nameEn: en.join(' ') }] as const;
  }),
);

const CITIES_BY_PROVINCE = new Map<string, City[]>();
for (const city of CITIES.values()) {
  const key = city.code.slice(0, 2);
  const list = CITIES_BY_PROVINCE.get(key) ?? [];
  list.push(city);
  CITIES_BY_PROVINCE.set(key, list);
}
// Longest names first so 张家口 wins over a shorter name sharing its start.
for (const list of CITIES_BY_PROVINCE.values()) {
  list.sort((a, b) => b.name.length - a.name.length);
}

/** The province for a two-digit code ('44'), or undefined. */
export function provinceByCode(code2: string): Province | undefined {
  return PROVINCE_BY_CODE.get(code2);
}

/** True when the first two characters are a province code usable in an ID number. */
export function isIdProvinceCode(code2: string): boolean {
  return PROVINCE_BY_CODE.has(ID_PROVINCE_ALIASES.get(code2) ?? code2);
}

function regionFor(province: Province, city: City | null): Region {
  if (province.isMunicipality) {
    return {
      provinceCode: province.code,
      province: province.name,
      provinceEn: province.nameEn,
      cityCode: `${province.code}01`,
      city: province.name,
      cityEn: province.nameEn,
    };
  }
  return {
    provinceCode: province.code,
    province: province.name,
    provinceEn: province.nameEn,
    cityCode: city?.code ?? null,
    city: city?.name ?? null,
    cityEn: city?.nameEn ?? null,
  };
}

/**
 * Province and city of a six-digit (or longer: only the first six count) region code, as
 * found at the start of a 身份证 number. Null when the province code is unknown. Every code
 * under a municipality resolves to the municipality as its city (500103 → 重庆 / 重庆).
 */
export function regionOf(code: string): Region | null {
  if (!/^\d{4}/.test(code)) {
    return null;
  }
  const p2 = code.slice(0, 2);
  const province = PROVINCE_BY_CODE.get(ID_PROVINCE_ALIASES.get(p2) ?? p2);
  if (!province) {
    return null;
  }
  return regionFor(province, CITIES.get(code.slice(0, 4)) ?? null);
}

// --- Addresses -------------------------------------------------------------------------

const CITY_SUFFIX = /^(?:市|地区|盟|自治州|州|[\p{Script=Han}]{1,10}?自治州)/u;

/** Province names to try at the start of an address, longest first. */
const PROVINCE_PREFIXES: readonly (readonly [string, Province])[] = PROVINCES.flatMap(
  (p): (readonly [string, Province])[] => {
    const forms = new Set(
      p.isMunicipality
        ? [p.fullName, p.name]
        : [p.fullName, `${p.name}省`, `${p.name}自治区`, p.name],
    );
    return [...forms].map((form) => [form, p] as const);
  },
).sort((a, b) => b[0].length - a[0].length);

export interface AddressRegion extends Region {
  /** How many characters of the (cleaned) address the province and city names took. */
  matchedLength: number;
}

function cleanAddress(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, '')
    .replace(/^(?:中华人民共和国|中国)/, '');
}

function matchCity(rest: string, candidates: readonly City[], requireSuffix: boolean) {
  for (const city of candidates) {
    if (!rest.startsWith(city.name)) {
      continue;
    }
    const after = rest.slice(city.name.length);
    const suffix = CITY_SUFFIX.exec(after);
    if (suffix) {
      return { city, length: city.name.length + suffix[0].length };
    }
    if (!requireSuffix) {
      return { city, length: city.name.length };
    }
  }
  return null;
}

const ALL_CITIES_BY_LENGTH = [...CITIES.values()].sort((a, b) => b.name.length - a.name.length);

/**
 * Find the province and city named at the start of a Chinese address
 * ('广东省深圳市南山区科技园…' → 广东 / 深圳; '上海市浦东新区…' → 上海 / 上海).
 * A leading 中国 is skipped. Without a province name, a city counts only when written with
 * its suffix ('深圳市…'), so '朝阳区…' is not mistaken for 辽宁朝阳. Null when nothing matches.
 */
export function regionFromAddress(text: string): AddressRegion | null {
  const s = cleanAddress(text);
  for (const [form, province] of PROVINCE_PREFIXES) {
    if (!s.startsWith(form)) {
      continue;
    }
    // '吉林市…' names the city 吉林, not the province written with a wrong suffix.
    if (form === province.name && !province.isMunicipality && s.startsWith(`${form}市`)) {
      continue;
    }
    const rest = s.slice(form.length);
    if (province.isMunicipality) {
      return { ...regionFor(province, null), matchedLength: form.length };
    }
    const found = matchCity(rest, CITIES_BY_PROVINCE.get(province.code) ?? [], false);
    return {
      ...regionFor(province, found?.city ?? null),
      matchedLength: form.length + (found?.length ?? 0),
    };
  }
  const found = matchCity(s, ALL_CITIES_BY_LENGTH, true);
  if (found) {
    const province = PROVINCE_BY_CODE.get(found.city.code.slice(0, 2));
    if (province) {
      return { ...regionFor(province, found.city), matchedLength: found.length };
    }
  }
  return null;
}

/** Short province name at the start of an address ('广东省深圳市…' → '广东'), or null. */
export function provinceFromAddress(text: string): string | null {
  return regionFromAddress(text)?.province ?? null;
}

/** Short city name at the start of an address ('广东省深圳市…' → '深圳'), or null. */
export function cityFromAddress(text: string): string | null {
  return regionFromAddress(text)?.city ?? null;
}
