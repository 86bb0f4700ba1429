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

export interface Note {
  id: string;
  lane: string;
  text: string;
  pos: number;
  author: Author;
  seq: number;
}

export interface NotesState {
  lanes: Lane[];
  votes_per_person: number;
  notes: Record<string, Note>;
  votes: Record<string, Record<string, number>>;
}

export interface Opening {
  all: boolean;
  groups?: string[];
  seq: number;
}

export interface ControlState {
  now: string;
  open: Record<string, Opening>;
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
