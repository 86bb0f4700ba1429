// The case library's part of the typed REST client (docs/api.md, "Case
// library" and "Cases in a workshop"). Same request function, same CSRF rule.
import { ApiError, ensureCsrf, request } from './client';

export type CaseLang = 'zh-CN' | 'en';

/** One language of a case. Sections are Markdown; teaching_notes only reach trainers. */
export interface CaseVariant {
  title: string;
  industry: string;
  tags: string[];
  summary: string;
  background: string;
  situation: string;
  actions: string;
  results: string;
  exhibits: string;
  questions: string;
  takeaways: string;
  teaching_notes?: string;
  buyer?: string;
  seller_brief?: string;
  objections?: string;
  success?: string;
}

export interface CaseFile {
  name: string;
  content_type: string;
  size: number;
  url: string;
}

export type CaseScope = 'builtin' | 'own' | 'client';

/** A case as a trainer gets it. */
export interface Case {
  id: string;
  modules: number[];
  roleplay: boolean;
  client?: string;
  updated: string;
  'zh-CN'?: CaseVariant;
  en?: CaseVariant;
  scope: CaseScope;
  editable: boolean;
  based_on?: string;
  appendix: boolean;
  workshop_id?: string;
  files: CaseFile[];
}

/** The participant view of a case (projector, participants): no teaching notes. */
export interface PublicCase {
  id: string;
  modules: number[];
  roleplay: boolean;
  updated: string;
  'zh-CN'?: Omit<CaseVariant, 'teaching_notes'>;
  en?: Omit<CaseVariant, 'teaching_notes'>;
  files: CaseFile[];
}

export interface CaseSummaryVariant {
  title: string;
  industry: string;
  tags: string[];
  summary: string;
}

export interface CaseSummary {
  id: string;
  modules: number[];
  roleplay: boolean;
  client?: string;
  updated: string;
  'zh-CN'?: CaseSummaryVariant;
  en?: CaseSummaryVariant;
}

export interface CaseListItem extends CaseSummary {
  scope: CaseScope;
  editable: boolean;
  based_on?: string;
  appendix: boolean;
  match?: { field: string; lang: CaseLang; snippet: string };
}

export interface Facet {
  value: string;
  count: number;
}

export interface CaseQuery {
  q?: string;
  module?: number;
  industry?: string;
  tag?: string;
  roleplay?: boolean;
  scope?: CaseScope | 'mine';
  lang?: CaseLang;
}

/** What the editor sends: the server assigns id and time. */
export interface CaseInput {
  modules: number[];
  roleplay: boolean;
  client: string;
  'zh-CN'?: CaseVariant;
  en?: CaseVariant;
}

export interface Attachment {
  activity: string;
  case: CaseListItem;
}

export interface ImportReport {
  imported: { file: string; id: string; title: string; action: 'created' | 'updated' | 'copied'; from?: string }[];
}

export interface ImportProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

/** An import refused file by file (400 invalid_import): nothing was stored. */
export class ImportRefused extends Error {
  readonly files: ImportProblem[];
  constructor(message: string, files: ImportProblem[]) {
    super(message);
    this.name = 'ImportRefused';
    this.files = files;
  }
}

const enc = encodeURIComponent;

function query(q: CaseQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A request with a body that is not JSON (a file, a zip). */
async function send<T>(method: string, path: string, body: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRF-Token': await ensureCsrf() };
  if (contentType) headers['Content-Type'] = contentType;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const d = data as { error?: { code?: string; message?: string; field?: string }; files?: ImportProblem[] } | null;
    if (d?.error?.code === 'invalid_import') throw new ImportRefused(d.error.message ?? '', d.files ?? []);
    throw new ApiError(res.status, d?.error?.code ?? 'http_' + res.status, d?.error?.message ?? res.statusText, d?.error?.field);
  }
  return data as T;
}

export const casesApi = {
  list: (q: CaseQuery = {}) =>
    request<{ cases: CaseListItem[]; total: number; facets: { modules: Facet[]; industries: Facet[]; tags: Facet[] } }>(
      'GET',
      `/api/cases${query(q)}`,
    ),
  get: (id: string) => request<Case>('GET', `/api/cases/${enc(id)}`),
  create: (input: CaseInput) => request<Case>('POST', '/api/cases', input),
  update: (id: string, input: CaseInput) => request<Case>('PUT', `/api/cases/${enc(id)}`, input),
  setAppendix: (id: string, appendix: boolean) => request<Case>('PATCH', `/api/cases/${enc(id)}`, { appendix }),
  remove: (id: string) => request<void>('DELETE', `/api/cases/${enc(id)}`),
  copy: (id: string) => request<Case>('POST', `/api/cases/${enc(id)}/copy`),
  uploadImage: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return send<CaseFile & { markdown: string }>('POST', `/api/cases/${enc(id)}/files`, form);
  },
  removeFile: (id: string, name: string) => request<void>('DELETE', `/api/cases/${enc(id)}/files/${enc(name)}`),
  exportURL: (id: string) => `/api/cases/${enc(id)}/export`,
  exportLibraryURL: (scope: 'mine' | 'own' | 'client' | 'builtin' | 'all' = 'mine') => `/api/cases/export?scope=${scope}`,
  importZip: (file: File) => send<ImportReport>('POST', '/api/cases/import', file, 'application/zip'),

  // In a workshop (trainer)
  workshopCases: (workshopId: string) =>
    request<{ attachments: Attachment[]; suggestions: Attachment[] }>('GET', `/api/workshops/${enc(workshopId)}/cases`),
  attach: (workshopId: string, activity: string, caseId: string) =>
    request<Attachment>('POST', `/api/workshops/${enc(workshopId)}/activities/${enc(activity)}/cases`, { case: caseId }),
  detach: (workshopId: string, activity: string, caseId: string) =>
    request<void>('DELETE', `/api/workshops/${enc(workshopId)}/activities/${enc(activity)}/cases/${enc(caseId)}`),
  projectorCase: (workshopId: string, caseId: string) =>
    request<PublicCase>('GET', `/api/workshops/${enc(workshopId)}/cases/${enc(caseId)}`),
  adoptDraft: (workshopId: string, boardId: string, appendix: boolean) =>
    request<Case>('POST', `/api/workshops/${enc(workshopId)}/boards/${enc(boardId)}/case`, { appendix }),

  // Participants
  participantCases: (workshopId: string) =>
    request<{ activities: Record<string, CaseSummary[]> }>('GET', `/api/p/${enc(workshopId)}/cases`),
  participantCase: (workshopId: string, caseId: string) =>
    request<PublicCase>('GET', `/api/p/${enc(workshopId)}/cases/${enc(caseId)}`),
};

/** The case's text in lang, falling back to the other language. */
export function variantIn<V>(c: { 'zh-CN'?: V; en?: V } | null | undefined, lang: string): V | undefined {
  if (!c) return undefined;
  return (lang === 'en' ? c.en ?? c['zh-CN'] : c['zh-CN'] ?? c.en) ?? undefined;
}
