/**
 * A loopback fake of the GitHub REST API for tests. Every request is checked
 * against GitHub's published OpenAPI description (route, path/query parameter
 * types, JSON body schema) so that a request the fake accepts is one GitHub
 * would accept; the routes the action uses (issue comments, issues, labels,
 * pull requests, reviews, review comments) are backed by in-memory state that
 * tests inspect directly. Faults (403, 429, 5xx, ...) can be injected.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

// ------------------------------------------------------------------ public types

export interface FakeUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  type: 'User' | 'Bot' | 'Organization';
  site_admin: boolean;
}

/** Who wrote a seeded object; defaults to the authenticated user. */
export interface AuthorSeed {
  login: string;
  type?: FakeUser['type'];
  id?: number;
}

export interface FakeLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  description: string | null;
  color: string;
  default: boolean;
}

export interface FakeIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  labels: FakeLabel[];
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  locked: boolean;
  assignee: FakeUser | null;
  assignees: FakeUser[];
  milestone: null;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: string;
  url: string;
  html_url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  /** Present when the issue is a pull request (GitHub lists PRs as issues). */
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string; merged_at: string | null };
}

export interface FakeIssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  author_association: string;
  performed_via_github_app: null;
}

export interface FakePullFile {
  filename: string;
  /** Unified diff hunks as GitHub returns them in `patch` (no `---`/`+++` header). */
  patch?: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

/** Internal record of a seeded pull request; GET /pulls/{n} builds GitHub's shape from it and its issue (title, body, labels, state). */
export interface FakePullRequest {
  id: number;
  number: number;
  user: FakeUser;
  headSha: string;
  headRef: string;
  /** owner/repo the head branch lives in; differs from the base repo for fork PRs. */
  headRepo: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  files: FakePullFile[];
  /** SHAs a review's `commit_id` may name; defaults to `[headSha]`. */
  commits: string[];
}

export interface PullRequestSeed {
  number?: number;
  headSha: string;
  baseRef?: string;
  headRef?: string;
  headRepo?: string;
  baseSha?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  author?: AuthorSeed;
  commits?: string[];
  files: FakePullFile[];
}

export interface IssueSeed {
  title: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
  author?: AuthorSeed;
}

export interface FakeReview {
  id: number;
  node_id: string;
  user: FakeUser;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  html_url: string;
  pull_request_url: string;
  commit_id: string;
  submitted_at?: string;
  author_association: string;
  _links: { html: { href: string }; pull_request: { href: string } };
}

export interface FakeReviewComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  pull_request_url: string;
  pull_request_review_id: number;
  diff_hunk: string;
  path: string;
  position: number;
  original_position: number;
  commit_id: string;
  original_commit_id: string;
  user: FakeUser;
  body: string;
  created_at: string;
  updated_at: string;
  author_association: string;
  line: number;
  original_line: number;
  side: 'LEFT' | 'RIGHT';
  start_line: number | null;
  original_start_line: number | null;
  start_side: 'LEFT' | 'RIGHT' | null;
  subject_type: 'line';
  _links: { self: { href: string }; html: { href: string }; pull_request: { href: string } };
}

/** One request as the fake saw it, including rejected ones. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, or the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  status: number;
  /** The matched OpenAPI route, e.g. `POST /repos/{owner}/{repo}/issues`. */
  route?: string;
  /** Why the fake rejected the request (debugging aid; not something GitHub sends). */
  note?: string;
}

/** A fault answered instead of the real response, for `count` matching requests. */
export interface FaultSpec {
  status: number;
  count?: number;
  method?: string;
  /** Tested against the URL path (no query string). */
  path?: RegExp;
  message?: string;
  headers?: Record<string, string>;
  /** Replaces the default `{ message, documentation_url, status }` body. */
  body?: unknown;
}

export interface FakeGitHubOptions {
  /** owner/repo names to create up front; `repo()`/`addPullRequest()` create more. Unknown repos → 404. */
  repos?: string[];
  /** When set, any other token gets 401 "Bad credentials". */
  token?: string;
  /** The authenticated identity; defaults to github-actions[bot]. */
  user?: AuthorSeed;
  /** Clock for created_at/updated_at. */
  now?: () => Date;
}

export interface FakeGitHub {
  /** Base URL, e.g. `http://127.0.0.1:41234`: pass as `baseUrl` / GITHUB_API_URL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The authenticated user that authors everything created through the API. */
  readonly user: FakeUser;
  /** State of owner/repo (created if missing). */
  repo(fullName: string): FakeRepo;
  addPullRequest(repo: string, pr: PullRequestSeed): FakePullRequest;
  addIssue(repo: string, issue: IssueSeed): FakeIssue;
  addIssueComment(repo: string, issueNumber: number, body: string, author?: AuthorSeed): FakeIssueComment;
  /** Queue a fault; the first queued fault matching a routable request answers it. */
  failNext(fault: FaultSpec): void;
  close(): Promise<void>;
}

