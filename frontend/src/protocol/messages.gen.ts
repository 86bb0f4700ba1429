// Code generated from realtime/protocol.go by TestTypeScriptProtocolTypes. DO NOT EDIT.
// The protocol is documented in docs/protocol.md.

export type ClientMessage =
  | OpMsg
  | PingMsg
  | PresenceMsg
  | SubscribeMsg
  | UnsubscribeMsg;

export type ServerMessage =
  | AckMsg
  | ErrorMsg
  | OpEventMsg
  | PongMsg
  | PresenceEventMsg
  | SnapshotMsg
  | SubscribedMsg
  | UnsubscribedMsg
  | WelcomeMsg;

export interface OpMsg {
  type: "op";
  board: string;
  id: string;
  op: Record<string, unknown> & { kind: string };
}

export interface PingMsg {
  type: "ping";
  t?: number;
}

export interface PresenceMsg {
  type: "presence";
  board: string;
  editing: string | null;
}

export interface SubscribeMsg {
  type: "subscribe";
  board: string;
  since?: number | null;
}

export interface UnsubscribeMsg {
  type: "unsubscribe";
  board: string;
}

export interface AckMsg {
  type: "ack";
  board: string;
  id: string;
  seq: number;
  duplicate?: boolean;
}

export interface ErrorMsg {
  type: "error";
  code: string;
  message: string;
  board?: string;
  id?: string;
  field?: string;
}

export interface Actor {
  kind: "trainer" | "participant";
  id: string;
  name: string;
  group?: string;
}

export interface OpEventMsg {
  type: "op";
  board: string;
  seq: number;
  id: string;
  actor: Actor;
  op: Record<string, unknown> & { kind: string };
  changes: Change[];
  at: string;
}

export interface PongMsg {
  type: "pong";
  t?: number;
}

export interface Member {
  conn: string;
  kind: "trainer" | "participant";
  id: string;
  name: string;
  editing: string | null;
}

export interface PresenceEventMsg {
  type: "presence";
  board: string;
  members: Member[];
}

export interface SnapshotMsg {
  type: "snapshot";
  board: string;
  kind: string;
  activity: string;
  group?: string;
  seq: number;
  state: Record<string, unknown>;
}

export interface SubscribedMsg {
  type: "subscribed";
  board: string;
  seq: number;
}

export interface UnsubscribedMsg {
  type: "unsubscribed";
  board: string;
  reason: string;
}

export interface Limits {
  max_frame_bytes: number;
  ops_per_second: number;
  ops_burst: number;
  max_boards: number;
}

export interface WelcomeMsg {
  type: "welcome";
  protocol: number;
  conn: string;
  you: Actor;
  workshop: string;
  server_time: string;
  limits: Limits;
}

export interface Change {
  path: string[];
  value?: unknown;
  delete?: boolean;
}

export interface Text {
  "zh-CN": string;
  en: string;
}

export interface Lane {
  id: string;
  title: Text;
}

export interface Author {
  id: string;
  name: string;
  kind: "trainer" | "participant";
}

export interface PersonRef {
  id?: string;
  name: string;
}

export interface Note {
  id: string;
  lane: string;
  text: string;
  pos: number;
  author: Author;
  seq: number;
  owner?: PersonRef | null;
  due?: string;
}

export interface Comment {
  id: string;
  item: string;
  text: string;
  author: Author;
  at: string;
  seq: number;
}

export interface NotesState {
  lanes: Lane[];
  votes_per_person: number;
  actions?: boolean;
  notes: Record<string, Note>;
  votes: Record<string, Record<string, number>>;
  comments?: Record<string, Comment>;
}

export interface Opening {
  all: boolean;
  groups?: string[];
  seq: number;
}

export interface Timer {
  seconds: number;
  ends_at?: string;
  remaining_ms?: number;
  paused: boolean;
  seq: number;
}

export interface Broadcast {
  text: string;
  at: string;
  seq: number;
}

export interface Spotlight {
  activity: string;
  group: string;
  seq: number;
}

export interface Gallery {
  activity: string;
  started_at: string;
  seq: number;
}

