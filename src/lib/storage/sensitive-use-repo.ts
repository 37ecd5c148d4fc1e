// Grants to use sensitive attributes (domain/privacy/sensitive-use): one settings record, so
// backups and restores carry them with the other settings. Each grant and each revoke writes
// its audit entry, with the purpose, in the same transaction: a grant never exists unlogged.
import { liveQuery } from 'dexie';
import type { PortraitDb } from './db';
import { appendAudit } from './audit-repo';
import {
  restoreGrants,
  SENSITIVE_AUDIT,
  withGrant,
  withoutGrant,
  type SensitiveGrant,
} from '../domain/privacy/sensitive-use';

export const SENSITIVE_GRANTS_KEY = 'sensitiveGrants';

/** The grants in force (normalized on read). */
export async function readSensitiveGrants(db: PortraitDb): Promise<SensitiveGrant[]> {
  return restoreGrants((await db.settings.get(SENSITIVE_GRANTS_KEY))?.value);
}

/** Stores a (validated) grant, replacing one of the same attribute, and logs it. */
export async function putSensitiveGrant(
  db: PortraitDb,
  grant: SensitiveGrant,
): Promise<{ replaced: SensitiveGrant | null }> {
  return db.transaction('rw', db.settings, db.audit, async () => {
    const grants = await readSensitiveGrants(db);
    const replaced = grants.find((g) => g.attribute === grant.attribute) ?? null;
    await db.settings.put({ key: SENSITIVE_GRANTS_KEY, value: withGrant(grants, grant) });
    await appendAudit(db, SENSITIVE_AUDIT.granted, {
      attribute: grant.attribute,
      category: grant.category,
      purpose: grant.purpose,
      replacesPurpose: replaced?.purpose ?? null,
    });
    return { replaced };
  });
}

/** Removes the grant of `attribute` and logs it with the purpose it had; null when none. */
export async function deleteSensitiveGrant(
  db: PortraitDb,
  attribute: string,
): Promise<SensitiveGrant | null> {
  return db.transaction('rw', db.settings, db.audit, async () => {
    const grants = await readSensitiveGrants(db);
    const revoked = grants.find((g) => g.attribute === attribute) ?? null;
    if (!revoked) {
      return null;
    }
    await db.settings.put({ key: SENSITIVE_GRANTS_KEY, value: withoutGrant(grants, attribute) });
    await appendAudit(db, SENSITIVE_AUDIT.revoked, {
      attribute: revoked.attribute,
      category: revoked.category,
      purpose: revoked.purpose,
      grantedAt: revoked.grantedAt,
    });
    return revoked;
  });
}

/** The grants in force as a live query (they change on grant, revoke and restore). */
export function watchSensitiveGrants(
  db: PortraitDb,
  onChange: (grants: SensitiveGrant[]) => void,
  onError: (err: unknown) => void,
): () => void {
  const sub = liveQuery(() => readSensitiveGrants(db)).subscribe({
    next: onChange,
    error: onError,
  });
  return () => sub.unsubscribe();
}
