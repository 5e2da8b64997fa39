import type { ColumnType, Generated } from 'kysely';
import type { Computed, Json } from './columns.js';

/** Tables of the `credit` schema: subjects, records, evaluations, lists, objections, repairs, commitments. */
export interface SubjectsTable {
  id: string;
  uscc: string;
  name: string;
  kind: 'intermediary' | 'enterprise' | 'government';
  legal_representative: string;
  region: string;
  previous_names: ColumnType<string[], string[] | undefined, string[]>;
  search_text: Computed<string>;
  search_grams: Computed<string[]>;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface DepartmentsTable {
  id: string;
  uscc: string;
  name: string;
  region: string;
  sector: string;
  created_at: Date;
}

export interface CategoriesTable {
  code: string;
  name: string;
  sector: 'intermediary' | 'construction' | 'safety' | 'general';
  kind: 'dishonesty' | 'good';
}

export interface DisplayRulesTable {
  version: string;
  effective_from: string;
  effective_to: string | null;
  record_kind: 'dishonesty' | 'good';
  severity: 'minor' | 'general' | 'serious' | 'none';
  sector_class: 'any' | 'safety' | 'construction';
  min_months: number;
  max_months: number;
  public: boolean;
}

export interface RecordsTable {
  id: string;
  revision: number;
  subject_id: string;
  department: string;
  kind: 'dishonesty' | 'good';
  category: string;
  severity: 'minor' | 'general' | 'serious' | null;
  facts: string;
  basis: string;
  document_no: string;
  decided_on: string;
  penalties: Json;
  evidence: Json;
  rule_version: string;
  is_public: boolean;
  display_from: string;
  repairable_from: string | null;
  display_until: string;
  commitment_id: string | null;
  /** The market report (举报) a verified report turned into this record (schema/0012_market.sql). */
  report_id: ColumnType<string | null, string | null | undefined, string | null>;
  shown_until: string;
  obligations_unmet: ColumnType<boolean, boolean | undefined, boolean>;
  obligations_met_on: ColumnType<string | null, string | null | undefined, string | null>;
  obligations_met_document_no: ColumnType<string | null, string | null | undefined, string | null>;
  objection_id: ColumnType<string | null, string | null | undefined, never>;
  sector: 'intermediary' | 'construction' | 'safety' | 'general';
  end_reason: 'expired' | 'repaired' | 'voided' | 'ended_by_decision' | null;
  ended_on: string | null;
  voided_on: string | null;
  repair_blocked_until: string | null;
  reason: string | null;
  recorded_by: string;
  recorded_at: Date;
  superseded_at: Date | null;
}

export interface RuleSetsTable {
  version: string;
  effective_from: string;
  base: number;
  deduction_minor: number;
  deduction_general: number;
  deduction_serious: number;
  good_addition: number;
  addition_cap: number;
  grade_aaa_min: number;
  grade_aa_min: number;
  grade_a_min: number;
  grade_b_min: number;
  note: string;
  created_by: string;
  created_at: Date;
}

export interface EvaluationRunsTable {
  id: string;
  year: number;
  as_of: string;
  rule_version: string;
  subjects: number;
  started_by: string;
  started_at: Date;
  finished_at: Date;
  superseded_by: ColumnType<string | null, string | null | undefined, string | null>;
  supersedes: ColumnType<string | null, string | null | undefined, never>;
  supersede_reason: ColumnType<string | null, string | null | undefined, never>;
}

export interface GradesTable {
  run_id: string;
  subject_id: string;
  year: number;
  score: number;
  grade: 'AAA' | 'AA' | 'A' | 'B' | 'C';
  rule_version: string;
}

export interface ChecksTable {
  id: string;
  actor: string;
  role: string;
  at: Date;
  as_of: string;
  data_version: string;
  codes: number;
  results: string;
  results_hash: string;
}

export interface CommitmentsTable {
  id: string;
  code: string;
  subject_id: string;
  type:
    | 'approval_substitute'
    | 'deficiency_tolerance'
    | 'certification'
    | 'credit_repair'
    | 'industry_self_discipline'
    | 'voluntary'
    | 'other';
  reason: string;
  content: string;
  liability: string;
  made_on: string;
  valid_until: string | null;
  accepting_unit_uscc: string;
  accepting_unit_name: string;
  publicity: 'public' | 'not_public' | 'on_request';
  status: ColumnType<'pending' | 'fulfilled' | 'partial' | 'unfulfilled', 'pending' | undefined, 'fulfilled' | 'partial' | 'unfulfilled'>;
  fulfilment_on: string | null;
  fulfilment_unit_uscc: string | null;
  fulfilment_note: string | null;
  record_id: string | null;
  created_by: string;
  created_at: Date;
}

export type ListKind = 'red' | 'black' | 'watch';
export type ListState = 'proposed' | 'notified' | 'published' | 'withdrawn' | 'exited';
export type ExitReason = 'expired' | 'repaired' | 'objection_upheld' | 'standard_changed' | 'revoked';

export interface ListEntriesTable {
  id: string;
  subject_id: string;
  list: ListKind;
  department: string;
  reason: string;
  basis: string;
  document_no: string;
  record_ids: string[];
  valid_until: string;
  state: ListState;
  notified_on: string | null;
  statement_due_on: string | null;
  statement: string | null;
  statement_at: Date | null;
  published_on: string | null;
  exited_on: string | null;
  exit_reason: ExitReason | null;
  voided: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface ListEntryTransitionsTable {
  id: Generated<string>;
  entry_id: string;
  action: string;
  from_state: string;
  to_state: string;
  on_date: string;
  actor: string;
  role: string;
  at: Date;
  reason: string | null;
  document_no: string | null;
}

export interface ObjectionsTable {
  id: string;
  target: 'record' | 'listEntry' | 'repair';
  target_id: string;
  subject_id: string;
  department: string;
  filed_by: string;
  filed_role: string;
  grounds: string;
  evidence: Json;
  filed_on: string;
  state: 'filed' | 'forwarded' | 'upheld' | 'partly_upheld' | 'rejected';
  forward_due_on: string;
  forwarded_on: string | null;
  decide_due_on: string | null;
  extension_reason: string | null;
  decision_reason: string | null;
  decided_on: string | null;
  created_at: Date;
}

export interface RepairsTable {
  id: string;
  target: 'record' | 'listEntry';
  target_id: string;
  subject_id: string;
  department: string;
  commitment: string;
  evidence: Json;
  state: 'applied' | 'accepted' | 'refused' | 'approved' | 'rejected' | 'revoked';
  applied_on: string;
  accept_due_on: string;
  accepted_on: string | null;
  complex: ColumnType<boolean, boolean | undefined, boolean>;
  decide_due_on: string | null;
  decided_on: string | null;
  decision_reason: string | null;
  missing: Json | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  created_at: Date;
}

export interface CommitmentSerialsTable {
  region: string;
  day: string;
  last: number;
}

export interface SubjectRenamesTable {
  id: Generated<string>;
  subject_id: string;
  old_name: string;
  new_name: string;
  renamed_on: string;
}

export interface PenaltyClassesTable {
  penalty_type: string;
  least_severity: 'minor' | 'general' | 'serious';
}

export interface SectorStandardsTable {
  department: string;
  penalty_type: string;
  least_severity: 'minor' | 'general' | 'serious';
  document_no: string;
  loaded_by: string;
  loaded_at: Date;
}

/** Append-only: one row per statement that changed a subject's public answers (schema 0015). */
export interface SubjectVersionsTable {
  subject_id: string;
  version: ColumnType<string, never, never>;
}

/** One row: the version of the reference data the public answers show (rule sets, departments, categories). */
export interface ReferenceVersionTable {
  only_row: ColumnType<boolean, never, never>;
  version: ColumnType<string, never, never>;
}

export interface CreditTables {
  'credit.penalty_classes': PenaltyClassesTable;
  'credit.sector_standards': SectorStandardsTable;
  'credit.subject_renames': SubjectRenamesTable;
  'credit.subjects': SubjectsTable;
  'credit.subject_versions': SubjectVersionsTable;
  'credit.reference_version': ReferenceVersionTable;
  'credit.departments': DepartmentsTable;
  'credit.categories': CategoriesTable;
  'credit.display_rules': DisplayRulesTable;
  'credit.records': RecordsTable;
  'credit.rule_sets': RuleSetsTable;
  'credit.evaluation_runs': EvaluationRunsTable;
  'credit.grades': GradesTable;
  'credit.checks': ChecksTable;
  'credit.commitments': CommitmentsTable;
  'credit.commitment_serials': CommitmentSerialsTable;
  'credit.list_entries': ListEntriesTable;
  'credit.list_entry_transitions': ListEntryTransitionsTable;
  'credit.objections': ObjectionsTable;
  'credit.repairs': RepairsTable;
}
