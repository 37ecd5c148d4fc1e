import { freshApi, importText } from './helpers';
import { describe, expect, it } from 'vitest';
import { createAnalyzeApi } from '../../workers/analyze-api';
import { readAudit } from '../../src/lib/storage/audit-repo';
import { readSensitiveGrants } from '../../src/lib/storage/sensitive-use-repo';

const PURPOSE = '分析月收入与客单价的关系，用于会员权益分层设计';

/** 60 customers with a monthly income (月收入) and marital status (婚姻), 1–6 orders each. */
function fixture(): { customers: string; orders: string } {
  const customers = ['客户ID,性别,城市,月收入,婚姻,画像同意'];
  const orders = ['订单号,客户ID,下单时间,金额'];
  let order = 1;
  for (let i = 0; i < 60; i++) {
    const id = `C${String(i + 1).padStart(4, '0')}`;
    const orderCount = 1 + (i % 6);
    // Income rises with the number of orders: it sets the big spenders apart.
    const income = 3000 + orderCount * 2000 + ((i * 37) % 500);
    customers.push(
      [
        id,
        i % 2 ? '女' : '男',
        ['上海', '杭州'][i % 2],
        income,
        ['已婚', '未婚'][i % 3 ? 0 : 1],
        '是',
      ].join(','),
    );
    for (let k = 0; k < orderCount; k++) {
      const day = String(1 + ((i * 7 + k * 3) % 28)).padStart(2, '0');
      const month = String(1 + ((i + k) % 12)).padStart(2, '0');
      orders.push(`SO${order++},${id},2024-${month}-${day} 10:00:00,${100 + orderCount * 150}`);
    }
  }
  return { customers: customers.join('\n'), orders: orders.join('\n') };
}

async function setUp() {
  const { database, api } = freshApi();
  const f = fixture();
  await importText(api, 'customers.csv', f.customers);
  await importText(api, 'orders.csv', f.orders);
  const analyze = createAnalyzeApi(() => database);
  return { database, api, analyze };
}

