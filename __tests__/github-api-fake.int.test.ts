/**
 * The fake GitHub API, driven through the real @actions/github client (undici
 * transport), behaves like GitHub for the calls the action makes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { GitHub } from '@actions/github/lib/utils';
import { faults, GITHUB_ACTIONS_BOT, startGitHubApi, type FakeGitHub } from './helpers/github-api.js';

const TOKEN = 'ghs_fake_token';
let fake: FakeGitHub;
let octokit: ReturnType<typeof getOctokit>;

beforeAll(async () => {
  fake = await startGitHubApi({ token: TOKEN });
  octokit = getOctokit(TOKEN, { baseUrl: fake.url });
});
afterAll(async () => {
  await fake.close();
});

interface HttpFailure {
  status: number;
  message: string;
  response?: { data: unknown; headers: Record<string, string | number | undefined> };
}
/** The RequestError a call rejects with. */
async function failure(p: Promise<unknown>): Promise<HttpFailure> {
  try {
    await p;
  } catch (e) {
    return e as HttpFailure;
  }
  throw new Error('expected the request to fail');
}
const requestsTo = (path: string | RegExp, method?: string) =>
  fake.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)) && (!method || r.method === method));

const PATCH = [
  '@@ -1,5 +1,6 @@',
  ' module example.com/app',
  ' ',
  '-go 1.21',
  '+go 1.22',
  '+toolchain go1.22.3',
  ' ',
  ' require (',
  '@@ -20,3 +21,4 @@ require (',
  ' \tgolang.org/x/mod v0.17.0',
  ' \tgolang.org/x/text v0.14.0',
  '+\tgolang.org/x/tools v0.21.0',
  ' )'
].join('\n');

describe('server', () => {
  test('listens on loopback only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('missing Authorization → 401, wrong token → 401 Bad credentials', async () => {
    const anonymous = new GitHub({ baseUrl: fake.url });
    const e = await failure(anonymous.rest.repos.get({ owner: 'acme', repo: 'app' }));
    expect(e.status).toBe(401);
    expect(e.response?.data).toMatchObject({ message: 'Requires authentication' });
    const wrong = await failure(getOctokit('nope', { baseUrl: fake.url }).rest.repos.get({ owner: 'acme', repo: 'app' }));
    expect(wrong.status).toBe(401);
    expect(wrong.response?.data).toMatchObject({ message: 'Bad credentials' });
  });

  test('unknown route, unknown method and non-integer path params → 404', async () => {
    fake.repo('acme/app');
    for (const [route, path] of [
      ['GET /repos/acme/app/no-such-thing', '/repos/acme/app/no-such-thing'],
      ['PUT /repos/acme/app/issues/comments/1', '/repos/acme/app/issues/comments/1'],
      ['GET /repos/acme/app/issues/abc', '/repos/acme/app/issues/abc']
    ] as const) {
      const e = await failure(octokit.request(route));
      expect(e.status).toBe(404);
      expect(e.response?.data).toMatchObject({ message: 'Not Found', documentation_url: expect.stringContaining('docs.github.com') });
      expect(requestsTo(path).at(-1)?.status).toBe(404);
    }
  });

  test('unknown repository → 404; GET /repos/{owner}/{repo} → repo object', async () => {
    expect((await failure(octokit.rest.issues.get({ owner: 'acme', repo: 'ghost', issue_number: 1 }))).status).toBe(404);
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
    expect(data).toMatchObject({ full_name: 'acme/app', name: 'app', default_branch: 'main', owner: { login: 'acme' } });
  });

  test('GET /user is forbidden for the installation token, as on GitHub', async () => {
    expect((await failure(octokit.rest.users.getAuthenticated())).status).toBe(403);
  });
});