/** The identity GITHUB_TOKEN acts as. */
export const GITHUB_ACTIONS_BOT: Required<AuthorSeed> = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/** Ready-made faults: `fake.failNext(faults.readOnlyToken({ method: 'POST' }))`. */
export const faults = {
  /** What a fork PR's read-only GITHUB_TOKEN gets on writes. */
  readOnlyToken: (o: Partial<FaultSpec> = {}): FaultSpec => ({
    status: 403,
    message: 'Resource not accessible by integration',
    ...o
  }),
  /** Primary rate limit, answered as 429 with a one-second retry-after. */
  rateLimit: (o: Partial<FaultSpec> = {}): FaultSpec => ({
    status: 429,
    message: 'API rate limit exceeded for installation.',
    headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
    ...o
  }),
  secondaryRateLimit: (o: Partial<FaultSpec> = {}): FaultSpec => ({
    status: 403,
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0000.',
    headers: { 'retry-after': '1' },
    ...o
  }),
  serverError: (status: 500 | 502 | 503 | 504 = 500, o: Partial<FaultSpec> = {}): FaultSpec => ({
    status,
    message: status === 500 ? 'Server Error' : (STATUS_CODES[status] ?? 'Server Error'),
    ...o
  })
};

/** Per-repository state; GitHub-shaped objects, mutated in place by the API. */
export class FakeRepo {
  readonly issues = new Map<number, FakeIssue>();
  readonly pulls = new Map<number, FakePullRequest>();
  readonly issueComments: FakeIssueComment[] = [];
  readonly reviews: FakeReview[] = [];
  readonly reviewComments: FakeReviewComment[] = [];
  /** Keyed by lower-case name (GitHub label names are case-insensitive). */
  readonly labels = new Map<string, FakeLabel>();
  /** Writes answer 403 "Resource not accessible by integration", like a fork PR's token. */
  readOnly = false;
  nextNumber = 1;

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly id: number,
    /** API URL of the repo, e.g. `http://127.0.0.1:1234/repos/o/r`. */
    readonly apiUrl: string
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }
  commentsOn(issueNumber: number): FakeIssueComment[] {
    return this.issueComments.filter((c) => c.issue_url === `${this.apiUrl}/issues/${issueNumber}`);
  }
  reviewsOn(pullNumber: number): FakeReview[] {
    return this.reviews.filter((r) => r.pull_request_url === `${this.apiUrl}/pulls/${pullNumber}`);
  }
  reviewCommentsOn(pullNumber: number): FakeReviewComment[] {
    return this.reviewComments.filter((r) => r.pull_request_url === `${this.apiUrl}/pulls/${pullNumber}`);
  }
}

/** Starts the fake on 127.0.0.1 (ephemeral port). The OpenAPI description is loaded once per module. */
export async function startGitHubApi(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const routes = await loadRoutes();
  const fake = new FakeGitHubServer(routes, options);
  await fake.listen();
  for (const r of options.repos ?? []) fake.repo(r);
  return fake;
}

// ------------------------------------------------------------------ OpenAPI routes

type JsonSchema = Record<string, unknown>;
interface SpecParameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}
interface SpecOperation {
  parameters?: SpecParameter[];
  externalDocs?: { url?: string };
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}
interface Operation {
  key: string;
  docs: string;
  params: SpecParameter[];
  body?: JsonSchema;
  validate?: ValidateFunction;
}
interface PathEntry {
  template: string;
  regex: RegExp;
  names: string[];
  /** '0' per literal segment, '1' per templated one: literal segments win, leftmost first. */
  rank: string;
  ops: Map<string, Operation>;
}
type Routes = Map<number, PathEntry[]>;

const DEFAULT_DOCS = 'https://docs.github.com/rest';
let routesPromise: Promise<Routes> | undefined;
let ajv: Ajv | undefined;

type SpecPaths = Record<string, Record<string, SpecOperation>>;

/**
 * The description's paths with only what validation reads (parameters, JSON request bodies, docs
 * links): 1.3 MB instead of 73 MB, whose parse cost each test file ~4 s of CPU and ~250 MB. Made
 * once per version of the package and kept in node_modules/.cache; written whole or not at all.
 */
