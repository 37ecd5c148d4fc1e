// The audit log: append-only. There is deliberately no update or delete here.
import { liveQuery } from 'dexie';
import type { AuditRecord, PortraitDb } from './db';

export async function appendAudit(
  db: PortraitDb,
  kind: string,
  detail: AuditRecord['detail'],
): Promise<void> {
  await db.audit.add({ at: Date.now(), kind, detail });
}

export async function readAudit(db: PortraitDb, limit = 500): Promise<AuditRecord[]> {
  return db.audit.orderBy('seq').reverse().limit(limit).toArray();
}

/** The latest audit entries as a live query. */
export function watchAudit(
  db: PortraitDb,
  onChange: (entries: AuditRecord[]) => void,
  onError: (err: unknown) => void,
  limit = 200,
): () => void {
  const sub = liveQuery(() => readAudit(db, limit)).subscribe({ next: onChange, error: onError });
  return () => sub.unsubscribe();
}