describe('issue comments', () => {
  const repo = { owner: 'acme', repo: 'comments' };

  test('create, get, list, update, delete', async () => {
    const state = fake.repo('acme/comments');
    const issue = fake.addIssue('acme/comments', { title: 'PR-less issue' });
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: '<!-- go-mod-hygiene -->\nfirst' });
    expect(created.status).toBe(201);
    expect(created.data.user).toMatchObject({ login: GITHUB_ACTIONS_BOT.login, id: GITHUB_ACTIONS_BOT.id, type: 'Bot' });
    expect(created.data).toMatchObject({ body: '<!-- go-mod-hygiene -->\nfirst', issue_url: `${fake.url}/repos/acme/comments/issues/${issue.number}` });
    expect(created.data.html_url).toContain(`/acme/comments/issues/${issue.number}#issuecomment-`);
    expect(state.commentsOn(issue.number)).toHaveLength(1);
    expect(issue.comments).toBe(1);

    const got = await octokit.rest.issues.getComment({ ...repo, comment_id: created.data.id });
    expect(got.data.id).toBe(created.data.id);

    const listed = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(listed.data.map((c) => c.body)).toEqual(['<!-- go-mod-hygiene -->\nfirst']);

    const updated = await octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: '<!-- go-mod-hygiene -->\nsecond' });
    expect(updated.data.body).toBe('<!-- go-mod-hygiene -->\nsecond');
    expect(state.issueComments[0]?.body).toBe('<!-- go-mod-hygiene -->\nsecond');

    const deleted = await octokit.rest.issues.deleteComment({ ...repo, comment_id: created.data.id });
    expect(deleted.status).toBe(204);
    expect(state.commentsOn(issue.number)).toEqual([]);
    expect(issue.comments).toBe(0);
    expect((await failure(octokit.rest.issues.getComment({ ...repo, comment_id: created.data.id }))).status).toBe(404);
  });

  test('comments on a nonexistent issue → 404', async () => {
    expect((await failure(octokit.rest.issues.createComment({ ...repo, issue_number: 9999, body: 'x' }))).status).toBe(404);
  });

  test('octokit.paginate walks the Link header over >100 comments', async () => {
    const issue = fake.addIssue('acme/comments', { title: 'busy' });
    for (let i = 0; i < 250; i++) fake.addIssueComment('acme/comments', issue.number, `c${i}`, { login: i % 2 ? 'alice' : 'bob' });
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain(`<${fake.url}/repos/acme/comments/issues/${issue.number}/comments?per_page=100&page=3>; rel="last"`);

    const before = fake.requests.length;
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(fake.requests.slice(before).map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3']);
    expect(all[1]?.user).toMatchObject({ login: 'alice', type: 'User' });

    const defaultPage = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(defaultPage.data).toHaveLength(30);
  });
});

describe('request validation', () => {
  const repo = { owner: 'acme', repo: 'validation' };
  let issueNumber = 0;
  beforeAll(() => {
    issueNumber = fake.addIssue('acme/validation', { title: 'target' }).number;
  });

  test('a body that violates the OpenAPI schema → 422 Invalid request', async () => {
    const wrongType = await failure(octokit.request(`POST /repos/acme/validation/issues/${issueNumber}/comments`, { body: 5 }));
    expect(wrongType.status).toBe(422);
    expect(wrongType.response?.data).toMatchObject({ message: expect.stringMatching(/^Invalid request\.\n\n.*\/body must be string/s) });

    const missing = await failure(octokit.request('POST /repos/acme/validation/issues', { body: 'no title' }));
    expect(missing.status).toBe(422);
    expect(missing.response?.data).toMatchObject({ message: expect.stringContaining("must have required property 'title'") });

    const badEvent = await failure(octokit.request('POST /repos/acme/validation/pulls/1/reviews', { event: 'LGTM' }));
    expect(badEvent.status).toBe(422);
    expect(fake.repo('acme/validation').issueComments).toEqual([]);
    expect(requestsTo(`/repos/acme/validation/issues/${issueNumber}/comments`, 'POST')).toMatchObject([{ status: 422, body: { body: 5 } }]);
  });

  test('nullable fields are accepted', async () => {
    const { data } = await octokit.rest.issues.update({ ...repo, issue_number: issueNumber, body: null, milestone: null });
    expect(data.body).toBeNull();
  });

  test('query parameters outside the declared enum/integer → 422', async () => {
    const e = await failure(octokit.request('GET /repos/acme/validation/issues', { state: 'bogus' }));
    expect(e.status).toBe(422);
    expect((await failure(octokit.request('GET /repos/acme/validation/issues', { per_page: 'many' }))).status).toBe(422);
  });

  test('body size limit is 65,536 characters', async () => {
    const tooLong = await failure(octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: 'x'.repeat(65537) }));
    expect(tooLong.status).toBe(422);
    expect(tooLong.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }]
    });
    const fits = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: 'x'.repeat(65536) });
    expect(fits.status).toBe(201);
    expect(fake.repo('acme/validation').commentsOn(issueNumber).map((c) => c.body.length)).toEqual([65536]);

    const tooLongUpdate = await failure(octokit.rest.issues.updateComment({ ...repo, comment_id: fits.data.id, body: 'y'.repeat(65537) }));
    expect(tooLongUpdate.status).toBe(422);
    const issue = await failure(octokit.rest.issues.create({ ...repo, title: 't', body: 'x'.repeat(65537) }));
    expect(issue.response?.data).toMatchObject({ errors: [{ resource: 'Issue', field: 'body' }] });
  });
});

