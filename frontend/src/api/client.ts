// The typed REST client: one function per endpoint of docs/api.md. Every
// state-changing request carries the CSRF token (the pb_csrf cookie's value).
import type { FunnelDataset } from '../protocol/messages.gen';
import type {
  ActionPlan,
  AuditEntry,
  BoardProgress,
  BoardRef,
  FunnelFile,
  FunnelPreview,
  FunnelReview,
  FunnelRole,
  FunnelSettings,
  Curriculum,
  CurriculumEntry,
  GalleryBoards,
  Group,
  JoinInfo,
  Participant,
  ParticipantView,
  PassoffInfo,
  PassoffReportResponse,
  RubricEntry,
  User,
  Workshop,
  WorkshopInput,
} from './types';
import type { CompanyPlaybook, Comparison, ExportFormat, PlaybookDoc, PlaybookVersion, PlaybookVote, Problem } from '../playbook/types';

/** An error answered by the API: {"error":{"code","message","field"}}. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly retryAfter?: number;
  /** Every failed check, when a playbook (422 invalid_playbook) or a curriculum (400 invalid) is refused. */
  problems?: Problem[];
  /** The reason in Chinese, for errors about an uploaded file's content. */
  readonly messageZh?: string;
  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number, messageZh?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.messageZh = messageZh;
  }
}

/** The value of a cookie readable by the page. */
export function readCookie(name: string, cookies: string = document.cookie): string {
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

let csrfPrimed: Promise<void> | null = null;

/** Makes sure the pb_csrf cookie exists (any API response sets it). */
export async function ensureCsrf(): Promise<string> {
  let token = readCookie('pb_csrf');
  if (!token) {
    csrfPrimed ??= fetch('/api/setup', { credentials: 'same-origin' }).then(() => undefined);
    await csrfPrimed;
    csrfPrimed = null;
    token = readCookie('pb_csrf');
  }
  return token;
}

export async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = await ensureCsrf();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; field?: string; message_zh?: string; problems?: Problem[] } } | null)?.error;
    const retry = Number(res.headers.get('Retry-After')) || undefined;
    const err = new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? res.statusText, e?.field, retry, e?.message_zh);
    if (e?.problems) err.problems = e.problems;
    throw err;
  }
  return data as T;
}

function apiErrorOf(res: Response, data: unknown): ApiError {
  const e = (data as { error?: { code?: string; message?: string; field?: string; message_zh?: string } } | null)?.error;
  const retry = Number(res.headers.get('Retry-After')) || undefined;
  return new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? res.statusText, e?.field, retry, e?.message_zh);
}

const enc = encodeURIComponent;

