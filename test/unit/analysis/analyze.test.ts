import { describe, expect, it } from 'vitest';
import { summarizeFiles, type SourceFile } from '../../../src/lib/domain/summary/summarize-files';
import { principalComponents } from '../../../src/lib/domain/analysis/views';

function source(name: string, text: string): SourceFile {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    head: async (n) => bytes.slice(0, n),
    stream: async function* () {
      yield bytes;
    },
  };
}

/** Three well-separated groups of customers, with an age and a yearly spend. */
function customersCsv(): string {
  const lines = ['客户ID,年龄,年消费,城市'];
  const centres = [
    [25, 500, '上海'],
    [45, 5000, '北京'],
    [65, 1500, '成都'],
  ] as const;
  for (let i = 0; i < 90; i++) {
    const [age, spend, city] = centres[i % 3]!;
    lines.push(`C${i},${age + (i % 5)},${spend + (i % 7) * 10},${city}`);
  }
  return lines.join('\n') + '\n';
}

describe('analysis', () => {
  it('clusters a customer table alone on its numeric columns (no transactions)', async () => {
    const s = await summarizeFiles([source('customers.csv', customersCsv())], { lang: 'zh-CN' });
    expect(s.transactions).toBeNull();
    expect(s.rfm).toBeNull();
    expect(s.lifecycle).toBeNull();
    expect(s.clusters).not.toBeNull();
    expect(s.clusters!.features).toEqual(['年龄', '年消费']);
    expect(s.clusters!.k).toBe(3);
    expect(s.clusters!.sizes).toEqual([30, 30, 30]);
  });

  it('takes categories one-hot when named in --features, and refuses unknown names', async () => {
    const s = await summarizeFiles([source('customers.csv', customersCsv())], {
      lang: 'zh-CN',
      features: ['年龄', '城市'],
      k: 3,
    });
    expect(s.clusters!.kChosenBy).toBe('user');
    expect(s.clusters!.features).toEqual(['年龄', '城市=上海', '城市=北京', '城市=成都']);
    await expect(
      summarizeFiles([source('customers.csv', customersCsv())], {
        lang: 'zh-CN',
        features: ['身高'],
      }),
    ).rejects.toThrow(/Unknown feature\(s\): 身高/);
  });

  it('finds orthonormal principal axes with the variance they explain', () => {
    // Points along y = 2x with a little noise: PC1 carries nearly everything.
    const n = 200;
    const m = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const t = (i - n / 2) / 10;
      m[i * 2] = t;
      m[i * 2 + 1] = 2 * t + (i % 2 ? 0.05 : -0.05);
    }
    const { axes, explained } = principalComponents(m, n, 2);
    const dot = axes[0][0]! * axes[1][0]! + axes[0][1]! * axes[1][1]!;
    expect(Math.abs(dot)).toBeLessThan(1e-6);
    expect(Math.hypot(...axes[0])).toBeCloseTo(1, 9);
    expect(Math.abs(axes[0][1]! / axes[0][0]!)).toBeCloseTo(2, 2);
    expect(explained[0]).toBeGreaterThan(0.99);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
  });
});