describe('sensitive attributes', () => {
  it('stay out of clustering, rules and profiles until allowed with a written purpose; the grant is logged and printed on outputs', async () => {
    const { database, analyze } = await setUp();

    // Without a grant: no feature choice, no rule field, not in profiles or outputs.
    let run = await analyze.run({ features: ['R', 'F', 'M', '月收入'] });
    expect(run.result.featureChoices).not.toContain('月收入');
    expect(run.result.featureChoices).not.toContain('婚姻');
    expect(run.result.featureChoices).toContain('城市');
    expect(run.result.clusters!.features).toEqual(['R', 'F', 'M']);
    expect(run.settings.sensitiveAllowed).toEqual([]);
    expect(JSON.stringify(run.view)).not.toContain('月收入');
    let overview = (await analyze.tagsOverview('zh-CN'))!;
    expect(overview.fields.map((f) => f.name)).not.toContain('月收入');
    expect(overview.fields.map((f) => f.name)).not.toContain('婚姻');
    expect((await analyze.checkTagRule('zh-CN', '月收入 >= 8000')).errors).not.toEqual([]);
    const summaryBefore = await analyze.summary('zh-CN');
    expect('sensitiveUse' in summaryBefore).toBe(false);
    const htmlBefore = (
      await analyze.exportReport('zh-CN', { purpose: 'internal', format: 'html' })
    ).text;
    expect(htmlBefore).toContain('未使用任何敏感属性');
    expect(htmlBefore).not.toContain('月收入');

    // A grant needs a real purpose, for an attribute of the workspace.
    const refused = await analyze.grantSensitiveUse({ attribute: '月收入', purpose: '测试' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message.en).toMatch(/at least 10/);
    const absent = await analyze.grantSensitiveUse({ attribute: '宗教', purpose: PURPOSE });
    expect(!absent.ok && absent.error.code).toBe('notInWorkspace');
    expect(await readSensitiveGrants(database)).toEqual([]);
    expect((await readAudit(database)).some((e) => e.kind.startsWith('sensitiveUse'))).toBe(false);

    const granted = await analyze.grantSensitiveUse({ attribute: '月收入', purpose: PURPOSE });
    expect(structuredClone(granted)).toEqual(granted);
    expect(granted.ok && granted.value).toMatchObject({
      attribute: '月收入',
      category: 'income',
      purpose: PURPOSE,
    });
    const grantEntry = (await readAudit(database)).find((e) => e.kind === 'sensitiveUseGranted');
    expect(grantEntry?.detail).toMatchObject({
      attribute: '月收入',
      category: 'income',
      purpose: PURPOSE,
    });
    expect((await analyze.latest())!.isStale).toBe(true);

    // With the grant: a clustering feature choice, a rule field (no automatic fact tags), in
    // profiles; 婚姻 (not granted) still out.
    run = await analyze.run({ ...run.settings, features: ['R', 'F', 'M', '月收入'] });
    expect(run.settings.sensitiveAllowed).toEqual(['月收入']);
    expect(run.result.featureChoices).toContain('月收入');
    expect(run.result.featureChoices).not.toContain('婚姻');
    expect(run.result.clusters!.features).toEqual(['R', 'F', 'M', '月收入']);
    overview = (await analyze.tagsOverview('zh-CN'))!;
    expect(overview.fields.map((f) => f.name)).toContain('月收入');
    expect(overview.fields.map((f) => f.name)).not.toContain('婚姻');
    expect(overview.tags.some((t) => t.rule.includes('月收入'))).toBe(false);
    const saved = await analyze.saveTag('zh-CN', {
      name: '高收入',
      category: 'value',
      rule: '月收入 >= 12000',
    });
    expect(saved.ok).toBe(true);
    const tagId = (saved as { ok: true; id: string }).id;
    const profile = await analyze.groupProfile('zh-CN', { tagId });
    expect(profile!.profile.traits.map((t) => t.name)).toContain('月收入');
    const list = await analyze.exportList('zh-CN', { tagId }, 'profiling');
    expect(list.rows).toBeGreaterThan(0);
    expect(list.sensitiveUse.map((g) => [g.attribute, g.purpose])).toEqual([['月收入', PURPOSE]]);
    const listEntry = (await readAudit(database)).find((e) => e.kind === 'listExported');
    expect(listEntry?.detail.sensitiveAttributes).toBe('月收入');

    // Outputs print the attribute and the written purpose.
    const html = (await analyze.exportReport('zh-CN', { purpose: 'internal', format: 'html' }))
      .text;
    expect(html).toContain('月收入');
    expect(html).toContain(PURPOSE);
    expect(html).not.toContain('未使用任何敏感属性');
    const htmlEn = (await analyze.exportReport('en', { purpose: 'internal', format: 'html' })).text;
    expect(htmlEn).toContain(`purpose of use: “${PURPOSE}”`);
    const csv = (await analyze.exportReport('en', { purpose: 'internal', format: 'csv' })).text;
    expect(csv).toContain(`Sensitive attribute used,月收入,income,Purpose of use: ${PURPOSE},`);
    const summary = await analyze.summary('zh-CN');
    expect(summary.sensitiveUse).toEqual([
      expect.objectContaining({ attribute: '月收入', category: 'income', purpose: PURPOSE }),
    ]);
    expect(summary.clusters!.features).toContain('月收入');
    const exportEntry = (await readAudit(database)).find(
      (e) => e.kind === 'export' && e.detail.what === 'htmlReport',
    );
    expect(exportEntry?.detail.sensitiveAttributes).toBe('月收入');

    // Revoke: logged with the purpose; the attribute is out again (the user's rule now fails).
    expect((await analyze.revokeSensitiveUse('月收入'))?.purpose).toBe(PURPOSE);
    expect(await analyze.revokeSensitiveUse('月收入')).toBeNull();
    const revokeEntries = (await readAudit(database)).filter(
      (e) => e.kind === 'sensitiveUseRevoked',
    );
    expect(revokeEntries).toHaveLength(1);
    expect(revokeEntries[0]!.detail).toMatchObject({ attribute: '月收入', purpose: PURPOSE });
    expect((await analyze.latest())!.isStale).toBe(true);
    overview = (await analyze.tagsOverview('zh-CN'))!;
    expect(overview.fields.map((f) => f.name)).not.toContain('月收入');
    const tag = overview.tags.find((t) => t.id === tagId);
    expect(tag).toBeDefined();
    expect(tag!.error).not.toBeNull();
    run = await analyze.run(run.settings);
    expect(run.result.clusters!.features).toEqual(['R', 'F', 'M']);
    expect(run.result.featureChoices).not.toContain('月收入');
    expect('sensitiveUse' in (await analyze.summary('zh-CN'))).toBe(false);
  });

  it('travel with a backup and come back on restore', async () => {
    const { database, api, analyze } = await setUp();
    expect((await analyze.grantSensitiveUse({ attribute: '婚姻', purpose: PURPOSE })).ok).toBe(
      true,
    );
    const backup = await api.backup();
    expect(backup.ok).toBe(true);
    await analyze.revokeSensitiveUse('婚姻');
    expect(await readSensitiveGrants(database)).toEqual([]);
    const bytes = (backup as Extract<typeof backup, { ok: true }>).value.bytes;
    expect((await api.restore(new Blob([bytes as BlobPart]))).ok).toBe(true);
    expect((await readSensitiveGrants(database)).map((g) => [g.attribute, g.purpose])).toEqual([
      ['婚姻', PURPOSE],
    ]);
  });
});