export const api = {
  // Accounts
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (input: { token: string; name: string; email: string; password: string }) =>
    request<{ user: User }>('POST', '/api/setup', input),
  login: (email: string, password: string) => request<{ user: User }>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<{ user: User }>('GET', '/api/auth/me'),

  // Workshops (trainer)
  curriculum: () => request<Curriculum>('GET', '/api/curriculum'),
  workshops: () => request<{ workshops: Workshop[] }>('GET', '/api/workshops'),
  createWorkshop: (input: WorkshopInput) => request<Workshop>('POST', '/api/workshops', input),
  workshop: (id: string) => request<Workshop>('GET', `/api/workshops/${enc(id)}`),
  updateWorkshop: (id: string, patch: Partial<Omit<WorkshopInput, 'groups'>>) =>
    request<Workshop>('PATCH', `/api/workshops/${enc(id)}`, patch),
  deleteWorkshop: (id: string) => request<void>('DELETE', `/api/workshops/${enc(id)}`),
  addGroup: (id: string, name = '') => request<Group>('POST', `/api/workshops/${enc(id)}/groups`, { name }),
  renameGroup: (id: string, gid: string, name: string) =>
    request<Group>('PATCH', `/api/workshops/${enc(id)}/groups/${enc(gid)}`, { name }),
  participants: (id: string) => request<{ participants: Participant[] }>('GET', `/api/workshops/${enc(id)}/participants`),
  moveParticipant: (id: string, pid: string, groupId: string) =>
    request<Participant>('PATCH', `/api/workshops/${enc(id)}/participants/${enc(pid)}`, { group_id: groupId }),
  boards: (id: string) => request<{ boards: BoardRef[] }>('GET', `/api/workshops/${enc(id)}/boards`),
  audit: (id: string) => request<{ entries: AuditEntry[] }>('GET', `/api/workshops/${enc(id)}/audit`),
  qrURL: (id: string, size = 512) => `/api/workshops/${enc(id)}/qr.png?size=${size}`,
  progress: (id: string, activity?: string) =>
    request<{ progress: BoardProgress[] }>('GET', `/api/workshops/${enc(id)}/progress${activity ? `?activity=${enc(activity)}` : ''}`),

  // The curriculum library (trainer)
  curricula: () => request<{ curricula: CurriculumEntry[] }>('GET', '/api/curricula'),
  curriculumEntry: (cid: string) => request<CurriculumEntry>('GET', `/api/curricula/${enc(cid)}`),
  copyCurriculum: (from: string, title?: CurriculumEntry['title']) =>
    request<CurriculumEntry>('POST', '/api/curricula', title ? { from, title } : { from }),
  saveCurriculum: (cid: string, revision: number, curriculum: Curriculum) =>
    request<CurriculumEntry>('PUT', `/api/curricula/${enc(cid)}`, { revision, curriculum }),
  deleteCurriculum: (cid: string) => request<void>('DELETE', `/api/curricula/${enc(cid)}`),

  // Joining (participants)
  joinInfo: (code: string) => request<JoinInfo>('GET', `/api/join/${enc(code)}`),
  join: (code: string, name: string, groupId?: string) =>
    request<ParticipantView>('POST', '/api/join', groupId ? { code, name, group_id: groupId } : { code, name }),
  participantView: (workshopId: string) => request<ParticipantView>('GET', `/api/p/${enc(workshopId)}`),
  actionPlan: (workshopId: string) => request<ActionPlan>('GET', `/api/p/${enc(workshopId)}/action-plan`),
  actionPlanDownloadURL: (workshopId: string, lang: string) => `/api/p/${enc(workshopId)}/action-plan?format=md&lang=${enc(lang)}`,
  gallery: (workshopId: string) => request<GalleryBoards>('GET', `/api/p/${enc(workshopId)}/gallery`),

  // The company playbook (trainer): converge, publish, export
  companyPlaybook: (id: string) => request<CompanyPlaybook>('GET', `/api/workshops/${enc(id)}/playbook`),
  comparePlaybook: (id: string, activity: string) =>
    request<Comparison>('GET', `/api/workshops/${enc(id)}/playbook/compare/${enc(activity)}`),
  adopt: (id: string, activity: string, group: string, path?: string, into?: string) =>
    request<CompanyPlaybook>('POST', `/api/workshops/${enc(id)}/playbook/adopt`, { activity, group, ...(path ? { path } : {}), ...(into ? { into } : {}) }),
  setInPlaybook: (id: string, path: string, value: unknown) =>
    request<CompanyPlaybook>('POST', `/api/workshops/${enc(id)}/playbook/set`, { path, value }),
  publishPlaybook: (id: string) => request<PlaybookVersion>('POST', `/api/workshops/${enc(id)}/playbook/publish`, {}),
  playbookVersion: (id: string, n: number) =>
    request<{ version: PlaybookVersion; document: PlaybookDoc }>('GET', `/api/workshops/${enc(id)}/playbook/versions/${n}`),
  exportURL: (id: string, format: ExportFormat, version?: number) =>
    `/api/workshops/${enc(id)}/playbook/export/${format}${version ? `?version=${version}` : ''}`,
  groupExportURL: (workshopId: string, format: ExportFormat) => `/api/p/${enc(workshopId)}/playbook/export/${format}`,
  createVote: (id: string, input: { activity: string; path: string; label: string; sources: { group: string; path: string }[] }) =>
    request<PlaybookVote>('POST', `/api/workshops/${enc(id)}/playbook/votes`, input),
  votes: (id: string) => request<{ votes: PlaybookVote[] }>('GET', `/api/workshops/${enc(id)}/playbook/votes`),
  decideVote: (id: string, vote: string, option?: string) =>
    request<CompanyPlaybook>('POST', `/api/workshops/${enc(id)}/playbook/votes/${enc(vote)}/decide`, option ? { option } : {}),

  // Pass-off rounds (trainer)
  passoff: (id: string, activity: string) => request<PassoffInfo>('GET', `/api/workshops/${enc(id)}/passoff/${enc(activity)}`),
  setJudges: (id: string, activity: string, judges: string[]) =>
    request<{ judges: unknown[]; seq: number }>('PUT', `/api/workshops/${enc(id)}/passoff/${enc(activity)}/judges`, { judges }),
  setScenario: (id: string, activity: string, scenario: { case_id: string } | { title: string; brief: string }) =>
    request<{ seq: number }>('PUT', `/api/workshops/${enc(id)}/passoff/${enc(activity)}/scenario`, scenario),
  rolePlayCases: () =>
    request<{ cases: { id: string; 'zh-CN'?: { title: string }; en?: { title: string } }[] }>('GET', '/api/cases?roleplay=true'),
  setRoundRubric: (id: string, activity: string, rubricId: string) =>
    request<{ seq: number }>('PUT', `/api/workshops/${enc(id)}/passoff/${enc(activity)}/rubric`, { rubric_id: rubricId }),
  importScores: (id: string, activity: string, csv: string) =>
    request<{ imported: number; seq: number }>('POST', `/api/workshops/${enc(id)}/passoff/${enc(activity)}/import`, csv, 'text/csv'),
  passoffReport: (id: string, activity: string) =>
    request<PassoffReportResponse>('GET', `/api/workshops/${enc(id)}/passoff/${enc(activity)}/report`),
  ledgerURL: (id: string, activity: string) => `/api/workshops/${enc(id)}/passoff/${enc(activity)}/ledger.xlsx`,
  resultsURL: (id: string, activity: string) => `/api/workshops/${enc(id)}/passoff/${enc(activity)}/results`,
  certificatesURL: (id: string, activity: string, attempt?: string) =>
    `/api/workshops/${enc(id)}/passoff/${enc(activity)}/certificates?tz=${-new Date().getTimezoneOffset()}${attempt ? `&attempt=${enc(attempt)}` : ''}`,

  // Rubric library (trainer)
  rubrics: () => request<{ rubrics: RubricEntry[] }>('GET', '/api/passoff/rubrics'),
  createRubric: (rubric: RubricEntry['rubric']) => request<RubricEntry>('POST', '/api/passoff/rubrics', { rubric }),
  updateRubric: (rid: string, rubric: RubricEntry['rubric']) => request<RubricEntry>('PUT', `/api/passoff/rubrics/${enc(rid)}`, { rubric }),
  deleteRubric: (rid: string) => request<void>('DELETE', `/api/passoff/rubrics/${enc(rid)}`),
  copyRubric: (rid: string) => request<RubricEntry>('POST', `/api/passoff/rubrics/${enc(rid)}/copy`),
  // Funnel reviews (trainer)
  funnelReviews: (workshopId?: string) =>
    request<{ reviews: FunnelReview[] }>('GET', '/api/funnel/reviews' + (workshopId ? `?workshop=${enc(workshopId)}` : '')),
  createFunnelReview: (title: string, workshopId?: string) =>
    request<FunnelReview>('POST', '/api/funnel/reviews', workshopId ? { title, workshop_id: workshopId } : { title }),
  funnelReview: (id: string) => request<FunnelReview>('GET', `/api/funnel/reviews/${enc(id)}`),
  updateFunnelReview: (id: string, patch: { title?: string; workshop_id?: string; settings?: FunnelSettings }) =>
    request<FunnelReview>('PATCH', `/api/funnel/reviews/${enc(id)}`, patch),
  deleteFunnelReview: (id: string) => request<void>('DELETE', `/api/funnel/reviews/${enc(id)}`),
  previewFunnel: (id: string, settings: FunnelSettings, role: FunnelRole = 'opportunities') =>
    request<{ file: FunnelFile; preview: FunnelPreview }>('POST', `/api/funnel/reviews/${enc(id)}/preview?role=${role}`, settings),
  uploadFunnelFile,
  analyzeFunnel,
  funnelExportURL: (id: string, lang: string) => `/api/funnel/reviews/${enc(id)}/export.xlsx?lang=${enc(lang)}`,
  /** Loads an analysis onto every group's board of a funnel activity: the case's sample data or an analysed review. */
  loadWorkshopFunnel: (workshopId: string, from: { source: 'sample' } | { source: 'review'; review_id: string }, activity?: string) =>
    request<{ activity: string; boards: number; dataset: FunnelDataset }>('POST', `/api/workshops/${enc(workshopId)}/funnel`, {
      ...from,
      ...(activity ? { activity } : {}),
    }),
};

