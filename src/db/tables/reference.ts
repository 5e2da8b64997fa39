/** The `reference` schema: data both the credit side and the arrears ledger read (the working-day calendar). */
export interface CalendarYearsTable {
  year: number;
  loaded_by: string;
  loaded_at: Date;
}

export interface CalendarDaysTable {
  day: string;
  year: number;
  kind: 'holiday' | 'workday';
}

export interface ReferenceTables {
  'reference.calendar_years': CalendarYearsTable;
  'reference.calendar_days': CalendarDaysTable;
}
