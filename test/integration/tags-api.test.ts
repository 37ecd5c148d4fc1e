import { freshApi, importText } from './helpers';
import { describe, expect, it } from 'vitest';
import { createAnalyzeApi } from '../../workers/analyze-api';
import { SEGMENT_NAMES } from '../../src/lib/domain/summary/summary';
import type { ConsentPurpose } from '../../src/lib/domain/types';

const CONSENT = ['是', '否', '', 'yes', 'no', '1'];

/** 60 customers with varied consent, and 1–6 orders each over a year. */
function fixture(): { customers: string; orders: string; ids: string[] } {
  const ids: string[] = [];
  const customers = ['客户ID,性别,城市,营销同意,画像同意,共享同意'];
  const orders = ['订单号,客户ID,下单时间,金额,渠道'];
  let order = 1;
  for (let i = 0; i < 60; i++) {
    const id = `C${String(i + 1).padStart(4, '0')}`;
    ids.push(id);
    customers.push(
      [
        id,
        i % 2 ? '女' : '男',
        ['上海', '杭州', '北京'][i % 3],
        CONSENT[i % 6],
        i % 7 === 0 ? '否' : '是',
        CONSENT[(i + 2) % 6],
      ].join(','),
    );
    for (let k = 0; k < 1 + (i % 6); k++) {
      const day = String(1 + ((i * 7 + k * 3) % 28)).padStart(2, '0');
      const month = String(1 + ((i + k) % 12)).padStart(2, '0');
      orders.push(
        `SO${order++},${id},2024-${month}-${day} 1${k % 10}:00:00,${50 + ((i * 37 + k * 11) % 900)},${['App', '小程序', '门店'][k % 3]}`,
      );
    }
  }
  return { customers: customers.join('\n'), orders: orders.join('\n'), ids };
}

describe('tags api', () => {
  it('tags every profiled customer, names the RFM tags by segment, and its lists respect consent', async () => {
    const { database, api } = freshApi();
    const f = fixture();
    await importText(api, 'customers.csv', f.customers);
    await importText(api, 'orders.csv', f.orders);
    const analyze = createAnalyzeApi(() => database);
    await analyze.run({});
    const overview = (await analyze.tagsOverview('zh-CN'))!;
    expect(structuredClone(overview)).toEqual(overview);
    // Profiling consent "否" for every 7th customer: they carry no tag.
    expect(overview.universe).toBe(60 - Math.ceil(60 / 7));
    for (const s of SEGMENT_NAMES) {
      expect(overview.tags.find((t) => t.id === `seg:${s}`)?.name).toBe(s);
    }
    const summary = await analyze.summary('zh-CN');
    expect(
      summary.tags
        .filter((t) => t.kind === 'model' && t.category === '价值分层')
        .map((t) => t.name),
    ).toEqual(expect.arrayContaining([...SEGMENT_NAMES]));
    const segTotal = overview.tags
      .filter((t) => t.id.startsWith('seg:'))
      .reduce((s, t) => s + t.customers, 0);
    expect(segTotal).toBe(
      summary.rfm!.segments ? Object.values(summary.rfm!.segments).reduce((a, b) => a + b, 0) : -1,
    );

    // pid → consent of every customer, through the lookup by customer id.
    const consentOf = new Map<string, Record<ConsentPurpose, string>>();
    for (const id of f.ids) {
      const card = await analyze.lookupCustomer('zh-CN', { kind: 'customerId', value: id });
      expect(card).not.toBeNull();
      expect(card!.pid).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
      expect(JSON.stringify(card)).not.toContain(id);
      consentOf.set(card!.pid, card!.consent);
    }
    expect(consentOf.size).toBe(60);

    // A saved segment of two tags, then every list for every purpose.
    const female = overview.tags.find((t) => t.name === '性别：女')!;
    const shanghai = overview.tags.find((t) => t.name === '城市：上海')!;
    const segId = await analyze.saveSegment({
      name: '上海女性',
      all: [female.id],
      any: [shanghai.id],
      none: [],
    });
    const targets = [...overview.tags.map((t) => ({ tagId: t.id })), { segmentId: segId }];
    for (const purpose of ['marketing', 'profiling', 'sharing'] as const) {
      for (const target of targets) {
        const list = await analyze.exportList('zh-CN', target, purpose);
        const lines = list.csv
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\r\n');
        expect(lines[0]).toBe('pid,purpose');
        for (const line of lines.slice(1)) {
          const [pid, p] = line.split(',');
          expect(p).toBe(purpose);
          expect(consentOf.get(pid!)?.[purpose]).toBe('granted');
          expect(f.ids.some((id) => line.includes(id))).toBe(false);
        }
        expect(lines.length - 1).toBe(list.rows);
      }
    }
    const again = (await analyze.tagsOverview('zh-CN'))!;
    const seg = again.segments.find((s) => s.id === segId)!;
    expect(seg.customers).toBeGreaterThan(0);
    expect(seg.eligible.marketing).toBeLessThanOrEqual(seg.customers);
  });

  it('validates a rule with the position of the mistake, and keeps edits to built-in tags', async () => {
    const { database, api } = freshApi();
    const f = fixture();
    await importText(api, 'customers.csv', f.customers);
    await importText(api, 'orders.csv', f.orders);
    const analyze = createAnalyzeApi(() => database);
    await analyze.run({});

    const bad = await analyze.saveTag('en', { name: 'x', category: 'value', rule: 'M_scor >= 4' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors[0]!.at).toBe(0);
      expect(bad.errors[0]!.message.en).toMatch(/M_score/);
    }
    const incomplete = await analyze.checkTagRule('en', 'M_score >=');
    expect(incomplete.errors[0]!.at).toBe('M_score >='.length);

    const ok = await analyze.saveTag('en', {
      name: 'Big in Shanghai',
      category: 'value',
      rule: 'M_score >= 4 AND 城市 = "上海"',
    });
    expect(ok.ok).toBe(true);
    await analyze.saveTag('en', {
      id: 'rule:highValue',
      name: 'Top spenders',
      category: 'value',
      rule: 'M_score = 5',
    });
    await analyze.deleteTag('rule:sleeping');
    const o = (await analyze.tagsOverview('en'))!;
    const renamed = o.tags.find((t) => t.id === 'rule:highValue')!;
    expect(renamed).toMatchObject({ name: 'Top spenders', isEdited: true, rule: 'M_score = 5' });
    expect(o.tags.some((t) => t.id === 'rule:sleeping')).toBe(false);
    const mine = o.tags.find((t) => t.name === 'Big in Shanghai')!;
    expect(mine.isBuiltIn).toBe(false);
    expect(mine.customers).toBeGreaterThan(0);
    await analyze.resetBuiltInTags();
    const reset = (await analyze.tagsOverview('en'))!;
    expect(reset.tags.find((t) => t.id === 'rule:highValue')!.name).toBe('High value');
    expect(reset.tags.some((t) => t.name === 'Big in Shanghai')).toBe(true);
  });
});
