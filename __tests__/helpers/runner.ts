/** Runs the committed dist/ bundle as a GitHub runner would: INPUT_*, GITHUB_* files, event payload. */
import { SpawnerClient } from '../../src/go/spawner.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';

/**
 * The node that runs the bundle: GMH_BUNDLE_NODE when set (.ci/run sets it to Node 24, the
 * runners' runtime, from scripts/node24.sh), otherwise the node running the tests.
 */
export const bundleNode = process.env.GMH_BUNDLE_NODE || process.execPath;
/** Starts the steps' node processes. */
const steps = new SpawnerClient();

export interface RunnerFiles {
  dir: string;
  output: string;
  state: string;
  summary: string;
  env: string;
  event: string;
  temp: string;
}

/** The GITHUB_* variables a runner gives a step, the API pointed at a loopback server. */
export function githubEnv(o: { workspace: string; repo: string; event: string; sha: string; apiUrl: string }): Record<string, string> {
  return {
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_REPOSITORY: o.repo,
    GITHUB_EVENT_NAME: o.event,
    GITHUB_SHA: o.sha,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '42',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'hygiene'
  };
}

export function runnerFiles(payload: unknown): RunnerFiles {
  const dir = tempDir('gmh-runner-');
  const f = (n: string, content = ''): string => {
    const p = join(dir, n);
    writeFileSync(p, content);
    return p;
  };
  return { dir, output: f('output'), state: f('state'), summary: f('summary'), env: f('env'), event: f('event.json', JSON.stringify(payload)), temp: tempDir('gmh-runner-temp-') };
}

/** Parses a GITHUB_OUTPUT/GITHUB_STATE file (`name<<delim` blocks) into a map. */
export function parseCommandFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

export interface StepResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs dist/<entry>/index.js with the runner environment plus inputs (names as in action.yml).
 * Asynchronous on purpose: loopback fakes in this process must keep answering while it runs.
 */
export function runStep(entry: 'main' | 'post', files: RunnerFiles, env: Record<string, string>, inputs: Record<string, string>): Promise<StepResult> {
  const root = join(import.meta.dirname, '..', '..');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const state = entry === 'post' ? Object.fromEntries(Object.entries(parseCommandFile(files.state)).map(([k, v]) => [`STATE_${k}`, v])) : {};
  const stepEnv = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_EVENT_PATH: files.event,
    RUNNER_TEMP: files.temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_ACTIONS: 'true',
    ...env,
    ...inputEnv,
    ...state
  };
  // Started as the action starts go: from a small helper process, not from this (large) jest worker.
  return new Promise((resolve) =>
    steps.spawn(bundleNode, [join(root, 'dist', entry, 'index.js')], process.cwd(), stepEnv, {
      exit: () => undefined,
      close: (status, _signal, stdout, stderr) => resolve({ status, stdout, stderr }),
      error: (message) => resolve({ status: null, stdout: '', stderr: message })
    })
  );
}