describe('issues and labels', () => {
  const repo = { owner: 'acme', repo: 'issues' };

  test('create with labels → list by label → close → reopen', async () => {
    fake.repo('acme/issues');
    await octokit.rest.issues.createLabel({ ...repo, name: 'go-mod-hygiene', color: '0e8a16' });
    expect((await failure(octokit.rest.issues.createLabel({ ...repo, name: 'GO-MOD-HYGIENE' }))).response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }]
    });

    const created = await octokit.rest.issues.create({ ...repo, title: 'Go module audit', body: 'report', labels: ['go-mod-hygiene', { name: 'dependencies' }] });
    expect(created.status).toBe(201);
    expect(created.data.labels).toMatchObject([{ name: 'go-mod-hygiene', color: '0e8a16' }, { name: 'dependencies' }]);
    // An unknown label is created on the fly, as GitHub does.
    expect((await octokit.rest.issues.getLabel({ ...repo, name: 'dependencies' })).data.name).toBe('dependencies');
    expect((await failure(octokit.rest.issues.getLabel({ ...repo, name: 'missing label' }))).status).toBe(404);

    await octokit.rest.issues.create({ ...repo, title: 'unrelated', labels: ['dependencies'] });
    fake.addIssue('acme/issues', { title: 'by a human', labels: ['go-mod-hygiene'], author: { login: 'alice' } });

    const byLabel = await octokit.rest.issues.listForRepo({ ...repo, labels: 'go-mod-hygiene,dependencies' });
    expect(byLabel.data.map((i) => i.title)).toEqual(['Go module audit']);
    const byCreator = await octokit.rest.issues.listForRepo({ ...repo, labels: 'go-mod-hygiene', creator: GITHUB_ACTIONS_BOT.login });
    expect(byCreator.data.map((i) => i.number)).toEqual([created.data.number]);
    // Newest first by default.
    expect((await octokit.rest.issues.listForRepo({ ...repo })).data.map((i) => i.title)).toEqual(['by a human', 'unrelated', 'Go module audit']);

    const closed = await octokit.rest.issues.update({ ...repo, issue_number: created.data.number, state: 'closed' });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(closed.data.closed_at).not.toBeNull();
    expect((await octokit.rest.issues.listForRepo({ ...repo, labels: 'go-mod-hygiene' })).data.map((i) => i.title)).toEqual(['by a human']);
    expect((await octokit.rest.issues.listForRepo({ ...repo, labels: 'go-mod-hygiene', state: 'closed' })).data.map((i) => i.number)).toEqual([created.data.number]);

    const reopened = await octokit.rest.issues.update({ ...repo, issue_number: created.data.number, state: 'open', body: 'new report', labels: ['go-mod-hygiene'] });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, body: 'new report' });
    expect(fake.repo('acme/issues').issues.get(created.data.number)?.labels.map((l) => l.name)).toEqual(['go-mod-hygiene']);
    expect((await octokit.rest.issues.listForRepo({ ...repo, state: 'all' })).data).toHaveLength(3);
  });

  test('pull requests share issue numbers and appear in the issue list', async () => {
    const issue = fake.addIssue('acme/issues-prs', { title: 'first' });
    const pr = fake.addPullRequest('acme/issues-prs', { headSha: 'a'.repeat(40), files: [] });
    expect([issue.number, pr.number]).toEqual([1, 2]);
    const { data } = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'issues-prs' });
    expect(data.find((i) => i.number === 2)?.pull_request).toBeDefined();
    expect(() => fake.addPullRequest('acme/issues-prs', { number: 1, headSha: 'b'.repeat(40), files: [] })).toThrow();
  });
});

