import { describe, expect, test } from '@jest/globals';
import { stripUserinfo, credentialsIn, redactCredentials, hashOrigin } from '../src/go/env.js';

describe('credentials in proxy and checksum database URLs', () => {
  test('stripUserinfo drops the userinfo of every URL in a GOPROXY list and GOSUMDB', () => {
    expect(stripUserinfo('https://user:secret@proxy.corp.example,https://tok3n@other.example/go|direct')).toBe('https://proxy.corp.example,https://other.example/go|direct');
    expect(stripUserinfo('sum.golang.org https://u:p%40ss@sumproxy.example/x')).toBe('sum.golang.org https://sumproxy.example/x');
    // Go's url.Parse ends the userinfo at the last @ of the authority.
    expect(stripUserinfo('https://u:p@ss@proxy.example/a@b')).toBe('https://proxy.example/a@b');
    expect(stripUserinfo('reading https://user:xxxxx@proxy.example/example.com/lib/@v/list: 401')).toBe('reading https://proxy.example/example.com/lib/@v/list: 401');
    expect(stripUserinfo('file:///srv/proxy,off')).toBe('file:///srv/proxy,off');
    expect(stripUserinfo('example.com/private,git@github.com')).toBe('example.com/private,git@github.com');
  });

  test('credentialsIn names what to mask: userinfo, password, or a lone user name (a token)', () => {
    expect(credentialsIn(['https://user:s3cret@proxy.example|https://ghp_token123@other.example', undefined, 'sum.golang.org', 'https://p%40ss:w%2Fd@x.example'])).toEqual([
      'user:s3cret',
      's3cret',
      'ghp_token123',
      'p%40ss:w%2Fd',
      'p@ss:w/d',
      'w%2Fd',
      'w/d'
    ]);
    expect(credentialsIn(['https://proxy.example', 'direct', 'off'])).toEqual([]);
  });

  test('redactCredentials strips URLs and replaces secrets in every string of a report-like value', () => {
    const value = { go: { env: { GOPROXY: 'https://user:s3cret@proxy.example' } }, n: 3, list: ['go: s3cret appears', null, true] };
    expect(redactCredentials(value, ['user:s3cret', 's3cret'])).toEqual({ go: { env: { GOPROXY: 'https://proxy.example' } }, n: 3, list: ['go: *** appears', null, true] });
  });

  test('the proxy named as a hash origin carries no credentials', () => {
    const settings = { GOPROXY: 'https://user:s3cret@proxy.example,direct', GOSUMDB: 'off', GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '' };
    expect(hashOrigin(settings, 'example.com/lib')).toEqual({ source: 'proxy', name: 'https://proxy.example' });
  });
});