async function specPaths(): Promise<SpecPaths> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const { version } = JSON.parse(await readFile(join(dirname(file), '..', 'package.json'), 'utf8')) as { version: string };
  const cached = join(dirname(require.resolve('ajv/package.json')), '..', '.cache', 'go-mod-hygiene', `openapi-paths-${version}-${(await stat(file)).size}.json`);
  try {
    return JSON.parse(await readFile(cached, 'utf8')) as SpecPaths;
  } catch {
    // not made yet
  }
  const doc = JSON.parse(await readFile(file, 'utf8')) as { paths: SpecPaths };
  const paths: SpecPaths = {};
  for (const [template, item] of Object.entries(doc.paths)) {
    paths[template] = {};
    for (const [method, op] of Object.entries(item)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      paths[template][method] = {
        ...(op.parameters ? { parameters: op.parameters } : {}),
        ...(op.externalDocs?.url ? { externalDocs: { url: op.externalDocs.url } } : {}),
        ...(body ? { requestBody: { content: { 'application/json': { schema: body } } } } : {})
      };
    }
  }
  await mkdir(dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}`;
  await writeFile(partial, JSON.stringify(paths));
  await rename(partial, cached);
  return paths;
}

function loadRoutes(): Promise<Routes> {
  routesPromise ??= (async () => {
    const doc = { paths: await specPaths() };
    const routes: Routes = new Map();
    for (const [template, item] of Object.entries(doc.paths)) {
      const names: string[] = [];
      const segments = template.split('/');
      const pattern = segments
        .map((seg) =>
          seg
            .split(/(\{[^}]+\})/)
            .map((part) => {
              const m = /^\{(.+)\}$/.exec(part);
              if (m) {
                names.push(m[1]!);
                return '([^/]+)';
              }
              return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            })
            .join('')
        )
        .join('/');
      const ops = new Map<string, Operation>();
      for (const [method, op] of Object.entries(item)) {
        const key = `${method.toUpperCase()} ${template}`;
        const body = op.requestBody?.content?.['application/json']?.schema;
        ops.set(method.toUpperCase(), { key, docs: op.externalDocs?.url ?? DEFAULT_DOCS, params: op.parameters ?? [], ...(body ? { body } : {}) });
      }
      const entry: PathEntry = { template, regex: new RegExp(`^${pattern}$`), names, rank: segments.map((s) => (s.includes('{') ? '1' : '0')).join(''), ops };
      const bucket = routes.get(segments.length) ?? [];
      bucket.push(entry);
      routes.set(segments.length, bucket);
    }
    for (const bucket of routes.values()) bucket.sort((a, b) => a.rank.localeCompare(b.rank));
    for (const key of Object.keys(HANDLERS)) {
      const [method = '', template = ''] = key.split(' ');
      if (!routes.get(template.split('/').length)?.some((e) => e.template === template && e.ops.has(method))) {
        throw new Error(`fake GitHub handler ${key} is not in the OpenAPI description`);
      }
    }
    return routes;
  })();
  return routesPromise;
}

function matchRoute(routes: Routes, path: string): { entry: PathEntry; params: Record<string, string> } | undefined {
  for (const entry of routes.get(path.split('/').length) ?? []) {
    const m = entry.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    entry.names.forEach((n, i) => {
      params[n] = safeDecode(m[i + 1] ?? '');
    });
    return { entry, params };
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes `anyOf [.., null]`; `oneOf` becomes `anyOf` (GitHub doesn't enforce exclusivity). */
function toJsonSchema(node: JsonSchema): JsonSchema {
  const sub = (v: unknown): unknown => (isObject(v) ? toJsonSchema(v) : v);
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'properties' || k === 'patternProperties') && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, sub(s)]));
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k === 'oneOf' ? 'anyOf' : k] = (v as unknown[]).map(sub);
    } else if (k === 'items' || k === 'additionalProperties' || k === 'not') {
      out[k] = sub(v);
    } else if (k !== 'nullable' && k !== 'example' && k !== 'examples') {
      out[k] = v;
    }
  }
  return node['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function bodyValidator(op: Operation): ValidateFunction | undefined {
  if (!op.body) return undefined;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    ajvFormats.default(ajv);
  }
  op.validate ??= ajv.compile(toJsonSchema(op.body));
  return op.validate;
}

/** Cheap checks GitHub makes on declared parameters: integers, booleans, enums. */
function paramProblem(op: Operation, where: 'path' | 'query', values: Record<string, string>): string | undefined {
  for (const p of op.params) {
    const v = values[p.name];
    if (p.in !== where || v === undefined) continue;
    const s = p.schema ?? {};
    if (s['type'] === 'integer' && !/^-?\d+$/.test(v)) return `${p.name}: '${v}' is not an integer`;
    if (s['type'] === 'boolean' && v !== 'true' && v !== 'false') return `${p.name}: '${v}' is not a boolean`;
    const allowed = s['enum'];
    if (Array.isArray(allowed) && !allowed.includes(v)) return `${p.name}: '${v}' is not one of ${JSON.stringify(allowed)}`;
  }
  return undefined;
}

// ------------------------------------------------------------------ errors & replies

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
    readonly note?: string
  ) {
    super(String(payload['message']));
  }
}

const notFound = (note?: string): ApiError => new ApiError(404, { message: 'Not Found' }, note);
const unprocessable = (...errors: string[]): ApiError => new ApiError(422, { message: 'Unprocessable Entity', errors });
const validationFailed = (resource: string, field: string, code: string, message?: string): ApiError =>
  new ApiError(422, { message: 'Validation Failed', errors: [{ resource, code, field, ...(message ? { message } : {}) }] });

const MAX_BODY = 65536;
/** GitHub counts characters (code points), not UTF-16 units or bytes. */
function checkSize(resource: string, body: string | null | undefined): void {
  if (body && body.length > MAX_BODY && [...body].length > MAX_BODY) {
    throw validationFailed(resource, 'body', 'custom', `body is too long (maximum is ${MAX_BODY} characters)`);
  }
}

// ------------------------------------------------------------------ diffs

interface DiffLine {
  kind: string;
  old?: number;
  new?: number;
  position: number;
}
interface Hunk {
  header: string;
  lines: DiffLine[];
  texts: string[];
}

/** Positions count from the line after the first `@@`; later `@@` headers take a position too. */
function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let pos = 0;
  let oldN = 0;
  let newN = 0;
  for (const text of patch.split('\n')) {
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (m) {
      if (hunks.length > 0) pos++;
      hunks.push({ header: text, lines: [], texts: [] });
      oldN = Number(m[1]);
      newN = Number(m[2]);
      continue;
    }
    const hunk = hunks.at(-1);
    if (!hunk || text === '') continue;
    pos++;
    const kind = text[0] ?? ' ';
    const line: DiffLine = { kind, position: pos };
    if (kind !== '+' && kind !== '\\') line.old = oldN++;
    if (kind !== '-' && kind !== '\\') line.new = newN++;
    hunk.lines.push(line);
    hunk.texts.push(text);
  }
  return hunks;
}

interface ReviewCommentInput {
  path: string;
  body: string;
  position?: number;
  line?: number;
  side?: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
}
interface Anchor {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line: number | null;
  start_side: 'LEFT' | 'RIGHT' | null;
  position: number;
  diff_hunk: string;
}

/** Resolves a review comment to the diff like GitHub does; error texts are GitHub's where known. */
function resolveAnchor(pr: FakePullRequest, c: ReviewCommentInput): Anchor {
  const file = pr.files.find((f) => f.filename === c.path);
  if (!file) throw unprocessable('Path could not be resolved');
  const hunks = parsePatch(file.patch ?? '');
  const find = (line: number, side: string): { hunk: Hunk; at: DiffLine } | undefined => {
    for (const hunk of hunks) {
      const at = hunk.lines.find((l) => (side === 'LEFT' ? l.old : l.new) === line);
      if (at) return { hunk, at };
    }
    return undefined;
  };
  let end: { hunk: Hunk; at: DiffLine } | undefined;
  let start: { hunk: Hunk; at: DiffLine } | undefined;
  const side = c.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  if (c.line !== undefined) {
    end = find(c.line, side);
    if (!end) throw unprocessable('Line could not be resolved');
    if (c.start_line !== undefined) {
      start = find(c.start_line, c.start_side ?? side);
      if (start?.hunk !== end.hunk) throw unprocessable('Pull request review thread start line must be part of the same hunk as the line.');
      if (start.at.position >= end.at.position) throw unprocessable('Pull request review thread start line must precede the end line.');
    }
  } else if (c.position !== undefined) {
    for (const hunk of hunks) {
      const at = hunk.lines.find((l) => l.position === c.position && l.kind !== '\\');
      if (at) end = { hunk, at };
    }
    if (!end) throw unprocessable('Position could not be resolved');
  } else {
    throw unprocessable('Position could not be resolved');
  }
  const { hunk, at } = end;
  const upTo = hunk.lines.indexOf(at) + 1;
  const endSide = c.line !== undefined ? side : at.new !== undefined ? 'RIGHT' : 'LEFT';
  return {
    path: c.path,
    line: (endSide === 'LEFT' ? at.old : at.new) ?? 0,
    side: endSide,
    start_line: start ? (c.start_line ?? null) : null,
    start_side: start ? (c.start_side ?? side) : null,
    position: at.position,
    diff_hunk: [hunk.header, ...hunk.texts.slice(0, upTo)].join('\n')
  };
}

// ------------------------------------------------------------------ route handlers

class Ctx {
  constructor(
    readonly fake: FakeGitHubServer,
    readonly path: string,
    readonly params: Record<string, string>,
    readonly query: Record<string, string>,
    readonly body: unknown,
    private readonly repoState: FakeRepo | undefined
  ) {}
  get repo(): FakeRepo {
    if (!this.repoState) throw notFound('unknown repository');
    return this.repoState;
  }
  int(name: string): number {
    return Number(this.params[name]);
  }
  issue(): FakeIssue {
    return this.repo.issues.get(this.int('issue_number')) ?? fail(notFound('no such issue'));
  }
  pull(): FakePullRequest {
    return this.repo.pulls.get(this.int('pull_number')) ?? fail(notFound('no such pull request'));
  }
  byId<T extends { id: number }>(list: T[]): T {
    return list.find((x) => x.id === this.int('comment_id')) ?? fail(notFound('no such comment'));
  }
}

function fail(e: ApiError): never {
  throw e;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const noContent: Reply = { status: 204 };

/** Pages like GitHub: per_page default 30 (max 100), `Link` with prev/next/last/first. */
function paginate(c: Ctx, items: unknown[]): Reply {
  const perPage = Math.min(100, Math.max(1, Number(c.query['per_page']) || 30));
  const page = Math.max(1, Number(c.query['page']) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const u = new URL(c.path, c.fake.url);
    for (const [k, v] of Object.entries(c.query)) u.searchParams.set(k, v);
    u.searchParams.set('page', String(n));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

type LabelInput = string | { name?: string };
function labelNames(input: unknown): string[] {
  const list: unknown[] = Array.isArray(input) ? input : isObject(input) && Array.isArray(input['labels']) ? (input['labels'] as unknown[]) : typeof input === 'string' ? [input] : [];
  return list.map((l) => (typeof l === 'string' ? l : isObject(l) && typeof l['name'] === 'string' ? l['name'] : '')).filter(Boolean);
}

interface IssueInput {
  title?: string | number | null;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: FakeIssue['state_reason'];
  labels?: LabelInput[];
}
interface ReviewInput {
  commit_id?: string;
  body?: string;
  event?: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';
  comments?: ReviewCommentInput[];
}

const REVIEW_STATE = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;

const HANDLERS: Record<string, (c: Ctx) => Reply> = {
  'GET /user': (c) => (c.fake.user.type === 'Bot' ? fail(new ApiError(403, { message: 'Resource not accessible by integration' })) : ok(c.fake.user)),
  'GET /repos/{owner}/{repo}': (c) => ok(c.fake.repoJson(c.repo.fullName)),

  'GET /repos/{owner}/{repo}/issues': (c) => {
    const q = c.query;
    const state = q['state'] ?? 'open';
    const wanted = (q['labels'] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const sortKey = q['sort'] === 'updated' ? 'updated_at' : q['sort'] === 'comments' ? 'comments' : 'created_at';
    const dir = q['direction'] === 'asc' ? 1 : -1;
    const issues = [...c.repo.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
      .filter((i) => !q['creator'] || i.user.login.toLowerCase() === q['creator'].toLowerCase())
      .filter((i) => !q['since'] || i.updated_at >= q['since'])
      .sort((a, b) => dir * (a[sortKey] < b[sortKey] ? -1 : a[sortKey] > b[sortKey] ? 1 : a.number - b.number));
    return paginate(c, issues);
  },
  'POST /repos/{owner}/{repo}/issues': (c) => {
    const b = c.body as IssueInput;
    checkSize('Issue', b.body);
    return ok(c.fake.createIssue(c.repo, { title: String(b.title), body: b.body ?? undefined, labels: labelNames(b.labels) }), 201);
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}': (c) => ok(c.issue()),
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': (c) => {
    const issue = c.issue();
    const b = c.body as IssueInput;
    checkSize('Issue', b.body);
    if (b.title !== undefined && b.title !== null) issue.title = String(b.title);
    if (b.body !== undefined) issue.body = b.body;
    if (b.labels !== undefined) issue.labels = labelNames(b.labels).map((n) => c.fake.ensureLabel(c.repo, n));
    const now = c.fake.now();
    if (b.state === 'closed' && issue.state === 'open') {
      Object.assign(issue, { state: 'closed', closed_at: now, state_reason: b.state_reason ?? 'completed' });
    } else if (b.state === 'open' && issue.state === 'closed') {
      Object.assign(issue, { state: 'open', closed_at: null, state_reason: 'reopened' });
    } else if (b.state_reason !== undefined) {
      issue.state_reason = b.state_reason;
    }
    issue.updated_at = now;
    return ok(issue);
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': (c) => {
    const issue = c.issue();
    for (const n of labelNames(c.body)) {
      if (!issue.labels.some((l) => l.name.toLowerCase() === n.toLowerCase())) issue.labels.push(c.fake.ensureLabel(c.repo, n));
    }
    return ok(issue.labels);
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (c) => paginate(c, c.repo.commentsOn(c.issue().number)),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (c) => {
    const { body } = c.body as { body: string };
    checkSize('IssueComment', body);
    return ok(c.fake.createComment(c.repo, c.issue(), body), 201);
  },
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => ok(c.byId(c.repo.issueComments)),
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => {
    const comment = c.byId(c.repo.issueComments);
    const { body } = c.body as { body: string };
    checkSize('IssueComment', body);
    Object.assign(comment, { body, updated_at: c.fake.now() });
    return ok(comment);
  },
  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => {
    const comment = c.byId(c.repo.issueComments);
    c.repo.issueComments.splice(c.repo.issueComments.indexOf(comment), 1);
    const issue = [...c.repo.issues.values()].find((i) => i.url === comment.issue_url);
    if (issue) issue.comments--;
    return noContent;
  },

  'GET /repos/{owner}/{repo}/labels': (c) => paginate(c, [...c.repo.labels.values()]),
  'POST /repos/{owner}/{repo}/labels': (c) => {
    const b = c.body as { name: string; color?: string; description?: string };
    if (c.repo.labels.has(b.name.toLowerCase())) throw validationFailed('Label', 'name', 'already_exists');
    return ok(c.fake.ensureLabel(c.repo, b.name, b.color, b.description), 201);
  },
  'GET /repos/{owner}/{repo}/labels/{name}': (c) => ok(c.repo.labels.get((c.params['name'] ?? '').toLowerCase()) ?? fail(notFound('no such label'))),

  'GET /repos/{owner}/{repo}/pulls': (c) => {
    const q = c.query;
    const state = q['state'] ?? 'open';
    // `head` is `owner:branch` (the owner of the head repository); without an owner, the base repository's.
    const head = q['head'];
    const [headOwner, headRef] = head === undefined ? [] : head.includes(':') ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)] : [c.repo.owner, head];
    const dir = q['direction'] === 'asc' ? 1 : -1;
    const pulls = [...c.repo.pulls.values()]
      .filter((pr) => state === 'all' || c.repo.issues.get(pr.number)?.state === state)
      .filter((pr) => head === undefined || (pr.headRepo.split('/')[0]!.toLowerCase() === headOwner!.toLowerCase() && pr.headRef === headRef))
      .filter((pr) => !q['base'] || pr.baseRef === q['base'])
      .sort((a, b) => dir * (a.number - b.number));
    return paginate(c, pulls.map((pr) => c.fake.pullJson(c.repo, pr)));
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (c) => ok(c.fake.pullJson(c.repo, c.pull())),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': (c) => paginate(c, c.pull().files.map((f) => fileJson(c.repo, c.pull(), f))),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (c) => paginate(c, c.repo.reviewsOn(c.pull().number)),
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (c) => {
    const pr = c.pull();
    const b = c.body as ReviewInput;
    checkSize('PullRequestReview', b.body);
    for (const cm of b.comments ?? []) checkSize('PullRequestReviewComment', cm.body);
    const commit = b.commit_id ?? pr.headSha;
    if (!pr.commits.includes(commit)) throw unprocessable('The commitOID is not part of the pull request');
    const me = c.fake.user;
    if (!b.event && c.repo.reviewsOn(pr.number).some((r) => r.state === 'PENDING' && r.user.id === me.id)) {
      throw unprocessable('User can only have one pending review per pull request');
    }
    if (pr.user.id === me.id && b.event === 'APPROVE') throw unprocessable('Can not approve your own pull request');
    if (pr.user.id === me.id && b.event === 'REQUEST_CHANGES') throw unprocessable('Can not request changes on your own pull request');
    // Resolve every comment before storing anything: GitHub rejects the review as a whole.
    const anchors = (b.comments ?? []).map((cm) => ({ cm, anchor: resolveAnchor(pr, cm) }));
    const review = c.fake.createReview(c.repo, pr, b.body ?? '', b.event ? REVIEW_STATE[b.event] : 'PENDING', commit);
    for (const { cm, anchor } of anchors) c.fake.createReviewComment(c.repo, pr, review, cm.body, anchor);
    return ok(review);
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': (c) => {
    const pending = new Set(c.repo.reviews.filter((r) => r.state === 'PENDING').map((r) => r.id));
    return paginate(c, c.repo.reviewCommentsOn(c.pull().number).filter((rc) => !pending.has(rc.pull_request_review_id)));
  },
  'GET /repos/{owner}/{repo}/pulls/comments/{comment_id}': (c) => ok(c.byId(c.repo.reviewComments)),
  'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}': (c) => {
    const comment = c.byId(c.repo.reviewComments);
    const { body } = c.body as { body: string };
    checkSize('PullRequestReviewComment', body);
    Object.assign(comment, { body, updated_at: c.fake.now() });
    return ok(comment);
  },
  'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': (c) => {
    const comment = c.byId(c.repo.reviewComments);
    c.repo.reviewComments.splice(c.repo.reviewComments.indexOf(comment), 1);
    return noContent;
  }
};

function fileJson(repo: FakeRepo, pr: FakePullRequest, f: FakePullFile): Record<string, unknown> {
  const lines = (f.patch ?? '').split('\n');
  const additions = lines.filter((l) => l.startsWith('+')).length;
  const deletions = lines.filter((l) => l.startsWith('-')).length;
  const blob = `https://github.com/${repo.fullName}/blob/${pr.headSha}/${f.filename}`;
  return {
    sha: pr.headSha,
    filename: f.filename,
    status: f.status ?? 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: blob,
    raw_url: blob.replace('/blob/', '/raw/'),
    contents_url: `${repo.apiUrl}/contents/${f.filename}?ref=${pr.headSha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename ? { previous_filename: f.previous_filename } : {})
  };
}

// ------------------------------------------------------------------ the server

class FakeGitHubServer implements FakeGitHub {
  url = '';
  readonly requests: RecordedRequest[] = [];
  user!: FakeUser;
  private readonly repos = new Map<string, FakeRepo>();
  private readonly queued: (FaultSpec & { left: number })[] = [];
  private readonly knownIds = new Map<string, number>();
  private nextId = 1000;
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake GitHub crashed: ${e instanceof Error ? e.stack : String(e)}`);
    });
  });

  constructor(
    private readonly routes: Routes,
    private readonly options: FakeGitHubOptions
  ) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.user = this.userFor(this.options.user ?? GITHUB_ACTIONS_BOT);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((e) => (e ? reject(e) : resolve()));
      this.server.closeAllConnections(); // undici keeps sockets alive
    });
  }

  failNext(fault: FaultSpec): void {
    this.queued.push({ ...fault, left: fault.count ?? 1 });
  }

  // ---- state builders

  now(): string {
    return (this.options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  private id(stableKey?: string): number {
    if (stableKey === undefined) return this.nextId++;
    const known = this.knownIds.get(stableKey);
    if (known !== undefined) return known;
    const id = this.nextId++;
    this.knownIds.set(stableKey, id);
    return id;
  }
  private nodeId(prefix: string, id: number): string {
    return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
  }

  userFor(a: AuthorSeed | undefined): FakeUser {
    if (!a) return this.user;
    const type = a.type ?? 'User';
    const id = a.id ?? (a.login === GITHUB_ACTIONS_BOT.login ? GITHUB_ACTIONS_BOT.id : this.id(`user:${a.login}`));
    const bot = type === 'Bot' && a.login.endsWith('[bot]');
    return {
      login: a.login,
      id,
      node_id: this.nodeId(type === 'Bot' ? 'BOT' : 'U', id),
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: '',
      url: `${this.url}/users/${encodeURIComponent(a.login)}`,
      html_url: bot ? `https://github.com/apps/${a.login.slice(0, -'[bot]'.length)}` : `https://github.com/${a.login}`,
      type,
      site_admin: false
    };
  }

  repo(fullName: string): FakeRepo {
    const key = fullName.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      const [owner = '', name = ''] = fullName.split('/');
      if (!owner || !name) throw new Error(`repository must be owner/name, got ${fullName}`);
      repo = new FakeRepo(owner, name, this.id(`repo:${key}`), `${this.url}/repos/${owner}/${name}`);
      this.repos.set(key, repo);
    }
    return repo;
  }

  repoJson(fullName: string): Record<string, unknown> {
    const [owner = '', name = ''] = fullName.split('/');
    const known = this.repos.get(fullName.toLowerCase());
    const id = known?.id ?? this.id(`repo:${fullName.toLowerCase()}`);
    return {
      id,
      node_id: this.nodeId('R', id),
      name,
      full_name: fullName,
      private: false,
      owner: this.userFor({ login: owner, type: 'Organization' }),
      html_url: `https://github.com/${fullName}`,
      url: `${this.url}/repos/${fullName}`,
      fork: false,
      default_branch: 'main',
      visibility: 'public'
    };
  }

  ensureLabel(repo: FakeRepo, name: string, color = 'ededed', description: string | null = null): FakeLabel {
    const existing = repo.labels.get(name.toLowerCase());
    if (existing) return existing;
    const id = this.id();
    const label: FakeLabel = { id, node_id: this.nodeId('LA', id), url: `${repo.apiUrl}/labels/${encodeURIComponent(name)}`, name, description, color, default: false };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  /** Issues and pull requests share one number sequence per repository. */
  createIssue(repo: FakeRepo, seed: IssueSeed, isPull = false, number = repo.nextNumber): FakeIssue {
    const id = this.id();
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    const now = this.now();
    const url = `${repo.apiUrl}/issues/${number}`;
    const html = `https://github.com/${repo.fullName}/${isPull ? 'pull' : 'issues'}/${number}`;
    const issue: FakeIssue = {
      id,
      node_id: this.nodeId('I', id),
      number,
      title: seed.title,
      body: seed.body ?? null,
      user: this.userFor(seed.author),
      labels: (seed.labels ?? []).map((n) => this.ensureLabel(repo, n)),
      state: seed.state ?? 'open',
      state_reason: seed.state === 'closed' ? 'completed' : null,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: 0,
      created_at: now,
      updated_at: now,
      closed_at: seed.state === 'closed' ? now : null,
      author_association: 'NONE',
      url,
      html_url: html,
      repository_url: repo.apiUrl,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      ...(isPull
        ? { pull_request: { url: `${repo.apiUrl}/pulls/${number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null } }
        : {})
    };
    repo.issues.set(number, issue);
    return issue;
  }

  createComment(repo: FakeRepo, issue: FakeIssue, body: string, author?: AuthorSeed): FakeIssueComment {
    const id = this.id();
    const now = this.now();
    const comment: FakeIssueComment = {
      id,
      node_id: this.nodeId('IC', id),
      url: `${repo.apiUrl}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      issue_url: issue.url,
      body,
      user: this.userFor(author),
      created_at: now,
      updated_at: now,
      author_association: 'NONE',
      performed_via_github_app: null
    };
    repo.issueComments.push(comment);
    issue.comments++;
    issue.updated_at = now;
    return comment;
  }

  createReview(repo: FakeRepo, pr: FakePullRequest, body: string, state: FakeReview['state'], commit: string): FakeReview {
    const id = this.id();
    const html = `https://github.com/${repo.fullName}/pull/${pr.number}#pullrequestreview-${id}`;
    const prUrl = `${repo.apiUrl}/pulls/${pr.number}`;
    const review: FakeReview = {
      id,
      node_id: this.nodeId('PRR', id),
      user: this.user,
      body,
      state,
      html_url: html,
      pull_request_url: prUrl,
      commit_id: commit,
      ...(state === 'PENDING' ? {} : { submitted_at: this.now() }),
      author_association: 'NONE',
      _links: { html: { href: html }, pull_request: { href: prUrl } }
    };
    repo.reviews.push(review);
    return review;
  }

  createReviewComment(repo: FakeRepo, pr: FakePullRequest, review: FakeReview, body: string, a: Anchor): FakeReviewComment {
    const id = this.id();
    const now = this.now();
    const url = `${repo.apiUrl}/pulls/comments/${id}`;
    const html = `https://github.com/${repo.fullName}/pull/${pr.number}#discussion_r${id}`;
    const prUrl = `${repo.apiUrl}/pulls/${pr.number}`;
    const comment: FakeReviewComment = {
      id,
      node_id: this.nodeId('PRRC', id),
      url,
      html_url: html,
      pull_request_url: prUrl,
      pull_request_review_id: review.id,
      diff_hunk: a.diff_hunk,
      path: a.path,
      position: a.position,
      original_position: a.position,
      commit_id: review.commit_id,
      original_commit_id: review.commit_id,
      user: this.user,
      body,
      created_at: now,
      updated_at: now,
      author_association: 'NONE',
      line: a.line,
      original_line: a.line,
      side: a.side,
      start_line: a.start_line,
      original_start_line: a.start_line,
      start_side: a.start_side,
      subject_type: 'line',
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: prUrl } }
    };
    repo.reviewComments.push(comment);
    return comment;
  }

  pullJson(repo: FakeRepo, pr: FakePullRequest): Record<string, unknown> {
    const issue = repo.issues.get(pr.number) ?? fail(notFound());
    const headRepo = this.repoJson(pr.headRepo);
    const files = pr.files.map((f) => fileJson(repo, pr, f));
    const sum = (k: string): number => files.reduce((n, f) => n + Number(f[k]), 0);
    return {
      url: `${repo.apiUrl}/pulls/${pr.number}`,
      id: pr.id,
      node_id: this.nodeId('PR', pr.id),
      html_url: issue.html_url,
      diff_url: `${issue.html_url}.diff`,
      patch_url: `${issue.html_url}.patch`,
      issue_url: issue.url,
      number: pr.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: pr.user,
      body: issue.body,
      labels: issue.labels,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      merged_at: null,
      merge_commit_sha: null,
      draft: pr.draft,
      head: { label: `${pr.headRepo.split('/')[0]}:${pr.headRef}`, ref: pr.headRef, sha: pr.headSha, user: headRepo['owner'], repo: { ...headRepo, fork: pr.headRepo.toLowerCase() !== repo.fullName.toLowerCase() } },
      base: { label: `${repo.owner}:${pr.baseRef}`, ref: pr.baseRef, sha: pr.baseSha, user: this.userFor({ login: repo.owner, type: 'Organization' }), repo: this.repoJson(repo.fullName) },
      author_association: 'NONE',
      merged: false,
      mergeable: null,
      comments: issue.comments,
      review_comments: repo.reviewCommentsOn(pr.number).length,
      commits: pr.commits.length,
      additions: sum('additions'),
      deletions: sum('deletions'),
      changed_files: files.length
    };
  }

  // ---- seeding

  addPullRequest(repoName: string, seed: PullRequestSeed): FakePullRequest {
    const repo = this.repo(repoName);
    if (seed.number !== undefined && repo.issues.has(seed.number)) throw new Error(`#${seed.number} already exists in ${repoName}`);
    const { title, body, author } = seed;
    const issue = this.createIssue(repo, { title: title ?? 'A pull request', ...(body !== undefined ? { body } : {}), ...(author ? { author } : {}) }, true, seed.number);
    const pr: FakePullRequest = {
      id: this.id(),
      number: issue.number,
      user: issue.user,
      headSha: seed.headSha,
      headRef: seed.headRef ?? `pr-${issue.number}`,
      headRepo: seed.headRepo ?? repo.fullName,
      baseRef: seed.baseRef ?? 'main',
      baseSha: seed.baseSha ?? '0'.repeat(40),
      draft: seed.draft ?? false,
      files: seed.files,
      commits: seed.commits ?? [seed.headSha]
    };
    repo.pulls.set(pr.number, pr);
    return pr;
  }

  addIssue(repoName: string, seed: IssueSeed): FakeIssue {
    return this.createIssue(this.repo(repoName), seed);
  }

  addIssueComment(repoName: string, issueNumber: number, body: string, author?: AuthorSeed): FakeIssueComment {
    const repo = this.repo(repoName);
    const issue = repo.issues.get(issueNumber);
    if (!issue) throw new Error(`no issue #${issueNumber} in ${repoName}`);
    return this.createComment(repo, issue, body, author);
  }

  // ---- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    let badJson = false;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = raw;
        badJson = true;
      }
    }
    const entry: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, status: 0 };
    this.requests.push(entry);

    let docs = DEFAULT_DOCS;
    let reply: Reply;
    try {
      reply = this.dispatch(req, method, url.pathname, entry, badJson, (d) => (docs = d));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.note) entry.note = e.note;
      reply = { status: e.status, body: { ...e.payload, documentation_url: docs, status: String(e.status) } };
    }
    entry.status = reply.status;
    const used = this.requests.length;
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `FAKE:${used}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...reply.headers
    });
    res.end(reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  /** Checks in GitHub's order: auth, route, (injected fault), parameters, body, permissions, handler. */
  private dispatch(req: IncomingMessage, method: string, path: string, entry: RecordedRequest, badJson: boolean, setDocs: (d: string) => void): Reply {
    const auth = req.headers.authorization;
    if (!auth) throw new ApiError(401, { message: 'Requires authentication' });
    const token = auth.replace(/^(token|bearer)\s+/i, '');
    if (this.options.token !== undefined && token !== this.options.token) throw new ApiError(401, { message: 'Bad credentials' });

    const match = matchRoute(this.routes, path);
    const op = match?.entry.ops.get(method);
    if (!match || !op) throw notFound(match ? `no ${method} on ${match.entry.template}` : 'no such route in the OpenAPI description');
    entry.route = op.key;
    setDocs(op.docs);
    const pathProblem = paramProblem(op, 'path', match.params);
    if (pathProblem) throw notFound(pathProblem);

    const fault = this.takeFault(method, path);
    if (fault) {
      entry.note = 'injected fault';
      const body = fault.body ?? { message: fault.message ?? STATUS_CODES[fault.status] ?? 'Error', documentation_url: op.docs, status: String(fault.status) };
      return { status: fault.status, body, ...(fault.headers ? { headers: fault.headers } : {}) };
    }

    if (badJson) throw new ApiError(400, { message: 'Problems parsing JSON' });
    const queryProblem = paramProblem(op, 'query', entry.query);
    if (queryProblem) throw new ApiError(422, { message: `Invalid request.\n\n${queryProblem}` }, queryProblem);
    const validate = bodyValidator(op);
    if (validate && !validate(entry.body ?? {})) {
      const text = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('\n');
      throw new ApiError(422, { message: `Invalid request.\n\n${text}` }, 'request body does not match the OpenAPI schema');
    }

    const repo = match.params['owner'] !== undefined && match.params['repo'] !== undefined ? this.repos.get(`${match.params['owner']}/${match.params['repo']}`.toLowerCase()) : undefined;
    if (repo?.readOnly && method !== 'GET') throw new ApiError(403, { message: 'Resource not accessible by integration' }, 'repository is read-only');
    const handler = HANDLERS[op.key];
    if (!handler) return { status: 501, body: { message: `The fake GitHub API does not implement ${op.key}`, documentation_url: op.docs } };
    return handler(new Ctx(this, path, match.params, entry.query, entry.body, repo));
  }

  private takeFault(method: string, path: string): FaultSpec | undefined {
    const i = this.queued.findIndex((f) => (!f.method || f.method.toUpperCase() === method) && (!f.path || f.path.test(path)));
    const fault = this.queued[i];
    if (!fault) return undefined;
    if (--fault.left <= 0) this.queued.splice(i, 1);
    return fault;
  }
}
