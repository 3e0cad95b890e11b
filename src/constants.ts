/** Names of inputs, outputs and state keys, as action.yml declares them. */
export const Inputs = {
  WorkingDirectory: 'working-directory',
  Modules: 'modules',
  FailOn: 'fail-on',
  OnlyNewIssues: 'only-new-issues',
  ReportPath: 'report-path',
  DownloadAttempts: 'download-attempts',
  Concurrency: 'concurrency',
  CommandTimeout: 'command-timeout',
  GoProxy: 'goproxy',
  GoPrivate: 'goprivate',
  GoNoSumDb: 'gonosumdb',
  Mode: 'mode',
  PullRequest: 'pull-request',
  GitHubToken: 'github-token',
  /** The former name of github-token; still read, and action.yml marks it deprecated. */
  Token: 'token',
  Comment: 'comment',
  CommentKey: 'comment-key',
  Suggestions: 'suggestions',
  AuditIssue: 'audit-issue',
  AuditLabel: 'audit-label',
  Cache: 'cache',
  CachePrefix: 'cache-prefix',
  Lookups: 'lookups',
  Updates: 'updates',
  PrivateToken: 'private-token',
  PrivateHosts: 'private-hosts',
  ProxyCredentials: 'proxy-credentials',
  Shard: 'shard',
  Reports: 'reports'
} as const;

export const Outputs = {
  Result: 'result',
  Failed: 'failed',
  ReportPath: 'report-path',
  UntidyModules: 'untidy-modules',
  Mismatches: 'mismatches',
  CommentUrl: 'comment-url',
  AuditIssueUrl: 'audit-issue-url'
} as const;
