// One customer table (统一ID): every dataset joins on its customer key — the normalized key,
// or the pseudonym when the key column was tokenized — so the same person in two files is one
// customer. Transactions aggregate per customer; attributes and consent attach.
//
// Who is a customer of the unified table: every distinct key with a kept transaction, a row in
// a customers dataset or an answer in a survey dataset. Excluded transaction rows (cancelled,
// bad dates…) add no customer: they are not transactions by DESIGN.md's definition.
import type {
  ConsentPurpose,
  ConsentStatus,
  DatasetKind,
  ExclusionReason,
  IncludableReason,
} from '../types';
import { EXCLUSION_REASONS } from '../types';
import type { OutputColumn } from '../ingest/importer';
import { mergeConsentStatus, parseConsent } from '../consent/consent';

export type ColumnValues = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** A dataset as the analysis sees it: its stored columns, whole (chunks concatenated). */
export interface DatasetData {
  id: string;
  name: string;
  kind: DatasetKind;
  rows: number;
  outputs: readonly OutputColumn[];
  include: readonly IncludableReason[];
  column(index: number): ColumnValues;
  dictionary(index: number): readonly string[];
}

export interface KeptTransactions {
  customerOf: Uint32Array;
  time: Float64Array;
  amount: Float64Array;
  /** Order codes, unique across datasets; null when no dataset maps an order id. */
  orderOf: Uint32Array | null;
}

export interface CategoricalAttribute {
  name: string;
  /** Code per customer into `values`; 0 is missing. */
  codes: Uint32Array;
  values: string[];
  dataset: string;
  /** Where it comes from: a customers or survey column, or the favourite value of a
   *  transaction column (channel, category…). */
  source: DatasetKind;
}

export interface NumericAttribute {
  name: string;
  values: Float64Array;
  dataset: string;
}

export interface UnifiedTable {
  n: number;
  /** The join key of each customer (normalized key or pseudonym): stays in the worker. */
  keys: string[];
  transactions: KeptTransactions;
  /** Customers of each source, for the "what matched" view. */
  inCustomers: Uint8Array;
  inTransactions: Uint8Array;
  inSurvey: Uint8Array;
  categorical: CategoricalAttribute[];
  /** Free-text survey answers (last answer per customer), for persona themes. */
  texts: CategoricalAttribute[];
  numeric: NumericAttribute[];
  consent: Record<ConsentPurpose, Uint8Array | null>;
  tracked: Record<ConsentPurpose, boolean>;
  match: MatchReport;
}

export interface MatchReport {
  customers: number;
  withTransactions: number;
  withCustomerRecord: number;
  withSurvey: number;
  /** Customers with orders but no row in any customers dataset. */
  ordersWithoutCustomerRecord: number;
  /** Customers in a customers dataset without any kept order. */
  customersWithoutOrders: number;
  /** Survey respondents with no customer record and no order. */
  surveyWithoutCustomer: number;
  hasCustomersDataset: boolean;
  hasTransactions: boolean;
  hasSurvey: boolean;
}

/** Order codes from here up stand for rows without an order id (each its own order). */
const SYNTHETIC_ORDER = 2 ** 31;

export const CONSENT_CODE: Record<ConsentStatus, number> = { missing: 0, granted: 1, denied: 2 };
const STATUS_BY_CODE: ConsentStatus[] = ['missing', 'granted', 'denied'];

function reasonCodeSet(include: readonly IncludableReason[]): Set<number> {
  return new Set(include.map((r) => EXCLUSION_REASONS.indexOf(r as ExclusionReason) + 1));
}