export interface ControlState {
  now: string;
  open: Record<string, Opening>;
  now_block?: string;
  order?: string[][];
  timers?: Record<string, Timer>;
  locks?: Record<string, Opening>;
  broadcast?: Broadcast | null;
  spotlight?: Spotlight | null;
  gallery?: Gallery | null;
  case?: string;
}

export interface BuyingStepItem {
  id: string;
  name: string;
  pos: number;
}

export interface StageItem {
  id: string;
  code: string;
  name: string;
  status: string;
  buying_step: string;
  probability: number;
  actions: string[];
  exit_criterion: string;
  evidence: string[];
  required_fields: string[];
  max_days: number;
  forecast_category: string;
  pos: number;
}

export interface Issue {
  path: string[];
  code: string;
  message: Text;
}

export interface StagesState {
  pipeline: string;
  post_sale_pipeline: string;
  steps: Record<string, BuyingStepItem>;
  stages: Record<string, StageItem>;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface TargetQuality {
  customers: string;
  products: string;
  min_margin_pct: number;
}

export interface TargetAnnual {
  amount_minor: number;
  quality: TargetQuality;
  deadline: string;
  owner: string;
}

export interface TargetPeriod {
  id: string;
  label: string;
  weight: number;
  manual_minor: number | null;
  amount_minor: number;
  owner: string;
  months?: Record<string, TargetPeriod>;
}

export interface TargetRegion {
  id: string;
  name: string;
  owner: string;
  weight: number;
  manual_minor: number | null;
  amount_minor: number;
  pos: number;
}

export interface TargetRep {
  id: string;
  region: string;
  name: string;
  weight: number;
  book_weight: number;
  manual_minor: number | null;
  amount_minor: number;
  existing_minor: number;
  new_minor: number;
  pos: number;
}

export interface TargetCustomers {
  last_year_revenue_minor: number;
  retention_pct: number;
  growth_pct: number;
  existing_minor: number;
  new_minor: number;
  owner: string;
}

export interface TargetsState {
  fiscal_year: number;
  fiscal_year_start: number;
  currency: string;
  minor_units: number;
  annual: TargetAnnual;
  quarters: Record<string, TargetPeriod>;
  regions: Record<string, TargetRegion>;
  reps: Record<string, TargetRep>;
  customers: TargetCustomers;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface KPIItem {
  id: string;
  name: string;
  kind: string;
  weight: number;
  target: number;
  unit: string;
  period: string;
  scoring: string;
  pos: number;
}

export interface KPITotals {
  weight: number;
  process: number;
  result: number;
}

export interface KPIsState {
  metrics: Record<string, KPIItem>;
  totals: KPITotals;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface TierDimension {
  id: string;
  name: string;
  description: string;
  pos: number;
}

export interface TierItem {
  id: string;
  name: string;
  criteria: string[];
  visit_cadence: string;
  resources: string;
  pos: number;
}

export interface TiersState {
  dimensions: Record<string, TierDimension>;
  tiers: Record<string, TierItem>;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface TableRef {
  id: string;
  name: string;
}

export interface AgendaEntry {
  item: string;
  minutes: number;
}

export interface MeetingItem {
  id: string;
  kind: string;
  name: string;
  cadence: string;
  minutes: number;
  attendees: string[];
  agenda: AgendaEntry[];
  inputs: string[];
  outputs: string[];
  pos: number;
}

export interface MeetingsState {
  tables: TableRef[];
  meetings: Record<string, MeetingItem>;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface TableColumn {
  id: string;
  name: string;
  type: string;
  required: boolean;
  pos: number;
}

export interface DailyTableItem {
  id: string;
  name: string;
  purpose: string;
  owner: string;
  frequency: string;
  module: number;
  columns: Record<string, TableColumn>;
  pos: number;
}

export interface TablesState {
  interpretation: Text;
  tables: Record<string, DailyTableItem>;
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface TeamLevel {
  level: number;
  name: string;
}

export interface TeamPerson {
  id: string;
  name: string;
  level: number;
  pos: number;
}

export interface TeamMixRow {
  level: number;
  count: number;
  ideal: number;
  gap: number;
}

export interface TeamMixState {
  interpretation: Text;
  ratio: number[];
  levels: TeamLevel[];
  people: Record<string, TeamPerson>;
  total: number;
  mix: TeamMixRow[];
  issues: Issue[];
  comments?: Record<string, Comment>;
}

export interface Option {
  id: string;
  title: Text;
}

export interface Column {
  id: string;
  title: Text;
  type: string;
  required?: boolean;
  options?: Option[];
  multiple?: boolean;
  min?: number | null;
  max?: number | null;
  integer?: boolean;
  currency?: string;
  hint?: Text;
}

export interface Row {
  id: string;
  pos: number;
  cells: Record<string, unknown>;
  author: Author;
  seq: number;
}

export interface TableState {
  columns: Column[];
  min_rows: number;
  max_rows: number;
  votes_per_person: number;
  rows: Record<string, Row>;
  votes: Record<string, Record<string, number>>;
  comments?: Record<string, Comment>;
}

export interface Zone {
  id: string;
  title: Text;
  hint?: Text;
  layer?: string;
  min?: number;
}

export interface Tag {
  id: string;
  title: Text;
}

export interface CanvasNote {
  id: string;
  zone: string;
  text: string;
  tag?: string;
  pos: number;
  author: Author;
  seq: number;
}

export interface CanvasState {
  picture: string;
  zones: Zone[];
  tags: Tag[];
  votes_per_person: number;
  notes: Record<string, CanvasNote>;
  counts: Record<string, number>;
  votes: Record<string, Record<string, number>>;
  comments?: Record<string, Comment>;
}

export interface PollState {
  options: Option[];
  multiple: boolean;
  max_choices: number;
  ballots: Record<string, string[]>;
  counts: Record<string, number>;
  comments?: Record<string, Comment>;
}

export interface PlanState {
  columns: Column[];
  min_rows: number;
  max_rows: number;
  votes_per_person: number;
  rows: Record<string, Row>;
  votes: Record<string, Record<string, number>>;
  comments?: Record<string, Comment>;
}

export interface Prompt {
  id: string;
  title: Text;
  hint?: Text;
}

export interface Answer {
  text: string;
  seq: number;
}

export interface PersonalAction {
  id: string;
  text: string;
  due?: string;
  done: boolean;
  pos: number;
  seq: number;
}

export interface ReflectionState {
  prompts: Prompt[];
  actions_on: boolean;
  answers: Record<string, Answer>;
  actions: Record<string, PersonalAction>;
}

export interface Activity {
  id: string;
  type: string;
  template: string;
  title?: Text;
  question: Text;
  hints?: Text[];
  minutes?: number;
  config?: unknown;
  output?: string;
  cases?: string[];
}

export interface Module {
  id: string;
  number: number;
  title: Text;
  topics: Text[];
  cases?: string[];
  activities: Activity[];
}

export interface Part {
  name: Text;
  detail?: Text;
  value?: string;
  pair?: Text;
}

export interface Interpretation {
  id: string;
  term: Text;
  summary: Text;
  parts?: Part[];
}

export interface Tool {
  id: string;
  name: Text;
  summary: Text;
  points?: Part[];
  diagram?: string;
  module?: string;
  activities?: string[];
  interpretations?: string[];
}

export interface CaseRef {
  id: string;
  title: Text;
}

export interface Block {
  id: string;
  type: string;
  module?: string;
  activity?: string;
  case?: string;
  title?: Text;
  minutes?: number;
}

export interface AgendaDay {
  title: Text;
  start: string;
  blocks: Block[];
}

export interface Agenda {
  days: AgendaDay[];
}

export interface Curriculum {
  id: string;
  version: number;
  title: Text;
  modules: Module[];
  interpretations?: Interpretation[];
  toolkit?: Tool[];
  cases?: CaseRef[];
  agenda: Agenda;
}

export interface Progress {
  items: number;
  missing: number;
  comments: number;
}

export interface Insight {
  activity: string;
  prompt: Text;
  text: string;
}

export interface PlanEntry {
  activity: string;
  source: string;
  text: string;
  due?: string;
  done: boolean;
}

export interface ActionPlan {
  insights: Insight[];
  actions: PlanEntry[];
}

export interface Scale {
  min: number;
  max: number;
}

export interface Criterion {
  id: string;
  name: Text;
  description?: Text;
  weight: number;
  anchors: Text[];
  min_level?: number | null;
}

export interface Rubric {
  name: Text;
  scale: Scale;
  criteria: Criterion[];
  pass_percent: number;
}

export interface Scenario {
  case_id?: string;
  title: string;
  brief?: string;
}

export interface Judge {
  id: string;
  kind: "trainer" | "participant";
  name: string;
  sheet: string;
}

export interface Queued {
  performer: string;
  name: string;
  group?: string;
  retry?: boolean;
}

export interface Current {
  attempt: string;
  seconds: number;
  deadline?: string;
  submitted: Record<string, boolean>;
}

export interface Person {
  id: string;
  kind: "trainer" | "participant";
  name: string;
}

export interface CriterionResult {
  id: string;
  mean: number;
  sd: number;
  min: number;
  max: number;
  judges: number;
  points: number;
  below_min?: boolean;
}

export interface Result {
  criteria: CriterionResult[];
  points: number;
  max_points: number;
  percent: number;
  passed: boolean;
  must_pass_failed?: string[];
  judges: number;
}

export interface CalibrationCriterion {
  id: string;
  median: number;
  scores: number;
}

export interface Distance {
  criterion: string;
  score: number;
  distance: number;
  flagged: boolean;
}

export interface CalibrationJudge {
  judge: string;
  distances: Distance[];
  mean_distance: number;
  flagged: boolean;
}

export interface Calibration {
  criteria: CalibrationCriterion[];
  judges: CalibrationJudge[];
  flagged: number;
}

export interface AttemptRecord {
  id: string;
  number: number;
  performer: string;
  name: string;
  group?: string;
  group_name?: string;
  try: number;
  calibration?: boolean;
  imported?: boolean;
  scenario: Scenario;
  status: string;
  started_at: string;
  revealed_at?: string;
  panel: Person[];
  scores?: Record<string, Record<string, number>>;
  result?: Result | null;
  calibrated?: Calibration | null;
}

export interface RoundState {
  rubric: Rubric | null;
  scenario: Scenario;
  judges: Judge[];
  queue: Queued[];
  current: Current | null;
  attempts: Record<string, AttemptRecord>;
  started: number;
  last: string;
}

export interface SheetCurrent {
  attempt: string;
  performer: string;
  calibration?: boolean;
  self?: boolean;
  revealed?: boolean;
}

export interface SheetState {
  owner: Person;
  judge: boolean;
  scale: Scale;
  criteria: string[];
  current: SheetCurrent | null;
  scores: Record<string, number>;
  submitted: boolean;
}

export interface FunnelDataset {
  source: string;
  review_id?: string;
  name: string;
  loaded_by: Author;
  seq: number;
}

export interface FunnelSourceInfo {
  name: string;
  format: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
  rows: number;
  bytes?: number;
  invalid_text?: number;
}

export interface FunnelText {
  "zh-CN": string;
  en: string;
}

export interface FunnelNote {
  code: string;
  text: FunnelText;
}

export interface FunnelTargetResult {
  amount: number;
  from?: string;
  to?: string;
  won: number;
  remaining: number;
  coverage: number | null;
  weighted_coverage: number | null;
}

export interface FunnelVelocity {
  opportunities: number;
  avg_won_amount: number | null;
  win_rate: number | null;
  avg_cycle_days: number | null;
  per_day: number | null;
}

export interface FunnelStageResult {
  name: string;
  won?: boolean;
  lost?: boolean;
  rows: number;
  reached: number;
  conversion: number | null;
  from_start: number | null;
  open: number;
  open_amount: number;
  weighted: number;
  lost_here: number;
  probability: number | null;
  empirical_probability: number | null;
  closed_reached: number;
  probability_used: number | null;
  max_days?: number;
  avg_age_days: number | null;
  stuck: number;
}

export interface FunnelLeak {
  from: string;
  to: string;
  conversion: number;
  lost: number;
}

export interface FunnelShapeFinding {
  kind: string;
  stage?: string;
  evidence: FunnelText;
  title: FunnelText;
  meaning: FunnelText;
}

export interface FunnelShape {
  kind: string;
  title: FunnelText;
  meaning: FunnelText;
  findings: FunnelShapeFinding[];
  distribution: number[];
}

export interface FunnelStuckDeal {
  row: number;
  id: string;
  name?: string;
  owner?: string;
  stage: string;
  amount: number | null;
  since: string;
  basis: string;
  days: number;
  max_days: number;
  days_over: number;
}

export interface FunnelOwnerResult {
  owner: string;
  opportunities: number;
  open: number;
  won: number;
  lost: number;
  win_rate: number | null;
  won_amount: number;
  pipeline: number;
  weighted: number;
  avg_cycle_days: number | null;
  avg_won_amount: number | null;
}

export interface FunnelPeriodResult {
  period: string;
  created: number;
  created_amount: number;
  won: number;
  won_amount: number;
  lost: number;
}

export interface FunnelDateColumn {
  field: string;
  column: string;
  order?: string;
  values: number;
  ambiguous: number;
  dmy_only: number;
  mdy_only: number;
  excel_serial?: number;
  invalid: number;
  note?: FunnelText | null;
}

export interface FunnelValueCount {
  value: string;
  rows: number;
}

export interface FunnelBadRow {
  file: string;
  row: number;
  skipped: boolean;
  code: string;
  reason: FunnelText;
}

export interface FunnelReasonCount {
  code: string;
  rows: number;
  skipped: boolean;
}

export interface FunnelResult {
  source: FunnelSourceInfo;
  history?: FunnelSourceInfo | null;
  mapping: Record<string, string>;
  matched: Record<string, string>;
  history_columns?: Record<string, string>;
  as_of: string;
  as_of_source: string;
  stage_order: string;
  conversion_source: string;
  limits: FunnelNote[];
  warnings: FunnelNote[];
  opportunities: number;
  won: number;
  lost: number;
  open: number;
  win_rate: number | null;
  win_rate_by_amount: number | null;
  won_amount: number;
  lost_amount: number;
  pipeline: number;
  avg_won_amount: number | null;
  avg_cycle_days: number | null;
  median_cycle_days: number | null;
  weighted_pipeline: number;
  target: FunnelTargetResult | null;
  velocity_per_day: number | null;
  velocity: FunnelVelocity;
  stages: FunnelStageResult[];
  biggest_leak: FunnelLeak | null;
  shape: FunnelShape;
  stuck: FunnelStuckDeal[];
  stuck_total: number;
  owners: FunnelOwnerResult[];
  owners_omitted?: number;
  periods: FunnelPeriodResult[];
  dates: FunnelDateColumn[];
  missing_amounts: number;
  unknown_stages: FunnelValueCount[];
  bad_rows: FunnelBadRow[];
  bad_rows_total: number;
  skipped_rows: number;
  bad_row_reasons: FunnelReasonCount[];
}

export interface FunnelFinding {
  id: string;
  topic: string;
  text: string;
  author: Author;
  seq: number;
}

export interface FunnelState {
  dataset: FunnelDataset | null;
  result: FunnelResult | null;
  findings: Record<string, FunnelFinding>;
  comments?: Record<string, Comment>;
}

export interface DraftPrompt {
  id: string;
  label: Text;
  hint: Text;
}

export interface DraftText {
  text: string;
  author: Author;
  seq: number;
}

export interface CaseDraftState {
  prompts: DraftPrompt[];
  fields: Record<string, DraftText>;
}

export const ERROR_CODES = ["bad_message", "unknown_type", "not_found", "forbidden", "bad_sequence", "not_subscribed", "too_many_boards", "invalid_op", "limit", "conflict", "activity_closed", "board_locked", "rate_limited", "unavailable", "internal"] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  unauthorized: 4001,
  moved: 4004,
  slowConsumer: 4008,
} as const;

export const MAX_FRAME_BYTES = 65536;