describe('pull requests and reviews', () => {
  const repo = { owner: 'acme', repo: 'reviews' };
  const headSha = 'c0ffee'.padEnd(40, '0');
  let pull_number = 0;
  beforeAll(() => {
    pull_number = fake.addPullRequest('acme/reviews', {
      number: 42,
      headSha,
      baseRef: 'main',
      author: { login: 'alice' },
      files: [{ filename: 'go.mod', patch: PATCH }, { filename: 'README.md', status: 'added', patch: '@@ -0,0 +1 @@\n+hi' }]
    }).number;
  });

  test('GET pull and files', async () => {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number });
    expect(data).toMatchObject({ number: 42, state: 'open', head: { sha: headSha, repo: { full_name: 'acme/reviews', fork: false } }, base: { ref: 'main' }, user: { login: 'alice' }, changed_files: 2 });
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['go.mod', 'modified', 3, 1],
      ['README.md', 'added', 1, 0]
    ]);
    expect(files.data[0]?.patch).toBe(PATCH);
    expect((await failure(octokit.rest.pulls.get({ ...repo, pull_number: 7 }))).status).toBe(404);
  });

  test('list pull requests by head owner:branch and state, as a workflow_run job finds a fork’s PR', async () => {
    fake.addPullRequest('acme/reviews', { number: 50, headSha: 'f'.repeat(40), headRef: 'main', headRepo: 'forker/reviews', files: [] });
    fake.addPullRequest('acme/reviews', { number: 51, headSha: 'e'.repeat(40), headRef: 'main', headRepo: 'other/reviews', files: [] });
    fake.addPullRequest('acme/reviews', { number: 52, headSha: 'd'.repeat(40), headRef: 'fix', headRepo: 'forker/reviews', files: [] });
    const list = async (q: { head?: string; state?: 'open' | 'closed' | 'all' }) => (await octokit.rest.pulls.list({ ...repo, ...q })).data.map((p) => [p.number, p.head.label, p.head.repo?.fork]);
    expect(await list({ head: 'forker:main' })).toEqual([[50, 'forker:main', true]]);
    expect(await list({ head: 'FORKER:fix' })).toEqual([[52, 'forker:fix', true]]);
    fake.repo('acme/reviews').issues.get(50)!.state = 'closed';
    expect(await list({ head: 'forker:main' })).toEqual([]);
    expect(await list({ head: 'forker:main', state: 'closed' })).toEqual([[50, 'forker:main', true]]);
    expect((await list({})).map(([n]) => n)).toEqual([52, 51, 42]);
  });

  test('a review comment outside the diff → 422 and nothing is stored', async () => {
    const state = fake.repo('acme/reviews');
    const outside = await failure(
      octokit.rest.pulls.createReview({
        ...repo,
        pull_number,
        commit_id: headSha,
        event: 'COMMENT',
        body: 'summary',
        comments: [
          { path: 'go.mod', line: 4, body: 'inside' },
          { path: 'go.mod', line: 12, body: 'between the hunks' }
        ]
      })
    );
    expect(outside.status).toBe(422);
    expect(outside.response?.data).toMatchObject({ message: 'Unprocessable Entity', errors: ['Line could not be resolved'] });

    const unknownPath = await failure(octokit.rest.pulls.createReview({ ...repo, pull_number, event: 'COMMENT', comments: [{ path: 'main.go', line: 1, body: 'x' }] }));
    expect(unknownPath.response?.data).toMatchObject({ errors: ['Path could not be resolved'] });
    const leftOutside = await failure(octokit.rest.pulls.createReview({ ...repo, pull_number, event: 'COMMENT', comments: [{ path: 'go.mod', line: 3, side: 'LEFT', body: 'x' }, { path: 'go.mod', line: 6, side: 'LEFT', body: 'x' }] }));
    expect(leftOutside.status).toBe(422);
    const crossHunk = await failure(octokit.rest.pulls.createReview({ ...repo, pull_number, event: 'COMMENT', comments: [{ path: 'go.mod', start_line: 4, line: 23, body: 'x' }] }));
    expect(crossHunk.status).toBe(422);
    const wrongCommit = await failure(octokit.rest.pulls.createReview({ ...repo, pull_number, commit_id: 'f'.repeat(40), event: 'COMMENT', body: 'x' }));
    expect(wrongCommit.response?.data).toMatchObject({ errors: ['The commitOID is not part of the pull request'] });

    expect(state.reviews).toEqual([]);
    expect(state.reviewComments).toEqual([]);
  });

  test('a review inside the diff is stored with its comments', async () => {
    const state = fake.repo('acme/reviews');
    const suggestion = '```suggestion\ngo 1.22.3\n```';
    const { status, data } = await octokit.rest.pulls.createReview({
      ...repo,
      pull_number,
      commit_id: headSha,
      event: 'REQUEST_CHANGES',
      body: 'go.mod is not tidy',
      comments: [
        { path: 'go.mod', line: 3, side: 'RIGHT', body: suggestion },
        { path: 'go.mod', start_line: 22, line: 23, body: 'multi-line' },
        { path: 'go.mod', line: 3, side: 'LEFT', body: 'deleted line' },
        { path: 'README.md', position: 1, body: 'by position' }
      ]
    });
    expect(status).toBe(200);
    expect(data).toMatchObject({ state: 'CHANGES_REQUESTED', body: 'go.mod is not tidy', commit_id: headSha, user: { login: GITHUB_ACTIONS_BOT.login } });
    expect(state.reviewsOn(pull_number)).toHaveLength(1);
    expect(state.reviewCommentsOn(pull_number).map((c) => [c.path, c.start_line, c.line, c.side, c.position, c.pull_request_review_id])).toEqual([
      ['go.mod', null, 3, 'RIGHT', 4, data.id],
      ['go.mod', 22, 23, 'RIGHT', 11, data.id],
      ['go.mod', null, 3, 'LEFT', 3, data.id],
      ['README.md', null, 1, 'RIGHT', 1, data.id]
    ]);
    expect(state.reviewComments[0]?.diff_hunk).toBe('@@ -1,5 +1,6 @@\n module example.com/app\n \n-go 1.21\n+go 1.22');

    const listed = await octokit.rest.pulls.listReviewComments({ ...repo, pull_number });
    expect(listed.data.map((c) => c.body)).toEqual([suggestion, 'multi-line', 'deleted line', 'by position']);
    expect((await octokit.rest.pulls.listReviews({ ...repo, pull_number })).data.map((r) => r.id)).toEqual([data.id]);

    const first = listed.data[0]!;
    const edited = await octokit.rest.pulls.updateReviewComment({ ...repo, comment_id: first.id, body: 'edited' });
    expect(edited.data.body).toBe('edited');
    expect((await octokit.rest.pulls.deleteReviewComment({ ...repo, comment_id: first.id })).status).toBe(204);
    expect(state.reviewComments.map((c) => c.body)).toEqual(['multi-line', 'deleted line', 'by position']);
  });

  test('the bot cannot approve its own pull request; only one pending review', async () => {
    const own = fake.addPullRequest('acme/reviews', { headSha, author: GITHUB_ACTIONS_BOT, files: [{ filename: 'go.sum', patch: '@@ -1 +1 @@\n-a\n+b' }] });
    expect((await failure(octokit.rest.pulls.createReview({ ...repo, pull_number: own.number, event: 'APPROVE' }))).status).toBe(422);
    await octokit.rest.pulls.createReview({ ...repo, pull_number: own.number, body: 'draft' });
    const second = await failure(octokit.rest.pulls.createReview({ ...repo, pull_number: own.number, body: 'draft 2' }));
    expect(second.response?.data).toMatchObject({ errors: ['User can only have one pending review per pull request'] });
  });
});

