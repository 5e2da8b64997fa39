import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.js';

/**
 * The `market` schema: the 中介超市 (schema/0012_market.sql). Money is int8 read as a string of fen;
 * discount rates are numeric read as exact decimal strings ('0.8500').
 */
type Fen = ColumnType<string, string | bigint, string | bigint>;
type Rate = ColumnType<string, string, string>;
type TextList = ColumnType<string[], string[] | undefined, string[]>;

export interface ServicesTable {
  code: string;
  name: string;
  description: string;
  sort: number;
}

export interface AgenciesTable {
  subject_id: string;
  state: 'applied' | 'admitted' | 'refused' | 'withdrawn';
  applied_at: Date;
  applied_on: string;
  admission_due_on: string;
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
  refusal_record_ids: TextList;
  staff_count: number;
  regions: string[];
  introduction: ColumnType<string, string | undefined, string>;
  contact_name: string;
  contact_phone: string;
  contact_email: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface QualificationsTable {
  id: Generated<string>;
  subject_id: string;
  name: string;
  level: string;
  certificate_no: string;
  valid_until: string;
}

export interface OffersTable {
  subject_id: string;
  service: string;
  fee_kind: 'fixed' | 'range' | 'discount';
  fee_basis: string;
  fee_min_fen: Fen | null;
  fee_max_fen: Fen | null;
  discount_rate: Rate | null;
  unit: string;
}

export interface SuspensionsTable {
  id: string;
  subject_id: string;
  reason: 'complaints' | 'discipline' | 'fraud';
  detail: string;
  starts_on: string;
  ends_on: string | null;
  lifted_on: string | null;
  lifted_by: string | null;
  lift_reason: string | null;
  created_by: string;
  created_at: Date;
}

export interface AgencyRuleSetsTable {
  version: string;
  effective_from: string;
  regulator_points: number;
  public_points: number;
  social_points: number;
  deduction_minor: number;
  deduction_general: number;
  deduction_serious: number;
  good_addition: number;
  public_deduction: number;
  complaint_deduction: number;
  social_default: number;
  rating_window_months: number;
  grade_aaa_min: number;
  grade_aa_min: number;
  grade_a_min: number;
  grade_b_min: number;
  note: string;
  created_by: string;
  created_at: Date;
}

export type AnnouncementState =
  | 'draft'
  | 'published'
  | 'signing_up'
  | 'selecting'
  | 'selected'
  | 'under_contract'
  | 'in_service'
  | 'completed'
  | 'failed'
  | 'cancelled';
export type SelectionMode = 'direct' | 'random' | 'bid_lowest' | 'bid_best' | 'credit_first';

export interface AnnouncementsTable {
  id: string;
  owner_sub: string;
  owner_name: string;
  owner_uscc: string | null;
  project_code: string;
  project_name: string;
  service: string;
  region: string;
  fiscal: boolean;
  quote_kind: 'amount' | 'discount';
  price_cap_fen: Fen | null;
  price_floor_fen: Fen | null;
  discount_min: Rate | null;
  discount_max: Rate | null;
  signup_deadline: Date;
  selection_at: Date;
  qualification_match: 'any' | 'all';
  qualifications: TextList;
  min_staff: ColumnType<number, number | undefined, number>;
  avoid: Json;
  mode: SelectionMode;
  direct_uscc: string | null;
  long_list_size: number | null;
  short_list_size: number | null;
  witnesses: ColumnType<boolean, boolean | undefined, boolean>;
  publish_winner: ColumnType<boolean, boolean | undefined, boolean>;
  complaint_contact: string;
  description: ColumnType<string, string | undefined, string>;
  state: AnnouncementState;
  failure_reason: string | null;
  draw_rule: Json | null;
  draw_rule_hash: string | null;
  randomness_source: Json | null;
  sealed_seed: string | null;
  /** [{ subjectId, member }] fixed when the selection began, before the randomness was asked for. */
  fixed_pool: Json | null;
  pool_hash: string | null;
  pool_fixed_at: Date | null;
  published_at: Date | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface AnnouncementStepsTable {
  id: Generated<string>;
  announcement_id: string;
  from_state: AnnouncementState | null;
  to_state: AnnouncementState;
  actor: string;
  role: string;
  at: Date;
  note: string | null;
}

export interface SignupsTable {
  announcement_id: string;
  subject_id: string;
  signed_at: Date;
  nonce: string;
  withdrawn_at: Date | null;
}

export interface EligibilityDecisionsTable {
  id: string;
  announcement_id: string;
  subject_id: string;
  stage: 'signup' | 'selection' | 'confirmation' | 'direct';
  eligible: boolean;
  reasons: Json;
  decided_at: Date;
}

export interface BidsTable {
  announcement_id: string;
  subject_id: string;
  amount_fen: Fen | null;
  discount_rate: Rate | null;
  submitted_at: Date;
}

export interface SelectionsTable {
  id: string;
  announcement_id: string;
  mode: SelectionMode;
  state: 'publicised' | 'awaiting_pick' | 'confirmed' | 'failed';
  pool_hash: string | null;
  proof: Json | null;
  ordered: TextList;
  shortlist: TextList;
  winner_subject_id: string | null;
  winner_bid_fen: Fen | null;
  winner_discount_rate: Rate | null;
  publicity_ends_on: string | null;
  confirmed_at: Date | null;
  completed_on: string | null;
  made_by: string;
  made_at: Date;
}

export interface SelectionChangesTable {
  id: Generated<string>;
  selection_id: string;
  dropped_subject_id: string;
  reason: Json;
  next_subject_id: string | null;
  actor: string;
  at: Date;
}

export interface SelectionObjectionsTable {
  id: Generated<string>;
  selection_id: string;
  subject_id: string;
  eligibility_decision_id: string | null;
  against_winner: boolean;
  reason: string;
  state: 'filed' | 'upheld' | 'rejected';
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  filed_at: Date;
}

export interface MarketContractsTable {
  selection_id: string;
  number: string;
  amount_fen: Fen;
  starts_on: string;
  ends_on: string;
  extensions: Json;
  filed_by: string;
  filed_at: Date;
}

export interface ServiceResultsTable {
  id: Generated<string>;
  selection_id: string;
  state: 'uploaded' | 'confirmed' | 'returned';
  document: string;
  note: string | null;
  actor: string;
  at: Date;
}

export interface RatingsTable {
  id: string;
  selection_id: string;
  subject_id: string;
  owner_sub: string;
  quality: number;
  timeliness: number;
  attitude: number;
  fee: number;
  conduct: number;
  comment: ColumnType<string, string | undefined, string>;
  rated_on: string;
  set_aside: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
}

export interface RatingObjectionsTable {
  id: string;
  rating_id: string;
  reason: string;
  state: 'filed' | 'upheld' | 'rejected';
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  filed_at: Date;
}

export interface RatingTotalsTable {
  subject_id: string;
  count: number;
  quality_sum: number;
  timeliness_sum: number;
  attitude_sum: number;
  fee_sum: number;
  conduct_sum: number;
}

export interface ReportsTable {
  id: string;
  tracking_no: string;
  subject_id: string;
  facts: string;
  contact_name: string;
  contact_phone: string;
  state: 'received' | 'dismissed' | 'verified';
  decision_reason: string | null;
  record_id: string | null;
  decided_by: string | null;
  decided_dept: string | null;
  decided_at: Date | null;
  suspension_id: ColumnType<string | null, string | null | undefined, string | null>;
  received_at: Date;
}

export interface AgencyScoresTable {
  subject_id: string;
  score: number;
  grade: string;
  rule_version: string;
  /** Exact sort key of the average rating (see the schema); numeric read as a string. */
  rating_key: ColumnType<string, string | undefined, string>;
  computed_on: string;
  computed_at: Date;
}

export interface MarketTables {
  'market.services': ServicesTable;
  'market.agencies': AgenciesTable;
  'market.qualifications': QualificationsTable;
  'market.offers': OffersTable;
  'market.suspensions': SuspensionsTable;
  'market.agency_rule_sets': AgencyRuleSetsTable;
  'market.announcements': AnnouncementsTable;
  'market.announcement_steps': AnnouncementStepsTable;
  'market.signups': SignupsTable;
  'market.eligibility_decisions': EligibilityDecisionsTable;
  'market.bids': BidsTable;
  'market.selections': SelectionsTable;
  'market.selection_changes': SelectionChangesTable;
  'market.selection_objections': SelectionObjectionsTable;
  'market.contracts': MarketContractsTable;
  'market.service_results': ServiceResultsTable;
  'market.ratings': RatingsTable;
  'market.rating_objections': RatingObjectionsTable;
  'market.rating_totals': RatingTotalsTable;
  'market.reports': ReportsTable;
  'market.agency_scores': AgencyScoresTable;
}