/**
 * Uploads a file to a review in parts (the server's part_size), reporting the
 * bytes sent as they go, then completes it and returns the preview.
 */
async function uploadFunnelFile(
  reviewId: string,
  role: FunnelRole,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<{ file: FunnelFile; preview: FunnelPreview }> {
  const base = `/api/funnel/reviews/${enc(reviewId)}/files/${role}`;
  const started = await request<FunnelFile>('POST', base, { name: file.name, size: file.size });
  const token = await ensureCsrf();
  let sent = 0;
  for (let n = 0; sent < file.size; n++) {
    const part = file.slice(sent, Math.min(sent + started.part_size, file.size));
    await new Promise<void>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', `${base}/parts/${n}`);
      xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onProgress(sent + e.loaded, file.size);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) return resolve();
        let data: unknown = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON */
        }
        reject(apiErrorOf(new Response(null, { status: xhr.status }), data));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
      xhr.send(part);
    });
    sent += part.size;
    onProgress(sent, file.size);
  }
  return request('POST', `${base}/complete`, {});
}

/**
 * Runs an analysis: the server answers with JSON lines, progress first, then
 * the review with its result (or an error, thrown as an ApiError).
 */
async function analyzeFunnel(
  reviewId: string,
  settings: FunnelSettings,
  onProgress: (p: { pass: number; rows: number; bytes: number; total: number }) => void,
): Promise<FunnelReview> {
  const res = await fetch(`/api/funnel/reviews/${enc(reviewId)}/analyze`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', 'X-CSRF-Token': await ensureCsrf() },
    body: JSON.stringify(settings),
  });
  if (!res.ok || !res.body) {
    let data: unknown = null;
    try {
      data = await res.json();
    } catch {
      /* not JSON */
    }
    throw apiErrorOf(res, data);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buf += value;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as
        | { type: 'progress'; pass: number; rows: number; bytes: number; total: number }
        | { type: 'result'; review: FunnelReview }
        | { type: 'error'; error: { code: string; message: string; message_zh?: string; field?: string } };
      if (msg.type === 'progress') onProgress(msg);
      else if (msg.type === 'result') return msg.review;
      else throw new ApiError(400, msg.error.code, msg.error.message, msg.error.field, undefined, msg.error.message_zh);
    }
    if (done) break;
  }
  throw new ApiError(0, 'network', 'the analysis stopped before its result');
}

/** Formats a join code for reading aloud and typing: ABCD-EFGH. */
export function formatJoinCode(code: string): string {
  const c = code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

/** Normalises a typed code (any case, spaces, dash, or a whole join URL). */
export function normalizeJoinCode(input: string): string {
  let s = input.trim();
  const i = s.lastIndexOf('/j/');
  if (i >= 0) s = s.slice(i + 3);
  return s.replace(/[\s-]/g, '').toUpperCase();
}
