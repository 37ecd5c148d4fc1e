import type { PortraitDb } from './db';

export async function getSetting<T>(db: PortraitDb, key: string): Promise<T | undefined> {
  return (await db.settings.get(key))?.value as T | undefined;
}

export async function putSetting(db: PortraitDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
