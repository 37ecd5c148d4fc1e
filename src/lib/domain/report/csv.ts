// CSV for people who open it in Excel: UTF-8 with a BOM, CRLF, RFC 4180 quoting, and safe
// against formula injection (OWASP): a text cell starting with = + - @ TAB or CR is quoted and
// prefixed with ' so a spreadsheet shows it as text. Numbers stay numbers (-12.5 is a number,
// not a formula).
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  if (FORMULA_START.test(value)) {
    return `"'${value.replace(/"/g, '""')}"`;
  }
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
