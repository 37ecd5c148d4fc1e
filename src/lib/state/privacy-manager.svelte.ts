// The Privacy page's state: the audit log (live), and its export; the sensitive attributes of
// the workspace and the grants to use them (live), granted and revoked in the analysis worker.
import { db, type AuditRecord } from '../storage/db';
import { watchAudit, readAudit } from '../storage/audit-repo';
import { appendAudit } from '../storage/audit-repo';
import { toCsv } from '../domain/report/csv';
import { saveBytes, saveText } from './datasets-manager.svelte';
import { jobs } from './jobs-manager.svelte';
import { i18n } from './i18n-manager.svelte';
import { analysisManager } from './analysis-manager.svelte';
import { importBridge } from '../bridges/import-bridge';
import type { PersonFound, PersonQuery } from '../../../workers/api-types';
import { formatBytes } from '../i18n/format';
import { NO_KEY_RESTORE_WARNING } from '../domain/privacy/backup';
import { watchSensitiveGrants } from '../storage/sensitive-use-repo';
import { analyzeBridge } from '../bridges/analyze-bridge';
import { datasetsManager } from './datasets-manager.svelte';
import {
  detectSensitiveAttributes,
  type SensitiveGrant,
  type SensitiveAttribute,
} from '../domain/privacy/sensitive-use';

/** A sensitive attribute as the Privacy page lists it. */
export interface SensitiveRow extends SensitiveAttribute {
  grant: SensitiveGrant | null;
  /** False for a grant whose attribute no stored dataset holds any more. */
  isPresent: boolean;
}

class PrivacyManager {
  audit = $state.raw<AuditRecord[]>([]);
  backupMessage = $state<string | null>(null);
  restoreMessage = $state<string | null>(null);
  restoreWarning = $state<string | null>(null);
  grants = $state.raw<SensitiveGrant[]>([]);
  /** Why a grant was refused, per attribute (shown next to its purpose field). */
  grantErrors = $state<Record<string, string>>({});
  private stop: (() => void) | null = null;
  private stopGrants: (() => void) | null = null;

  /** The workspace's sensitive attributes with their grants, then grants of absent ones. */
  sensitiveRows = $derived.by((): SensitiveRow[] => {
    const found = detectSensitiveAttributes(datasetsManager.datasets);
    const rows: SensitiveRow[] = found.map((a) => ({
      ...a,
      grant: this.grants.find((g) => g.attribute === a.attribute) ?? null,
      isPresent: true,
    }));
    for (const g of this.grants) {
      if (!found.some((a) => a.attribute === g.attribute)) {
        rows.push({
          attribute: g.attribute,
          category: g.category,
          datasets: [],
          grant: g,
          isPresent: false,
        });
      }
    }
    return rows;
  });

  start = () => {
    if (!this.stopGrants) {
      this.stopGrants = watchSensitiveGrants(
        db(),
        (grants) => {
          this.grants = grants;
        },
        () => {
          this.grants = [];
        },
      );
    }
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

  found = $state.raw<PersonFound | null>(null);
  erasedMessage = $state<string | null>(null);
  private lastQuery: PersonQuery | null = null;

  findPerson = (q: PersonQuery) =>
    jobs.run('analysis', async () => {
      this.erasedMessage = null;
      this.lastQuery = q;
      this.found = await importBridge.findPerson(q);
    });

  /** Access request: what the workspace holds on the person, as a JSON download. */
  downloadAccess = () =>
    jobs.run('export', async () => {
      if (!this.lastQuery) {
        return;
      }
      const report = await importBridge.accessReport(this.lastQuery);
      saveText(JSON.stringify(report, null, 2), 'portrait-access-report.json', 'application/json');
    });

  /** Erasure: deletes the person everywhere, downloads the receipt. */
  erase = () =>
    jobs.run('import', async () => {
      if (!this.lastQuery) {
        return;
      }
      const receipt = await importBridge.erasePerson(this.lastQuery);
      saveText(
        JSON.stringify(receipt, null, 2),
        `portrait-erasure-receipt-${receipt.erasedAt.slice(0, 10)}.json`,
        'application/json',
      );
      this.erasedMessage = i18n.t('erase.done', { rows: receipt.rowsDeleted });
      this.found = null;
      void analysisManager.reload();
    });

  /**
   * Allows a sensitive attribute for a written purpose. A refused purpose is kept per
   * attribute for the form (not a job failure); true when granted. The analysis re-runs.
   */
  grantSensitive = (attribute: string, purpose: string) =>
    jobs.run('analysis', async () => {
      const result = await analyzeBridge.grantSensitiveUse({ attribute, purpose });
      const rest = { ...this.grantErrors };
      delete rest[attribute];
      this.grantErrors = result.ok
        ? rest
        : { ...rest, [attribute]: i18n.pick(result.error.message.zh, result.error.message.en) };
      if (result.ok) {
        void analysisManager.reload();
      }
      return result.ok;
    });

  /** Withdraws a grant: the attribute is left out again from the next analysis on. */
  revokeSensitive = (attribute: string) =>
    jobs.run('analysis', async () => {
      await analyzeBridge.revokeSensitiveUse(attribute);
      void analysisManager.reload();
    });

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
