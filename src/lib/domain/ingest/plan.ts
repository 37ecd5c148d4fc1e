// From a peek at a file to an import plan: column types, roles, personal-data detection and
// the action for each column, with the user's (or the CLI's) overrides applied. The browser's
// preview and `npm run summarize` both call `proposePlan`, so they agree.
import type {
  ColumnRole,
  ColumnType,
  DatasetKind,
  DateOrder,
  IncludableReason,
  Lang,
  PiiAction,
  PiiKind,
  SensitiveCategory,
} from '../types';
import { inferColumn, type InferWarning } from './infer';
import { guessConsentPurpose, guessDatasetKind, guessRoles } from './roles';
import { classifySensitive, defaultAction, detectPii } from '../privacy/detect';
import { ColumnarImporter, type ImportPlan, type PlannedColumn } from './importer';
import type { FilePeek } from './read';

export interface PlanOverrides {
  kind?: DatasetKind;
  /** role → column name (e.g. customerId → "会员号"). */
  map?: Partial<Record<Exclude<ColumnRole, 'attribute' | 'consent'>, string>>;
  dateOrder?: DateOrder;
  include?: IncludableReason[];
  /** Per column name. */
  types?: Record<string, ColumnType>;
  actions?: Record<string, PiiAction>;
  asOfYear?: number;
}

export interface ProposedColumn extends PlannedColumn {
  warnings: InferWarning[];
  /** Detection evidence for the preview. */
  piiConfidence: number;
  sensitive: SensitiveCategory | null;
  /** The date order could not be settled from the values and was not given. */
  isDateOrderOpen: boolean;
}

export interface Proposal {
  plan: ImportPlan;
  columns: ProposedColumn[];
  /** Roles a transactions file still needs. */
  missingRoles: ColumnRole[];
  /** Date columns whose day/month order must be chosen. */
  openDateColumns: string[];
}

export function proposePlan(
  peek: FilePeek,
  fileName: string,
  lang: Lang,
  overrides: PlanOverrides = {},
): Proposal {
  const width = peek.headers.length;
  const samples: string[][] = peek.headers.map(() => []);
  for (const rec of peek.sample) {
    for (let c = 0; c < width; c++) {
      const v = (rec[c] ?? '').trim();
      if (v !== '') {
        samples[c]!.push(v);
      }
    }
  }

  const inferred = peek.headers.map((name, c) => {
    const forced = overrides.types?.[name];
    const inf = inferColumn(name, samples[c]!);
    return forced ? { ...inf, type: forced } : inf;
  });
  let roles = guessRoles(peek.headers.map((name, c) => ({ name, type: inferred[c]!.type })));

  // --map role=column: the named column takes the role from whichever had it.
  for (const [role, column] of Object.entries(overrides.map ?? {}) as [ColumnRole, string][]) {
    if (column === '') {
      // The user cleared the role: no column has it.
      roles = roles.map((r) => (r === role ? 'attribute' : r));
      continue;
    }
    const idx = peek.headers.indexOf(column);
    if (idx < 0) {
      continue; // the mapping names a column of another file
    }
    roles = roles.map((r, i) => (i === idx ? role : r === role ? 'attribute' : r));
    if (role === 'date' && inferred[idx]!.type !== 'date') {
      inferred[idx] = { ...inferColumn(column, samples[idx]!), type: 'date' };
    }
  }

  const kind =
    overrides.kind ??
    guessDatasetKind(
      peek.headers.map((name, c) => ({ name, type: inferred[c]!.type })),
      roles,
    );

  const columns: ProposedColumn[] = peek.headers.map((name, c) => {
    const inf = inferred[c]!;
    const role = roles[c] ?? null;
    const det = detectPii(name, samples[c]!);
    let pii: PiiKind | null = det.kind;
    // A plain customer id (C000123, 17850) is not a direct identifier; ids stay ids.
    if (role === 'customerId' && pii === 'name') {
      pii = null;
    }
    const action = overrides.actions?.[name] ?? (pii ? defaultAction(pii) : 'keep');
    let dateOrder: DateOrder | undefined;
    let isDateOrderOpen = false;
    if (inf.type === 'date' && !inf.excelSerial) {
      if (inf.dateOrder && inf.dateOrder !== 'ambiguous') {
        // The values settle it; --date-order only decides columns they cannot settle.
        dateOrder = inf.dateOrder;
      } else if (overrides.dateOrder) {
        dateOrder = overrides.dateOrder;
      } else {
        isDateOrderOpen = true;
      }
    }
    return {
      sourceIndex: c,
      name,
      type: inf.type,
      role: role === null && kind !== 'transactions' ? 'attribute' : role,
      pii,
      action,
      dateOrder,
      decimalComma: inf.decimalComma,
      excelSerial: inf.excelSerial,
      consentPurpose: role === 'consent' ? guessConsentPurpose(name) : null,
      warnings: inf.warnings,
      piiConfidence: det.confidence,
      sensitive: classifySensitive(name),
      isDateOrderOpen,
    };
  });

  const plan: ImportPlan = {
    name: fileName,
    kind,
    lang,
    encoding: peek.encoding,
    delimiter: peek.delimiter,
    columns: columns.map(stripProposal),
    include: overrides.include ?? [],
    asOfYear: overrides.asOfYear,
  };
  return {
    plan,
    columns,
    missingRoles: ColumnarImporter.missingRoles(plan),
    openDateColumns: columns.filter((c) => c.isDateOrderOpen).map((c) => c.name),
  };
}

function stripProposal(c: ProposedColumn): PlannedColumn {
  return {
    sourceIndex: c.sourceIndex,
    name: c.name,
    type: c.type,
    role: c.role,
    pii: c.pii,
    action: c.action,
    dateOrder: c.dateOrder,
    decimalComma: c.decimalComma,
    excelSerial: c.excelSerial,
    consentPurpose: c.consentPurpose,
  };
}
