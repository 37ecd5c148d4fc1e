// Helpers for the CSV fixtures in test/fixtures/csv.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/csv/', import.meta.url));

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).sort();
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURE_DIR + name));
}

/** The fixture decoded as UTF-8, BOM removed. */
export function fixtureText(name: string): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(fixtureBytes(name));
  return text;
}
