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
 * `workspace` says whether a go.work is in use, where `-mod=mod` breaks every build. `environ` is
 * the environment go runs in, for names go does not know (and so `go env` does not show).
 */
export function riskySettings(values: Record<string, string>, workspace: boolean, environ: Record<string, string | undefined> = {}): RiskySettingFinding[] {
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
  if (values.GOINSECURE) {
    // With the checksum database off for the same paths, nothing at all vouches for what arrives.
    const unchecked = gosumdb === 'off' || values.GOINSECURE.split(',').some((p) => p.trim() && patterns.split(',').some((q) => q.trim() && (matchPrefixPatterns(q, p.trim()) || matchPrefixPatterns(p.trim(), q.trim()))));
    add(
      'GOINSECURE',
      values.GOINSECURE,
      unchecked
        ? 'modules matching it are fetched over plain HTTP or without certificate checks, and the checksum database does not check them either: anyone on the network path can change their code'
        : 'modules matching it are fetched over plain HTTP or without certificate checks'
    );
  }
  const proxies = (values.GOPROXY ?? '').split(/[,|]/).map((p) => p.trim()).filter(Boolean);
  const shownProxy = (values.GOPROXY ?? '').replace(/\/\/[^/@\s,|]*@/g, '//');
  if (proxies.some((p) => /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(p))) {
    add('GOPROXY', shownProxy, 'a user name or password is written in the proxy URL, where go repeats it in error messages; give it with the proxy-credentials input (or GOAUTH/.netrc) instead');
  }
  for (const p of proxies.filter((x) => /^http:\/\//i.test(x) && !/^http:\/\/(127\.|localhost[:/]|localhost$|\[::1\])/i.test(x))) {
    add('GOPROXY', shownProxy, `${p.replace(/\/\/[^/@\s]*@/, '//')} is reached over plain HTTP: modules and the proxy's answers can be changed on the way (go sends it no credentials)`);
  }
  if (values.GONOPROXY) {
    const bypass = values.GONOPROXY.split(',').map((p) => p.trim()).filter((p) => p && PUBLIC_MODULE_SAMPLES.some((m) => matchPrefixPatterns(p, m)));
    for (const p of bypass) {
      const example = PUBLIC_MODULE_SAMPLES.find((m) => matchPrefixPatterns(p, m))!;
      add('GONOPROXY', values.GONOPROXY, `the pattern ${JSON.stringify(p)} sends public modules (e.g. ${example}) past GOPROXY straight to their origin, around any filtering or caching proxy; list private paths only`);
    }
  }
  if (environ.GONOSUMCHECK !== undefined && environ.GONOSUMCHECK !== '') {
    add('GONOSUMCHECK', environ.GONOSUMCHECK, 'go has no such setting and ignores it: checksums are still checked (GONOSUMDB is the setting that exempts private paths from the checksum database)');
  }
  const flags = (values.GOFLAGS ?? '').split(/\s+/).filter(Boolean);
  if (flags.includes('-insecure')) add('GOFLAGS', values.GOFLAGS!, '-insecure no longer exists; go rejects it');
  const modFlag = flags.find((f) => f.startsWith('-mod='));
  if (modFlag === '-mod=vendor') {
    add(
      'GOFLAGS',
      values.GOFLAGS!,
      '-mod=vendor makes every go command build from vendor/ only: a module without vendor/ fails, and go neither downloads nor checks checksums there (go-mod-hygiene checks without it)'
    );
  }
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
