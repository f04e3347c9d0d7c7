import type { Generated } from 'kysely';

// Row shapes of every table. Instants are UTC epoch milliseconds (number); flags are 0/1
// integers so SQLite and PostgreSQL read the same; personal fields hold sealed text
// (platform/crypto) and are looked up through their *_hash column.

export type Role = 'admin' | 'supervisor' | 'agent' | 'auditor';
export type LeadPool = 'public' | 'private';
export type IntentLevel = 'high' | 'medium' | 'low';
export type CallDirection = 'inbound' | 'outbound';
export type ComplaintType = 'service' | 'harassment' | 'other';
export type Flag = 0 | 1;

export interface TenantTable {
  id: string;
  name: string;
  time_zone: string;
  /** JSON: evaluation thresholds, scenario weights, cost settings, calling windows … */
  settings: string;
  is_demo: Flag;
  created_at: number;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  team_id: string | null;
  disabled: Flag;
  created_at: number;
}

export interface SessionTable {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: string;
  tenant_id: string;
  created_at: number;
  expires_at: number;
}

export interface TeamTable {
  id: string;
  tenant_id: string;
  name: string;
  created_at: number;
}

export interface AgentTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  name: string;
  extension: string | null;
  team_id: string | null;
  /** JSON: [{ skill, level }] */
  skills: string;
  /** Sealed SIP digest password (the registrar needs the clear text to verify digests). */
  sip_password: string | null;
  external_ref: string | null;
  created_at: number;
}

export interface CustomerTable {
  id: string;
  tenant_id: string;
  name: string | null;
  /** Sealed E.164 number. */
  phone: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  province: string | null;
  city: string | null;
  carrier: string | null;
  /** JSON of imported or custom attributes. */
  attributes: string;
  external_ref: string | null;
  created_at: number;
  updated_at: number;
}

export interface LeadTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  campaign_id: string | null;
  pool: LeadPool;
  owner_user_id: string | null;
  source: string;
  status: string;
  intent_level: IntentLevel | null;
  created_at: number;
  updated_at: number;
}

export interface TagTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  lead_id: string | null;
  call_id: string | null;
  /** 'intent' tags carry a level; 'label' tags are free labels. */
  kind: 'intent' | 'label';
  name: string;
  level: IntentLevel | null;
  created_at: number;
}

export interface FollowUpTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  lead_id: string | null;
  user_id: string | null;
  call_id: string | null;
  channel: string;
  note: string | null;
  at: number;
  next_at: number | null;
}

export interface DealTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  lead_id: string | null;
  /** The call-center contact the deal is attributed to. */
  call_id: string | null;
  amount: number;
  currency: string;
  stage: string;
  closed_won_at: number | null;
  external_ref: string | null;
  created_at: number;
}

export interface TicketTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  call_id: string | null;
  subject: string;
  resolved: Flag;
  first_contact_resolution: Flag;
  created_at: number;
  resolved_at: number | null;
}

export interface ComplaintTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  call_id: string | null;
  type: ComplaintType;
  /** 1 when the complaint is about the call center's service (counts in complaint_rate). */
  call_center: Flag;
  note: string | null;
  created_at: number;
}

export interface SurveyResponseTable {
  id: string;
  tenant_id: string;
  call_id: string | null;
  customer_id: string | null;
  channel: 'ivr' | 'sms' | 'web';
  csat: number | null;
  nps: number | null;
  created_at: number;
}

export interface CampaignTable {
  id: string;
  tenant_id: string;
  name: string;
  dial_mode: 'preview' | 'progressive' | 'predictive' | 'import';
  status: string;
  /** JSON: schedule, trunk, caller-ID pool, retry rules, abandon cap … */
  settings: string;
  external_ref: string | null;
  created_at: number;
}

export interface CampaignEntryTable {
  id: string;
  tenant_id: string;
  campaign_id: string;
  lead_id: string | null;
  customer_id: string;
  planned_at: number;
  state: string;
  /** 1 once the entry reached a final state (reached with a disposition, or attempts exhausted). */
  final: Flag;
  final_at: number | null;
  attempts: number;
  last_result: string | null;
  next_attempt_at: number | null;
}

export interface CallRecordTable {
  id: string;
  tenant_id: string;
  direction: CallDirection;
  /** Sealed numbers; callee region and carrier are kept in clear for breakdowns. */
  caller: string | null;
  callee: string | null;
  callee_province: string | null;
  callee_city: string | null;
  callee_carrier: string | null;
  customer_id: string | null;
  trunk_id: string | null;
  caller_id_used: string | null;
  campaign_id: string | null;
  entry_id: string | null;
  queue_id: string | null;
  agent_id: string | null;
  team_id: string | null;
  created_at: number;
  ring_at: number | null;
  answer_at: number | null;
  /** When the call was connected to an agent (outbound: after the callee answered). */
  agent_answer_at: number | null;
  end_at: number | null;
  ivr_entry_at: number | null;
  ivr_exit_at: number | null;
  queue_entry_at: number | null;
  queue_exit_at: number | null;
  /** 'active' while the call runs, 'completed' when finalised, 'interrupted' after a crash. */
  status: 'active' | 'completed' | 'interrupted';
  disposition: string | null;
  hangup_cause: string | null;
  sip_status: number | null;
  core_info_delivered: Flag;
  acw_seconds: number | null;
  billed_seconds: number | null;
  billed_cost: number | null;
  loss_pct: number | null;
  jitter_ms: number | null;
  rtt_ms: number | null;
  mos: number | null;
  video_offered: Flag;
  video_established: Flag;
  recording_path: string | null;
  source: string;
  external_ref: string | null;
}

export interface IncidentTable {
  id: string;
  tenant_id: string | null;
  component: string;
  started_at: number;
  recovered_at: number | null;
  note: string | null;
}

export interface LatencySampleTable {
  id: string;
  tenant_id: string;
  /** dial: click → first ring-back/answer; dial_platform: click → INVITE sent; ivr: digit → next prompt. */
  kind: 'dial' | 'dial_platform' | 'ivr';
  call_id: string | null;
  value_ms: number;
  at: number;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string | null;
  user_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'allowed' | 'denied';
  /** 1 when the object holds personal data or a recording. */
  personal_data: Flag;
  /** 1 when the object lay inside the actor's scope (tenant, role). */
  in_scope: Flag;
  detail: string | null;
  at: number;
}

export interface ImportRunTable {
  id: string;
  tenant_id: string;
  kind: string;
  file_sha256: string;
  file_name: string;
  status: 'completed' | 'rejected';
  /** JSON report: counts, skipped rows, errors. */
  report: string;
  created_at: number;
}

export interface KvTable {
  tenant_id: string;
  key: string;
  value: string;
  updated_at: number;
}

export interface Database {
  tenants: TenantTable;
  users: UserTable;
  sessions: SessionTable;
  teams: TeamTable;
  agents: AgentTable;
  customers: CustomerTable;
  leads: LeadTable;
  tags: TagTable;
  follow_ups: FollowUpTable;
  deals: DealTable;
  tickets: TicketTable;
  complaints: ComplaintTable;
  survey_responses: SurveyResponseTable;
  campaigns: CampaignTable;
  campaign_entries: CampaignEntryTable;
  call_records: CallRecordTable;
  incidents: IncidentTable;
  latency_samples: LatencySampleTable;
  audit_log: AuditLogTable;
  import_runs: ImportRunTable;
  kv: KvTable;
}

// Kept for modules that insert with generated columns later.
export type { Generated };
