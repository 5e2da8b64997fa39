import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.js';

/** The `arrears` schema: the ledger of what public bodies owe contractors. No key refers into `credit`. */
export interface LprRatesTable {
  effective_from: string;
  rate_micro: string;
  created_by: string;
  created_at: Date;
}

export interface BodiesTable {
  id: string;
  uscc: string;
  name: string;
  kind: 'organ' | 'institution' | 'soe';
  department: string;
  created_at: Date;
}

export interface ContractorsTable {
  id: string;
  uscc: string;
  name: string;
  sme: boolean;
  size: 'micro' | 'small' | 'medium' | 'large';
  created_at: Date;
}

export interface ProjectsTable {
  id: string;
  debtor_id: string;
  name: string;
  created_at: Date;
}

export interface ContractsTable {
  id: string;
  debtor_id: string;
  contractor_id: string;
  project_id: string;
  amount_fen: string;
  signed_on: string;
  payment_term_days: number;
  agreed_rate_micro: string | null;
  /** Null for a contract signed before 2020-09-01 (no LPR floor applies). */
  lpr_at_signing_micro: string | null;
  inspection_period_days: number | null;
  day_count_basis: number;
  sme_at_signing: boolean;
  size_at_signing: string;
  payment_order: Generated<string>;
  created_by: string;
  created_at: Date;
}

export interface ContractEventsTable {
  id: string;
  contract_id: string;
  type: 'delivery' | 'inspection_passed' | 'settlement_confirmed' | 'dispute' | 'dispute_resolved';
  on_date: string;
  amount_fen: string | null;
  obligation_id: string | null;
  created_by: string;
  created_at: Date;
}

export interface ObligationsTable {
  id: string;
  contract_id: string;
  basis: 'delivery' | 'settlement';
  arose_on: string;
  inspection_deadline: string | null;
  inspected_on: string | null;
  start_on: string;
  due_on: string;
  created_at: Date;
}

export interface PostingsTable {
  id: string;
  seq: Generated<string>;
  request_id: string;
  contract_id: string;
  obligation_id: string | null;
  account: 'principal' | 'interest';
  type: 'obligation' | 'payment' | 'interest_payment' | 'adjustment' | 'reversal';
  direction: 'debit' | 'credit';
  amount_fen: string;
  on_date: string;
  reason: string | null;
  approver: string | null;
  reverses: string | null;
  created_by: string;
  created_at: Date;
}

export interface PostingRequestsTable {
  id: string;
  contract_id: string;
  key: string;
  request_hash: string;
  response: Json;
  created_by: string;
  /** The role of created_by when the key was used (null on rows from before roles were kept). */
  created_role: string | null;
  created_at: Date;
}

export interface TasksTable {
  id: string;
  obligation_id: string;
  contract_id: string;
  opened_on: string;
  measure: string | null;
  responsible_unit: string | null;
  deadline: string | null;
  closed_on: string | null;
  created_at: Date;
}

export interface ComplaintsTable {
  id: string;
  contract_id: string;
  received_on: string;
  content: string;
  transfer_due_on: string;
  transferred_on: string | null;
  transferred_to: string | null;
  answer_due_on: string;
  extension_reason: string | null;
  answered_on: string | null;
  answer: string | null;
  justified: boolean | null;
  credit_record_id: string | null;
  credit_refusal: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Date;
}

export interface ArrearsTables {
  'arrears.lpr_rates': LprRatesTable;
  'arrears.bodies': BodiesTable;
  'arrears.contractors': ContractorsTable;
  'arrears.projects': ProjectsTable;
  'arrears.contracts': ContractsTable;
  'arrears.contract_events': ContractEventsTable;
  'arrears.obligations': ObligationsTable;
  'arrears.postings': PostingsTable;
  'arrears.posting_requests': PostingRequestsTable;
  'arrears.tasks': TasksTable;
  'arrears.complaints': ComplaintsTable;
}