describe('fault injection', () => {
  const repo = { owner: 'acme', repo: 'faults' };
  let issue_number = 0;
  beforeAll(() => {
    issue_number = fake.addIssue('acme/faults', { title: 'target' }).number;
  });

  test('403 read-only token on writes only; the client sees it and does not retry', async () => {
    fake.failNext(faults.readOnlyToken({ method: 'POST' }));
    await octokit.rest.issues.listComments({ ...repo, issue_number }); // GET does not consume a POST fault
    const e = await failure(octokit.rest.issues.createComment({ ...repo, issue_number, body: 'hello' }));
    expect(e.status).toBe(403);
    expect(e.message).toContain('Resource not accessible by integration');
    expect(fake.repo('acme/faults').issueComments).toEqual([]);
    expect(requestsTo(`/repos/acme/faults/issues/${issue_number}/comments`, 'POST')).toHaveLength(1);
    expect((await octokit.rest.issues.createComment({ ...repo, issue_number, body: 'hello' })).status).toBe(201);
  });

  test('500/502/503 reach the caller once each: @actions/github has no retry plugin', async () => {
    const path = /\/repos\/acme\/faults\/issues\/\d+$/;
    for (const status of [500, 502, 503] as const) {
      fake.failNext(faults.serverError(status, { path }));
      const before = requestsTo(path).length;
      expect((await failure(octokit.rest.issues.get({ ...repo, issue_number }))).status).toBe(status);
      expect(requestsTo(path).slice(before).map((r) => r.status)).toEqual([status]);
    }
    expect((await octokit.rest.issues.get({ ...repo, issue_number })).status).toBe(200);
  });

  test('429 and secondary rate limits carry retry-after; count repeats the fault', async () => {
    fake.failNext(faults.rateLimit({ count: 2 }));
    for (let i = 0; i < 2; i++) {
      const e = await failure(octokit.rest.issues.get({ ...repo, issue_number }));
      expect(e.status).toBe(429);
      expect(e.response?.headers['retry-after']).toBe('1');
    }
    fake.failNext(faults.secondaryRateLimit());
    const secondary = await failure(octokit.rest.issues.get({ ...repo, issue_number }));
    expect(secondary.status).toBe(403);
    expect(secondary.response?.data).toMatchObject({ message: expect.stringContaining('secondary rate limit') });
    expect(secondary.response?.headers['retry-after']).toBe('1');
    expect((await octokit.rest.issues.get({ ...repo, issue_number })).status).toBe(200);
  });

  test('a read-only repository refuses writes like a fork PR token', async () => {
    const state = fake.repo('acme/fork-target');
    state.readOnly = true;
    const issue = fake.addIssue('acme/fork-target', { title: 't' });
    expect((await octokit.rest.issues.listComments({ owner: 'acme', repo: 'fork-target', issue_number: issue.number })).status).toBe(200);
    const e = await failure(octokit.rest.issues.createComment({ owner: 'acme', repo: 'fork-target', issue_number: issue.number, body: 'x' }));
    expect(e.status).toBe(403);
    expect(e.response?.data).toMatchObject({ message: 'Resource not accessible by integration' });
  });
});
