// The Reports page: the shareable exports (self-contained HTML, aggregate CSV) with their
// declared purpose and the workspace's k (smallest group shown), both written to the audit log.
import { analyzeBridge } from '../bridges/analyze-bridge';
import { db } from '../storage/db';
import { getSetting, putSetting } from '../storage/settings-repo';
import { DEFAULT_MIN_GROUP } from '../domain/report/guard';
import type { ReportPurpose } from '../domain/report/report-model';
import { i18n } from './i18n-manager.svelte';
import { jobs } from './jobs-manager.svelte';
import { saveText } from './datasets-manager.svelte';

class ReportsManager {
  purpose = $state<ReportPurpose>('internal');
  minGroup = $state(DEFAULT_MIN_GROUP);
  message = $state<string | null>(null);

  load = async () => {
    this.minGroup = (await getSetting<number>(db(), 'minGroup')) ?? DEFAULT_MIN_GROUP;
  };

  setMinGroup = async (k: number) => {
    if (!Number.isInteger(k) || k < 2 || k > 1000) {
      return;
    }
    this.minGroup = k;
    await putSetting(db(), 'minGroup', k);
  };

  export = (format: 'html' | 'csv') =>
    jobs.run('export', async () => {
      this.message = null;
      const r = await analyzeBridge.exportReport(i18n.lang, {
        purpose: this.purpose,
        format,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      saveText(
        r.text,
        r.fileName,
        format === 'html' ? 'text/html;charset=utf-8' : 'text/csv;charset=utf-8',
      );
      this.message = i18n.pick(
        `已导出 ${r.fileName}（k = ${r.minGroup}${r.personasLeftOut ? `；${r.personasLeftOut} 个画像因组人数少于 k 未包含` : ''}）。已写入审计日志。`,
        `Exported ${r.fileName} (k = ${r.minGroup}${r.personasLeftOut ? `; ${r.personasLeftOut} persona(s) of groups under k left out` : ''}). Written to the audit log.`,
      );
    });
}

export const reportsManager = new ReportsManager();
