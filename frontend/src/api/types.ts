// Shapes of the REST API (docs/api.md). The live protocol's types come from
// protocol/messages.gen.ts, generated from the Go structs.
import type { Text } from '../protocol/messages.gen';

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

export interface Activity {
  id: string;
  type: 'discussion' | 'tool' | 'case' | string;
  template: string;
  question: Text;
  hints?: Text[];
  minutes?: number;
  config?: unknown;
  output?: string;
}

export interface Module {
  id: string;
  number: number;
  title: Text;
  topics: Text[];
  cases?: string[];
  activities: Activity[];
}

export interface Curriculum {
  id: string;
  version: number;
  title: Text;
  modules: Module[];
}

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
}

export interface Participant {
  id: string;
  name: string;
  group_id: string;
  joined_at: string;
  last_seen_at: string;
}

export interface BoardRef {
  id: string;
  activity: string;
  kind: string;
  group_id?: string;
  participant_id?: string;
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
  curriculum: Curriculum;
}