/** Builds the unified customer table from every dataset. */
export function unify(datasets: readonly DatasetData[]): UnifiedTable {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const idOf = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = keys.length;
      index.set(key, i);
      keys.push(key);
    }
    return i;
  };

  // Transactions first: the customers with kept orders.
  const txParts: {
    ds: DatasetData;
    customers: Uint32Array;
    /** The dataset row of each kept transaction. */
    keptRows: Uint32Array;
    time: Float64Array;
    amount: Float64Array;
    order: Uint32Array | null;
  }[] = [];
  let orderOffset = 0;
  let syntheticOrders = 0;
  let anyOrder = false;
  for (const ds of datasets) {
    if (ds.kind !== 'transactions') {
      continue;
    }
    const keyCol = ds.outputs.find((o) => o.role === 'customerId');
    const dateCol = ds.outputs.find((o) => o.role === 'date' && o.storage === 'f64');
    const amountCol = ds.outputs.find((o) => o.computed === 'amount');
    const reasonCol = ds.outputs.find((o) => o.computed === 'exclusion');
    const orderCol = ds.outputs.find((o) => o.role === 'orderId' && o.storage === 'dict');
    if (!keyCol || !dateCol || !amountCol || !reasonCol) {
      continue;
    }
    const codes = ds.column(keyCol.index) as Uint32Array;
    const dict = ds.dictionary(keyCol.index);
    const reasons = ds.column(reasonCol.index) as Uint8Array;
    const times = ds.column(dateCol.index) as Float64Array;
    const amounts = ds.column(amountCol.index) as Float64Array;
    const orders = orderCol ? (ds.column(orderCol.index) as Uint32Array) : null;
    const included = reasonCodeSet(ds.include);
    // Map dictionary codes to customer ids once (a dictionary is far smaller than the rows).
    const customerOfCode = new Int32Array(dict.length).fill(-1);
    let kept = 0;
    for (let r = 0; r < codes.length; r++) {
      const reason = reasons[r]!;
      if (reason === 0 || included.has(reason)) {
        kept++;
      }
    }
    const customers = new Uint32Array(kept);
    const keptRows = new Uint32Array(kept);
    const time = new Float64Array(kept);
    const amount = new Float64Array(kept);
    const order = orders ? new Uint32Array(kept) : null;
    let w = 0;
    let maxOrder = 0;
    for (let r = 0; r < codes.length; r++) {
      const reason = reasons[r]!;
      if (reason !== 0 && !included.has(reason)) {
        continue;
      }
      const code = codes[r]!;
      let c = customerOfCode[code]!;
      if (c < 0) {
        c = idOf(dict[code]!);
        customerOfCode[code] = c;
      }
      customers[w] = c;
      keptRows[w] = r;
      time[w] = times[r]!;
      amount[w] = amounts[r]!;
      if (order && orders) {
        // An empty order id is its own order (not one order shared by all empty rows).
        const o = orders[r]!;
        order[w] = o === 0 ? SYNTHETIC_ORDER + syntheticOrders++ : o + orderOffset;
        if (o > maxOrder) {
          maxOrder = o;
        }
      }
      w++;
    }
    if (orderCol) {
      anyOrder = true;
      orderOffset += maxOrder + 1;
    }
    txParts.push({ ds, customers, keptRows, time, amount, order });
  }
  const nTxCustomers = keys.length;

  // Favourite value of each transaction attribute (channel, category…): the most frequent
  // among the customer's kept transactions (ties: the first value in the dictionary).
  const favourites: { name: string; codes: Uint32Array; values: string[]; dataset: string }[] = [];
  for (const part of txParts) {
    for (const out of part.ds.outputs) {
      if (
        out.role !== 'attribute' ||
        out.storage !== 'dict' ||
        out.type !== 'category' ||
        out.pii
      ) {
        continue;
      }
      const dict = part.ds.dictionary(out.index);
      const width = dict.length;
      if (width > 200 || nTxCustomers * width > 50_000_000) {
        continue;
      }
      const src = part.ds.column(out.index) as Uint32Array;
      const counts = new Uint32Array(nTxCustomers * width);
      for (let w = 0; w < part.customers.length; w++) {
        const code = src[part.keptRows[w]!]!;
        if (code !== 0) {
          counts[part.customers[w]! * width + code]!++;
        }
      }
      const codes = new Uint32Array(nTxCustomers);
      for (let c = 0; c < nTxCustomers; c++) {
        let best = 0;
        let bestCount = 0;
        for (let v = 1; v < width; v++) {
          const k = counts[c * width + v]!;
          if (k > bestCount) {
            best = v;
            bestCount = k;
          }
        }
        codes[c] = best;
      }
      favourites.push({ name: out.name, codes, values: [...dict], dataset: part.ds.name });
    }
  }

  // Customers and survey datasets: attributes and consent.
  type Pending = { kind: DatasetKind; ds: DatasetData; customerOfRow: Int32Array };
  const pending: Pending[] = [];
  for (const ds of datasets) {
    if (ds.kind === 'transactions') {
      continue;
    }
    const keyCol = ds.outputs.find((o) => o.role === 'customerId' && o.storage === 'dict');
    if (!keyCol) {
      continue;
    }
    const codes = ds.column(keyCol.index) as Uint32Array;
    const dict = ds.dictionary(keyCol.index);
    const customerOfCode = new Int32Array(dict.length).fill(-1);
    const customerOfRow = new Int32Array(codes.length);
    for (let r = 0; r < codes.length; r++) {
      const code = codes[r]!;
      if (code === 0) {
        customerOfRow[r] = -1; // no key: cannot be joined
        continue;
      }
      let c = customerOfCode[code]!;
      if (c < 0) {
        c = idOf(dict[code]!);
        customerOfCode[code] = c;
      }
      customerOfRow[r] = c;
    }
    pending.push({ kind: ds.kind, ds, customerOfRow });
  }

  const n = keys.length;
  const inTransactions = new Uint8Array(n);
  inTransactions.fill(1, 0, nTxCustomers);
  const inCustomers = new Uint8Array(n);
  const inSurvey = new Uint8Array(n);
  const categorical: CategoricalAttribute[] = [];
  const texts: CategoricalAttribute[] = [];
  const numeric: NumericAttribute[] = [];
  const consent: Record<ConsentPurpose, Uint8Array | null> = {
    marketing: null,
    profiling: null,
    sharing: null,
  };

  for (const { kind, ds, customerOfRow } of pending) {
    const mark = kind === 'customers' ? inCustomers : inSurvey;
    for (const c of customerOfRow) {
      if (c >= 0) {
        mark[c] = 1;
      }
    }
    for (const out of ds.outputs) {
      if (out.role === 'customerId' || out.pii || out.action === 'tokenize') {
        continue; // identifiers are join keys, never attributes
      }
      if (out.role === 'consent' && out.consentPurpose && out.storage === 'dict') {
        const purpose = out.consentPurpose;
        const arr = (consent[purpose] ??= new Uint8Array(n));
        const codes = ds.column(out.index) as Uint32Array;
        const dict = ds.dictionary(out.index);
        const statusOfCode = dict.map((v) => parseConsent(v));
        for (let r = 0; r < codes.length; r++) {
          const c = customerOfRow[r]!;
          if (c < 0) {
            continue;
          }
          const merged = mergeConsentStatus(STATUS_BY_CODE[arr[c]!]!, statusOfCode[codes[r]!]!);
          arr[c] = CONSENT_CODE[merged];
        }
        continue;
      }
      if (out.storage === 'f64') {
        const src = ds.column(out.index) as Float64Array;
        const values = new Float64Array(n).fill(NaN);
        for (let r = 0; r < src.length; r++) {
          const c = customerOfRow[r]!;
          if (c >= 0 && !Number.isNaN(src[r]!)) {
            values[c] = src[r]!; // the last non-empty value wins
          }
        }
        numeric.push({ name: out.name, values, dataset: ds.name });
      } else if (out.storage === 'dict' && (out.type === 'category' || out.type === 'id')) {
        const src = ds.column(out.index) as Uint32Array;
        const dict = ds.dictionary(out.index);
        if (out.type === 'id' && dict.length > 1000) {
          continue; // an identifier-like column is no attribute
        }
        const codes = new Uint32Array(n);
        for (let r = 0; r < src.length; r++) {
          const c = customerOfRow[r]!;
          if (c >= 0 && src[r]! !== 0) {
            codes[c] = src[r]!;
          }
        }
        categorical.push({
          name: out.name,
          codes,
          values: [...dict],
          dataset: ds.name,
          source: ds.kind,
        });
      } else if (out.storage === 'dict' && out.type === 'text' && ds.kind === 'survey') {
        // Free-text answers: kept for persona themes (counted, never shown raw unless they
        // pass the identifier check and the group is large enough).
        const src = ds.column(out.index) as Uint32Array;
        const codes = new Uint32Array(n);
        for (let r = 0; r < src.length; r++) {
          const c = customerOfRow[r]!;
          if (c >= 0 && src[r]! !== 0) {
            codes[c] = src[r]!;
          }
        }
        texts.push({
          name: out.name,
          codes,
          values: [...ds.dictionary(out.index)],
          dataset: ds.name,
          source: ds.kind,
        });
      }
    }
  }

  for (const f of favourites) {
    const codes = new Uint32Array(n);
    codes.set(f.codes);
    categorical.push({
      name: f.name,
      codes,
      values: f.values,
      dataset: f.dataset,
      source: 'transactions',
    });
  }

  // Transactions, concatenated.
  const total = txParts.reduce((s, p) => s + p.customers.length, 0);
  const transactions: KeptTransactions = {
    customerOf: new Uint32Array(total),
    time: new Float64Array(total),
    amount: new Float64Array(total),
    orderOf: anyOrder ? new Uint32Array(total) : null,
  };
  let at = 0;
  for (const p of txParts) {
    transactions.customerOf.set(p.customers, at);
    transactions.time.set(p.time, at);
    transactions.amount.set(p.amount, at);
    if (transactions.orderOf && p.order) {
      transactions.orderOf.set(p.order, at);
    } else if (transactions.orderOf) {
      // A file without order ids next to one with them: each row is its own order.
      for (let i = 0; i < p.customers.length; i++) {
        transactions.orderOf[at + i] = SYNTHETIC_ORDER + syntheticOrders++;
      }
    }
    at += p.customers.length;
  }

  let ordersWithoutCustomerRecord = 0;
  let customersWithoutOrders = 0;
  let surveyWithoutCustomer = 0;
  let withCustomerRecord = 0;
  let withSurvey = 0;
  for (let c = 0; c < n; c++) {
    withCustomerRecord += inCustomers[c]!;
    withSurvey += inSurvey[c]!;
    if (inTransactions[c] && !inCustomers[c]) {
      ordersWithoutCustomerRecord++;
    }
    if (inCustomers[c] && !inTransactions[c]) {
      customersWithoutOrders++;
    }
    if (inSurvey[c] && !inCustomers[c] && !inTransactions[c]) {
      surveyWithoutCustomer++;
    }
  }

  return {
    n,
    keys,
    transactions,
    inCustomers,
    inTransactions,
    inSurvey,
    categorical,
    texts,
    numeric,
    consent,
    tracked: {
      marketing: consent.marketing !== null,
      profiling: consent.profiling !== null,
      sharing: consent.sharing !== null,
    },
    match: {
      customers: n,
      withTransactions: nTxCustomers,
      withCustomerRecord,
      withSurvey,
      ordersWithoutCustomerRecord,
      customersWithoutOrders,
      surveyWithoutCustomer,
      hasCustomersDataset: pending.some((p) => p.kind === 'customers'),
      hasTransactions: txParts.length > 0,
      hasSurvey: pending.some((p) => p.kind === 'survey'),
    },
  };
}

/** Consent counts per purpose over every customer of the table (DESIGN.md "Consent"). */
export function consentCounts(
  table: UnifiedTable,
): Record<ConsentPurpose, { granted: number; denied: number; missing: number } | null> {
  const out = { marketing: null, profiling: null, sharing: null } as Record<
    ConsentPurpose,
    { granted: number; denied: number; missing: number } | null
  >;
  for (const purpose of ['marketing', 'profiling', 'sharing'] as const) {
    const arr = table.consent[purpose];
    if (!arr) {
      continue;
    }
    const counts = { granted: 0, denied: 0, missing: 0 };
    for (let c = 0; c < table.n; c++) {
      counts[STATUS_BY_CODE[arr[c]!]!]++;
    }
    out[purpose] = counts;
  }
  return out;
}

/** 1 for customers who may be used for a purpose: granted, or the purpose is not tracked. */
export function permitted(table: UnifiedTable, purpose: ConsentPurpose): Uint8Array {
  const arr = table.consent[purpose];
  const out = new Uint8Array(table.n);
  if (!arr) {
    return out.fill(1);
  }
  for (let c = 0; c < table.n; c++) {
    out[c] = arr[c] === CONSENT_CODE.granted ? 1 : 0;
  }
  return out;
}
