/** Go settings that quietly switch off what go-mod-hygiene (and go) check. Pure. */
import { matchPrefixPatterns } from '../go/env.js';
import type { RiskySettingFinding } from '../report/model.js';

/** Well-known public module paths: a GONOSUMDB/GOPRIVATE pattern matching one switches the checksum database off for public code. */
export const PUBLIC_MODULE_SAMPLES = [
  'github.com/stretchr/testify',
  'golang.org/x/mod',
  'google.golang.org/grpc',
  'gopkg.in/yaml.v3',
  'go.uber.org/zap',
  'k8s.io/api',
  'sigs.k8s.io/yaml',
  'cloud.google.com/go',
  'gitlab.com/gitlab-org/api/client-go',
  'bitbucket.org/creachadair/shell',
  'go.opentelemetry.io/otel',
  'honnef.co/go/tools'
];

/**
 * Risky settings in the go environment (`go env` values: environment variables and go.env files).
 * `workspace` says whether a go.work is in use, where `-mod=mod` breaks every build.
 */
export function riskySettings(values: Record<string, string>, workspace: boolean): RiskySettingFinding[] {
  const out: RiskySettingFinding[] = [];
  const add = (variable: string, value: string, risk: string): void => {
    out.push({ kind: 'risky-setting', message: `${variable}=${value}: ${risk}`, variable, value, risk });
  };
  const gosumdb = values.GOSUMDB ?? '';
  if (gosumdb === 'off') add('GOSUMDB', gosumdb, 'the checksum database is off, so no new go.sum line is checked against it');
  const nosumdb = values.GONOSUMDB ? 'GONOSUMDB' : 'GOPRIVATE';
  const patterns = values[nosumdb] ?? '';
  if (gosumdb !== 'off' && patterns) {
    const broad = patterns
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p && PUBLIC_MODULE_SAMPLES.some((m) => matchPrefixPatterns(p, m)));
    for (const p of broad) {
      const example = PUBLIC_MODULE_SAMPLES.find((m) => matchPrefixPatterns(p, m))!;
      add(nosumdb, patterns, `the pattern ${JSON.stringify(p)} switches checksum verification off for public modules too (e.g. ${example}); list private paths only, like github.com/your-org`);
    }
  }
  if (values.GOINSECURE) add('GOINSECURE', values.GOINSECURE, 'modules matching it are fetched over plain HTTP or without certificate checks');
  const flags = (values.GOFLAGS ?? '').split(/\s+/).filter(Boolean);
  if (flags.includes('-insecure')) add('GOFLAGS', values.GOFLAGS!, '-insecure no longer exists; go rejects it');
  const modFlag = flags.find((f) => f.startsWith('-mod='));
  if (modFlag === '-mod=mod') {
    add(
      'GOFLAGS',
      values.GOFLAGS!,
      workspace
        ? '-mod=mod is rejected in workspace mode: every go command in this go.work fails'
        : '-mod=mod lets every go command rewrite go.mod and go.sum silently, so CI builds can differ from the committed files'
    );
  }
  return out;
}
