// Reading every table for a backup, and replacing every table from a validated backup in ONE
// read-write transaction: IndexedDB makes it atomic, so a failure (quota, a crash) leaves the
// workspace exactly as it was. CryptoKey objects never go into a backup payload.
import type { PortraitDb } from './db';

/** Tables copied into a backup; settings holding keys are handled by the caller. */
export const BACKUP_TABLES = [
  'datasets',
  'chunks',
  'dictionaries',
  'rejects',
  'settings',
  'audit',
  'analysisRuns',
  'tags',
  'savedSegments',
  'personas',
] as const;

const KEY_SETTINGS = new Set(['pidKey', 'pidWrapKey', 'pidKeyWrapped']);

export async function readAllTables(db: PortraitDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  await db.transaction('r', BACKUP_TABLES as unknown as string[], async () => {
    for (const name of BACKUP_TABLES) {
      const rows = await db.table(name).toArray();
      out[name] =
        name === 'settings'
          ? rows.filter((r) => !KEY_SETTINGS.has((r as { key: string }).key))
          : rows;
    }
  });
  return out;
}

/**
 * Replaces the workspace with `tables` (already validated) and the key settings with `keys`
 * (or removes them, so the next import creates a new key). The journal is cleared too.
 */
export async function replaceAllTables(
  db: PortraitDb,
  tables: Record<string, unknown[]>,
  keys: { key: string; value: unknown }[],
): Promise<void> {
  const names = [...BACKUP_TABLES, 'journal'];
  await db.transaction('rw', names, async () => {
    for (const name of names) {
      await db.table(name).clear();
    }
    for (const name of BACKUP_TABLES) {
      const rows = (tables[name] ?? []).filter(
        (r) => name !== 'settings' || !KEY_SETTINGS.has((r as { key: string }).key),
      );
      if (rows.length) {
        await db.table(name).bulkAdd(rows);
      }
    }
    if (keys.length) {
      await db.settings.bulkPut(keys);
    }
  });
}
