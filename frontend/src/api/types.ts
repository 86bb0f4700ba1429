// Shapes of the REST API (docs/api.md). The live protocol's types come from
// protocol/messages.gen.ts, generated from the Go structs.
import type { FunnelResult, FunnelText, Text } from '../protocol/messages.gen';

export type Lang = 'zh-CN' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Group {
  id: string;
  name: string;
  position: number;
}

// The curriculum document is generated from the Go structs (exercises/catalog.go).
export type { Activity, Curriculum, Module } from '../protocol/messages.gen';
import type { ActionPlan, Curriculum, Progress } from '../protocol/messages.gen';

export interface Workshop {
  id: string;
  title: string;
  client_company: string;
  industry: string;
  starts_on: string;
  ends_on: string;
  language: Lang;
  join_code: string;
  join_url: string;
  created_at: string;
  groups?: Group[];
  control_board?: string;
  curriculum?: Curriculum;
}

export interface WorkshopInput {
  title: string;
  client_company: string;
  industry: string;
  starts_on: string;
  ends_on: string;
  language: Lang;
  groups: number;
  /** "builtin" (the default) or one of the trainer's copies. */
  curriculum_id?: string;
}

export interface Participant {
  id: string;
  name: string;
  group_id: string;
  joined_at: string;
  last_seen_at: string;
}

/** One trainer action in the audit log (GET /api/workshops/:id/audit). */
export interface AuditEntry {
  id: string;
  workshop_id?: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  /** An operation kind ("activity.open", "reveal") or an HTTP action ("playbook.export"). */
  action: string;
  /** The activity, or the route's parameters ("format=xlsx"). */
  target: string;
  /** The operation as sent, or "{}". */
  detail: string;
  at: string;
}

export interface BoardRef {
  id: string;
  activity: string;
  kind: string;
  group_id?: string;
  participant_id?: string;
  trainer_id?: string;
  seq: number;
}

export interface JoinInfo {
  workshop: { id: string; title: string; client_company: string; language: Lang };
  groups: { id: string; name: string; members: number }[];
  joined: boolean;
}

export interface ParticipantView {
  participant: Participant;
  workshop: Workshop;
  group: Group | null;
  control_board: string;
  boards: Record<string, string>;
  /** Boards everyone in the workshop shares, by activity (a pass-off round). */
  workshop_boards?: Record<string, string>;
  curriculum: Curriculum;
}

// Pass-off (通关), docs/api.md "Pass-off rounds" and "Rubric library".

export interface PassoffInfo {
  activity: string;
  round_board: string;
  sheet_board: string;
  trainer: { id: string; name: string };
}

export interface RubricEntry {
  id: string;
  name: string;
  builtin?: boolean;
  rubric: import('../protocol/messages.gen').Rubric;
  created_at?: string;
  updated_at?: string;
}

export interface Caveat {
  code: string;
  message: string;
}

export interface PassoffAgreement {
  icc2_1: number | null;
  icc2_k: number | null;
  icc2_1_ci95?: [number, number];
  icc2_k_ci95?: [number, number];
  krippendorff_alpha: number | null;
  performances: number;
  judges: number;
  alpha_units: number;
  caveats: Caveat[];
}

export interface PassoffReport {
  performances: { id: string; performer: string; name: string; group?: string; attempt: number; result: import('../protocol/messages.gen').Result }[];
  criteria: { id: string; mean: number; sd: number; min: number; max: number; scores: number }[];
  judges: { judge: string; scores: number; mean: number; spread: number; harshness: number | null }[];
  agreement: PassoffAgreement;
  improvement: { performer: string; name: string; group?: string; attempts: { attempt: number; percent: number; passed: boolean }[]; change: number; passed: boolean }[];
  leaderboard: { group: string; performers: number; passed: number; pass_rate: number; mean_best: number; attempts: number; rank: number }[];
}

export interface PassoffReportResponse {
  rubric: import('../protocol/messages.gen').Rubric;
  report: PassoffReport;
  names: { People: Record<string, string>; Groups: Record<string, string> };
  calibration: { attempt: string; name: string; revealed_at: string; result: import('../protocol/messages.gen').Calibration } | null;
}

// Funnel reviews (docs/api.md "Funnel reviews").

export type FunnelRole = 'opportunities' | 'history';

export interface FunnelStage {
  name: string;
  probability?: number | null;
  max_days?: number;
  won?: boolean;
  lost?: boolean;
}

export interface FunnelSettings {
  mapping?: Record<string, string>;
  history_mapping?: Record<string, string>;
  sheet?: string;
  stages?: { stages: FunnelStage[] } | null;
  won?: string;
  lost?: string[];
  target?: { amount: number; from?: string; to?: string } | null;
  date_order?: '' | 'dmy' | 'mdy';
  as_of?: string;
}

export interface FunnelFile {
  role: FunnelRole;
  name: string;
  size: number;
  received: number;
  parts: number;
  complete: boolean;
  part_size: number;
}

export interface FunnelReview {
  id: string;
  title: string;
  workshop_id: string | null;
  settings: FunnelSettings;
  analyzed_at: string | null;
  created_at: string;
  updated_at: string;
  files?: FunnelFile[];
  result?: FunnelResult;
}

export interface FunnelPreview {
  source: { name: string; format: string; encoding?: string; delimiter?: string; sheet?: string; sheets?: string[]; rows: number };
  header: string[];
  rows: string[][];
  mapping: Record<string, string>;
  matched?: Record<string, string>;
  missing: string[];
  stages?: { name: string; rows: number; won?: boolean; lost?: boolean }[];
  stage_order?: string;
  problem?: { code: string; text: FunnelText } | null;
}

/** A curriculum of the trainer's library: the built-in one or a copy (docs/api.md). */
export interface CurriculumEntry {
  id: string;
  title: Text;
  builtin: boolean;
  based_on?: string;
  revision: number;
  updated_at?: string;
  curriculum?: Curriculum;
  /** The template kinds an activity may use, with their presets (sent with the content). */
  templates?: Template[];
}

/** A template kind a curriculum's activity may use (exercises.Template). */
export interface Template {
  kind: string;
  /** The activity type a new activity of this kind gets. */
  type: string;
  /** The kind refuses an empty configuration: a new activity starts from a preset. */
  needs_preset: boolean;
  presets?: Preset[];
}

/** A ready configuration of a kind: its own starting points and those of the built-in activities. */
export interface Preset {
  id: string;
  title: Text;
  config?: unknown;
}

/** One group board's progress, for the console grid. */
export interface BoardProgress extends Progress {
  board: string;
  activity: string;
  kind: string;
  group_id: string;
  seq: number;
  updated_at: string;
}

export type { ActionPlan };

/** The boards a running gallery walk opens. */
export interface GalleryBoards {
  activity: string;
  boards: { board: string; group_id: string; group_name: string; position: number; own: boolean }[];
}
