// Types of the company playbook API (docs/api.md, "The company playbook").
import type { Issue } from '../protocol/messages.gen';

/** A failed check of the playbook, at a document path. */
export interface Problem {
  path: string;
  code: string;
  message: string;
  message_zh: string;
}

/** Where one part of the company version came from. */
export interface Provenance {
  activity?: string;
  vote?: string;
  group_id?: string;
  group_name?: string;
  board_id?: string;
  seq?: number;
  manual?: boolean;
  by: string;
  at: string;
}

export interface DiffEntry {
  path: string;
  op: 'added' | 'removed' | 'changed' | 'reordered';
  before?: unknown;
  after?: unknown;
}

export interface PlaybookVersion {
  version: number;
  published_at: string;
  published_by: string;
  diff: DiffEntry[];
  diff_text: string;
}

/** A client case in one language, as the playbook's appendix carries it (Markdown sections). */
export interface CaseText {
  title: string;
  industry: string;
  summary: string;
  background: string;
  situation: string;
  actions: string;
  results: string;
  lessons: string;
}

/** One of the client's own cases in the appendix: a case of the library flagged for the playbook. */
export interface AppendixCase {
  id: string;
  'zh-CN'?: CaseText;
  en?: CaseText;
}

/** The playbook document (docs/playbook.md); sections are read loosely. */
export type PlaybookDoc = Record<string, unknown> & { title: string; version: number; appendix?: AppendixCase[] };

export interface CompanyPlaybook {
  /** Every activity whose boards feed the playbook, with the section. */
  activities: { id: string; section: string }[];
  draft: PlaybookDoc;
  provenance: Record<string, Provenance>;
  problems: Problem[];
  versions: PlaybookVersion[];
}

export interface GroupVersion {
  group_id: string;
  group_name: string;
  board_id: string;
  seq: number;
  section: unknown;
  issues: Issue[];
}

export interface Comparison {
  activity: string;
  kind: string;
  section: string;
  company: unknown;
  groups: GroupVersion[];
}

/** The export formats, in the order the product shows them. */
export const EXPORT_FORMATS = ['xlsx', 'report', 'csv', 'salesforce', 'hubspot', 'pipedrive', 'odoo', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface VoteOption {
  id: string;
  title: { 'zh-CN': string; en: string };
  value: unknown;
  sources: { group_id: string; group_name: string; path: string }[];
  count: number;
}

/** A room vote on a disputed field of the company version. */
export interface PlaybookVote {
  id: string;
  activity: string;
  path: string;
  label: string;
  options: VoteOption[];
  voters: number;
  decided: string;
  created_at: string;
}
