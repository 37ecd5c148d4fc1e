// Plain data types shared by the functional core, the workers and the UI.
// Names and string values here are part of the summary JSON contract (../shared/DESIGN.md).

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
export type Delimiter = ',' | ';' | '\t' | '|';
export type ColumnType = 'number' | 'date' | 'category' | 'text' | 'id';
export type ColumnRole =
  'customerId' | 'orderId' | 'date' | 'amount' | 'quantity' | 'unitPrice' | 'consent' | 'attribute';
export type PiiKind = 'name' | 'phone' | 'email' | 'cnId' | 'address';
export type ConsentPurpose = 'marketing' | 'profiling' | 'sharing';
export type DateOrder = 'DMY' | 'MDY' | 'YMD';
export type DatasetKind = 'transactions' | 'customers' | 'survey';
export type Lang = 'zh-CN' | 'en';

export const EXCLUSION_REASONS = [
  'noCustomer',
  'badDate',
  'badAmount',
  'cancelled',
  'zeroAmount',
  'duplicate',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
/** Reasons the user may choose to include; the others always exclude. */
export type IncludableReason = Extract<ExclusionReason, 'cancelled' | 'zeroAmount' | 'duplicate'>;

/** A pseudonymous customer id (HMAC of the canonical key). Nothing typed `string` is one. */
export type PseudoId = string & { _brand: 'PseudoId' };

/** Errors cross worker boundaries as plain data. */
export interface PortraitError {
  code: string;
  message: string;
  row?: number;
  byteOffset?: number;
}

// --- Privacy and consent (src/lib/domain/privacy, src/lib/domain/consent) ---

/**
 * What import does with a detected column before anything is stored: tokenize (keyed HMAC
 * → PseudoId), derive (keep coarse facts such as age band, gender, province/city, then drop
 * the raw value), mask (keep a masked form for display), drop, or keep as is.
 */
export type PiiAction = 'tokenize' | 'derive' | 'mask' | 'drop' | 'keep';
/** Sensitive personal attributes recognised from a column header. */
export type SensitiveCategory =
  | 'ethnicity'
  | 'religion'
  | 'health'
  | 'political'
  | 'marital'
  | 'income'
  | 'location'
  | 'childAge';
/** How one consent cell reads (see DESIGN.md "Consent"). */
export type ConsentStatus = 'granted' | 'denied' | 'missing';
/** One customer's consent per purpose. */
export type CustomerConsent = Record<ConsentPurpose, ConsentStatus>;
