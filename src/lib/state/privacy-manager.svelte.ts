// The Privacy page's state: the audit log (live), and its export.
import { db, type AuditRecord } from '../storage/db';
import { watchAudit, readAudit } from '../storage/audit-repo';
import { appendAudit } from '../storage/audit-repo';
import { toCsv } from '../domain/report/csv';
import { saveText } from './datasets-manager.svelte';
import { jobs } from './jobs-manager.svelte';

class PrivacyManager {
  audit = $state.raw<AuditRecord[]>([]);
  private stop: (() => void) | null = null;

  start = () => {
    if (this.stop) {
      return;
    }
    this.stop = watchAudit(
      db(),
      (entries) => {
        this.audit = entries;
      },
      () => {
        this.audit = [];
      },
    );
  };

  exportAudit = () =>
    jobs.run('export', async () => {
      const entries = await readAudit(db(), 100_000);
      const rows: (string | number)[][] = [['seq', 'time', 'event', 'detail']];
      for (const e of entries.reverse()) {
        rows.push([e.seq ?? '', new Date(e.at).toISOString(), e.kind, JSON.stringify(e.detail)]);
      }
      await appendAudit(db(), 'export', { what: 'auditLog', rows: entries.length });
      saveText(toCsv(rows), 'portrait-audit-log.csv', 'text/csv;charset=utf-8');
    });
}

export const privacyManager = new PrivacyManager();
