import { maskPersonalData } from './masking.js';

/**
 * The annual arrears disclosure (each body publishes by 31 March what is still overdue from the year
 * before): bodies are organisations, published by name and code, but their free text passes the same
 * masking as every other public field.
 */
export function overdueBodyDisclosure(r: {
  uscc: string;
  name: string;
  department: string;
  overdueContracts: number;
  overdueAmountFen: string;
}) {
  return {
    uscc: r.uscc,
    name: maskPersonalData(r.name),
    department: maskPersonalData(r.department),
    overdueContracts: r.overdueContracts,
    overdueAmountFen: r.overdueAmountFen,
  };
}

/**
 * One CSV line for a public export: quoted where needed, and a cell that a spreadsheet would run as a
 * formula (starting with = + - @, or with a tab or carriage return, which some spreadsheets skip before
 * reading the formula: OWASP's CSV injection list) is kept as text.
 */
export function csvLine(values: (string | number)[]): string {
  return values
    .map((v) => {
      const text = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
