// Persona cards: made from a group's facts (computed in the analysis worker), stored in Dexie,
// edited in place (edited fields are marked), and compared with the facts of the latest
// analysis so each card shows what changed since it was made and can be refreshed.
import { analyzeBridge } from '../bridges/analyze-bridge';
import { db, type PersonaRecord } from '../storage/db';
import { deletePersona, putPersona, watchPersonas } from '../storage/personas-repo';
import {
  buildPersona,
  personaChange,
  refreshPersona,
  type EditableField,
  type PersonaCard,
  type PersonaChange,
} from '../domain/personas/persona';
import type { GroupFacts, GroupRef } from '../domain/personas/facts';
import { i18n } from './i18n-manager.svelte';
import { TAG_CATEGORY_LABELS } from '../domain/tags/catalog';
import { jobs } from './jobs-manager.svelte';

export interface StoredPersona {
  id: string;
  createdAt: number;
  card: PersonaCard;
}

/** Never trust stored data: a record that is not a card is skipped. */
function restore(r: PersonaRecord): StoredPersona | null {
  const card = r.card as PersonaCard | null;
  if (!card || typeof card !== 'object' || !card.ref || typeof card.name !== 'string') {
    return null;
  }
  return { id: r.id, createdAt: r.createdAt, card: { ...card, edited: card.edited ?? [] } };
}

const refKey = (ref: GroupRef) => `${ref.kind}:${ref.key}`;

class PersonasManager {
  personas = $state.raw<StoredPersona[]>([]);
  groups = $state.raw<{ ref: GroupRef; label: string; size: number }[]>([]);
  changes = $state.raw<Record<string, PersonaChange | null>>({});
  private facts = new Map<string, GroupFacts | null>();
  private stop: (() => void) | null = null;
  private loadedFor = '';

  start = () => {
    if (this.stop) {
      return;
    }
    this.stop = watchPersonas(
      db(),
      (rows) => {
        this.personas = rows.map(restore).filter((p): p is StoredPersona => p !== null);
        void this.compare();
      },
      () => {
        this.personas = [];
      },
    );
  };

  /** The groups of the latest analysis (again when it or the language changed). */
  loadGroups = async (analysisCreatedAt: number | null) => {
    const key = `${analysisCreatedAt}|${i18n.lang}`;
    if (key === this.loadedFor) {
      return;
    }
    this.loadedFor = key;
    this.facts.clear();
    this.groups = await analyzeBridge.personaGroups(i18n.lang);
    await this.compare();
  };

  private async factsFor(refs: GroupRef[]): Promise<(GroupFacts | null)[]> {
    const missing = refs.filter((r) => !this.facts.has(refKey(r)));
    if (missing.length) {
      const got = await analyzeBridge.personaFacts(i18n.lang, missing);
      missing.forEach((r, i) => this.facts.set(refKey(r), got[i] ?? null));
    }
    return refs.map((r) => this.facts.get(refKey(r)) ?? null);
  }

  /** What changed in each card's group since the card was made. */
  compare = async () => {
    if (!this.groups.length || !this.personas.length) {
      this.changes = {};
      return;
    }
    const facts = await this.factsFor(this.personas.map((p) => p.card.ref));
    const out: Record<string, PersonaChange | null> = {};
    this.personas.forEach((p, i) => {
      const f = facts[i];
      out[p.id] = f ? personaChange(p.card, f) : null;
    });
    this.changes = out;
  };

  create = (ref: GroupRef) =>
    jobs.run('analysis', async () => {
      const [facts] = await this.factsFor([ref]);
      if (!facts) {
        throw new Error(
          i18n.pick(
            '这个分组已不存在，请重新分析。',
            'That group no longer exists; re-run the analysis.',
          ),
        );
      }
      const label = this.groups.find((g) => refKey(g.ref) === refKey(ref))?.label;
      const card = buildPersona(facts, i18n.lang, label?.split(/[:：]\s*/).pop());
      const now = Date.now();
      await putPersona(db(), { id: crypto.randomUUID(), createdAt: now, updatedAt: now, card });
    });

  /** Saves an edit of one field and marks it as edited. */
  edit = async (p: StoredPersona, field: EditableField, value: string | string[]) => {
    const card = $state.snapshot(p.card) as PersonaCard;
    (card as unknown as Record<string, unknown>)[field] = value;
    card.edited = [...new Set([...card.edited, field])];
    await putPersona(db(), { id: p.id, createdAt: p.createdAt, updatedAt: Date.now(), card });
  };

  /** Rebuilds the card from the latest facts; the user's edits stay. */
  refresh = async (p: StoredPersona) => {
    const [facts] = await this.factsFor([p.card.ref]);
    if (!facts) {
      return;
    }
    const card = refreshPersona($state.snapshot(p.card) as PersonaCard, facts);
    await putPersona(db(), { id: p.id, createdAt: p.createdAt, updatedAt: Date.now(), card });
  };

  tagMap = $state.raw<{
    id: string;
    items: { category: string; name: string; share: number }[];
  } | null>(null);

  /** Tags at least 30 % of the group's customers carry, by category (for the mind map). */
  showTagMap = async (p: StoredPersona) => {
    const rows = await analyzeBridge.groupTags(i18n.lang, p.card.ref);
    this.tagMap = {
      id: p.id,
      items: rows.map((r) => ({
        category: TAG_CATEGORY_LABELS[r.category][i18n.lang === 'en' ? 'en' : 'zh'],
        name: r.name,
        share: r.share,
      })),
    };
  };

  remove = async (p: StoredPersona) => {
    await deletePersona(db(), p.id);
  };
}

export const personasManager = new PersonasManager();
