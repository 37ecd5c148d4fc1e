// Persona cards: plain records (the card is domain data, normalized on read by the caller).
import { liveQuery } from 'dexie';
import type { PersonaRecord, PortraitDb } from './db';

export function watchPersonas(
  db: PortraitDb,
  onChange: (records: PersonaRecord[]) => void,
  onError: (err: unknown) => void,
): () => void {
  const sub = liveQuery(() => db.personas.orderBy('id').toArray()).subscribe({
    next: (rows) => onChange(rows.sort((a, b) => a.createdAt - b.createdAt)),
    error: onError,
  });
  return () => sub.unsubscribe();
}

export async function putPersona(db: PortraitDb, record: PersonaRecord): Promise<void> {
  await db.personas.put(record);
}

export async function deletePersona(db: PortraitDb, id: string): Promise<void> {
  await db.personas.delete(id);
}
