/** Names of inputs, outputs and state keys, as action.yml declares them. */
export const Inputs = {
  WorkingDirectory: 'working-directory',
  Modules: 'modules',
  FailOn: 'fail-on',
  ReportPath: 'report-path',
  DownloadAttempts: 'download-attempts',
  Concurrency: 'concurrency',
  CommandTimeout: 'command-timeout',
  GoProxy: 'goproxy',
  GoPrivate: 'goprivate',
  GoNoSumDb: 'gonosumdb',
  Mode: 'mode',
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
  PrivateHosts: 'private-hosts'
} as const;

export const Outputs = {
  Result: 'result',
  ReportPath: 'report-path',
  UntidyModules: 'untidy-modules',
  Mismatches: 'mismatches',
  CommentUrl: 'comment-url',
  AuditIssueUrl: 'audit-issue-url'
} as const;
