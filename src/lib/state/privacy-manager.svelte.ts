// The Privacy page's state: the audit log (live), and its export.
import { db, type AuditRecord } from '../storage/db';
import { watchAudit, readAudit } from '../storage/audit-repo';
import { appendAudit } from '../storage/audit-repo';
import { toCsv } from '../domain/report/csv';
import { saveBytes, saveText } from './datasets-manager.svelte';
import { jobs } from './jobs-manager.svelte';
import { i18n } from './i18n-manager.svelte';
import { analysisManager } from './analysis-manager.svelte';
import { importBridge } from '../bridges/import-bridge';
import { formatBytes } from '../i18n/format';
import { NO_KEY_RESTORE_WARNING } from '../domain/privacy/backup';

class PrivacyManager {
  audit = $state.raw<AuditRecord[]>([]);
  backupMessage = $state<string | null>(null);
  restoreMessage = $state<string | null>(null);
  restoreWarning = $state<string | null>(null);
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

  exportBackup = (passphrase: string) =>
    jobs.run('export', async () => {
      this.backupMessage = null;
      const result = await importBridge.backup(passphrase || undefined);
      if (!result.ok) {
        throw new Error(i18n.lang === 'en' ? result.error.message : result.error.messageZh);
      }
      const { bytes, fileName, hasKey } = result.value;
      saveBytes(bytes, fileName);
      this.backupMessage = i18n.t('backup.done', {
        file: fileName,
        size: formatBytes(i18n.lang, bytes.length),
        key: hasKey ? i18n.t('backup.withKey') : '',
      });
    });

  /** Validates then restores; nothing changes unless every check passes. */
  restore = (file: File, passphrase: string) =>
    jobs.run('import', async () => {
      this.restoreMessage = null;
      this.restoreWarning = null;
      const result = await importBridge.restore(file, passphrase || undefined);
      if (!result.ok) {
        throw new Error(i18n.lang === 'en' ? result.error.message : result.error.messageZh);
      }
      this.restoreMessage = i18n.t('backup.restored', { n: result.value.datasets });
      this.restoreWarning = result.value.hasKey
        ? null
        : i18n.lang === 'en'
          ? NO_KEY_RESTORE_WARNING.en
          : NO_KEY_RESTORE_WARNING.zh;
      void analysisManager.reload();
    });

  inspect = (file: File) => importBridge.inspectBackup(file);

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
