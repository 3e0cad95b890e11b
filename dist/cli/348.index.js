export const id = 348;
export const ids = [348];
export const modules = {

/***/ 348:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  closeDefaultSpawner: () => (/* reexport */ closeDefaultSpawner),
  packageRootFrom: () => (/* binding */ packageRootFrom),
  runCli: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: Exit, gitCheckoutOf

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(975);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
;// CONCATENATED MODULE: ./src/go/spawner.ts


/** Starts go from this process, without a shell. */
const spawnDirect = (file, args, cwd, env, on) => {
    const child = (0,external_node_child_process_.spawn)(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const out = [];
    const err = [];
    let done = false;
    const close = (code, sig) => {
        if (done)
            return;
        done = true;
        on.close(code, sig, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'));
    };
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => {
        if (done)
            return;
        done = true;
        on.error(e.message);
    });
    child.on('exit', (code, sig) => on.exit(code, sig));
    child.on('close', close);
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    return {
        pid: () => child.pid,
        exited,
        kill: (sig) => {
            if (!exited())
                child.kill(sig);
        },
        cut: () => {
            if (!exited())
                return;
            child.stdout.destroy();
            child.stderr.destroy();
            close(child.exitCode, child.signalCode);
        }
    };
};
/**
 * The helper's program, run as `node -e` with an empty environment: it uses only what every node
 * gives without an import (process.getBuiltinModule is Node ≥ 20.16; an older node's helper fails at
 * once and go is then started directly). Messages in: run {id, file, args, cwd, env}, kill {id, sig},
 * cut {id}. Out: spawned {id, pid}, exit {id, code, sig}, close {id, code, sig, stdout, stderr},
 * error {id, message}. When its parent goes, it kills what it started and ends.
 */
const HELPER_SOURCE = `'use strict';
const { spawn } = process.getBuiltinModule('node:child_process');
const kids = new Map();
// A message that cannot be sent (its parent went while it was on its way) is dropped: the error
// would otherwise end this helper before 'disconnect' kills what it started.
const send = (m) => { if (process.connected) process.send(m, () => {}); };
const close = (id, code, sig) => {
  const k = kids.get(id);
  if (!k || k.done) return;
  k.done = true;
  kids.delete(id);
  send({ t: 'close', id, code, sig, stdout: Buffer.concat(k.out).toString('utf8'), stderr: Buffer.concat(k.err).toString('utf8') });
};
process.on('message', (m) => {
  const k = kids.get(m.id);
  if (m.t === 'run') {
    let c;
    try {
      c = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    } catch (e) {
      send({ t: 'error', id: m.id, message: String(e && e.message) });
      return;
    }
    const n = { c, out: [], err: [], done: false, code: null, sig: null };
    kids.set(m.id, n);
    if (c.pid !== undefined) send({ t: 'spawned', id: m.id, pid: c.pid });
    c.stdout.on('data', (d) => n.out.push(d));
    c.stderr.on('data', (d) => n.err.push(d));
    c.on('error', (e) => {
      if (n.done) return;
      n.done = true;
      kids.delete(m.id);
      send({ t: 'error', id: m.id, message: e.message });
    });
    c.on('exit', (code, sig) => { n.code = code; n.sig = sig; send({ t: 'exit', id: m.id, code, sig }); });
    c.on('close', (code, sig) => close(m.id, code, sig));
  } else if (m.t === 'kill') {
    if (k && k.c.exitCode === null && k.c.signalCode === null) k.c.kill(m.sig);
  } else if (m.t === 'cut') {
    if (k) { k.c.stdout.destroy(); k.c.stderr.destroy(); close(m.id, k.code, k.sig); }
  }
});
process.on('disconnect', () => {
  for (const k of kids.values()) { try { k.c.kill('SIGKILL'); } catch {} }
  process.exit(0);
});
`;
/** How long the helper stays after its last go has finished (a pause between modules costs nothing). */
const HELPER_IDLE_MS = 2000;
/**
 * Starts go through the helper process. When the helper cannot be had (it fails to start, an old
 * node, not Linux) go is started directly; when it ends with go processes in flight, those are
 * killed and started again directly — checks only read and download, so a second run of a go
 * command is the same command — except one already signalled by its caller, which ends as killed.
 */
class SpawnerClient {
    node;
    answerMs;
    proc;
    /** The helper failed: from now on go is started directly. */
    broken = false;
    seq = 0;
    runs = new Map();
    idle;
    /**
     * `node`: the node that runs the helper (default: this one). `answerMs`: how long the helper may
     * take to say it started a go; past it the helper is taken for hung, killed, and go started directly.
     */
    constructor(node = process.execPath, answerMs = 10_000) {
        this.node = node;
        this.answerMs = answerMs;
    }
    /** The helper's pid while it runs (for tests). */
    helperPid() {
        return this.proc?.pid;
    }
    spawn = (file, args, cwd, env, on) => {
        // What node refuses outright (a NUL in an argument) is refused the way it always was: thrown here.
        const nul = [file, cwd, ...args, ...Object.keys(env), ...Object.values(env)].some((s) => s.includes('\0'));
        if (this.broken || nul)
            return spawnDirect(file, args, cwd, env, on);
        const proc = this.helper();
        if (!proc)
            return spawnDirect(file, args, cwd, env, on);
        const id = ++this.seq;
        const p = { file, args, cwd, env, on, exited: false, killed: false };
        this.runs.set(id, p);
        clearTimeout(this.idle);
        proc.ref();
        proc.channel?.ref();
        this.post({ t: 'run', id, file, args, cwd, env });
        // A helper that never answers (hung, or not a node at all) must not hold go's result forever.
        const watchdog = setTimeout(() => {
            if (this.proc === proc && this.runs.get(id) === p && !p.proc)
                proc.kill('SIGKILL');
        }, this.answerMs);
        watchdog.unref();
        return {
            pid: () => (p.direct ? p.direct.pid() : p.proc?.pid),
            exited: () => (p.direct ? p.direct.exited() : p.exited),
            kill: (sig) => {
                p.killed = true;
                if (p.direct)
                    p.direct.kill(sig);
                else if (p.exited)
                    return;
                // Signalled from here, at once: go goes before the processes under it, as when it is our own child.
                else if (!(p.proc && signalIfSame(p.proc, sig)))
                    this.post({ t: 'kill', id, sig });
            },
            cut: () => {
                if (p.direct)
                    p.direct.cut();
                else
                    this.post({ t: 'cut', id });
            }
        };
    };
    helper() {
        if (this.proc)
            return this.proc;
        let proc;
        try {
            proc = (0,external_node_child_process_.spawn)(this.node, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {}, serialization: 'json' });
        }
        catch {
            this.broken = true;
            return undefined;
        }
        this.proc = proc;
        proc.on('message', (m) => this.receive(m));
        // An error (node not startable) or an exit while this client still wants it: go is started directly from now on.
        const lost = () => {
            if (this.proc !== proc)
                return;
            this.proc = undefined;
            if (this.runs.size > 0) {
                this.broken = true;
                this.takeOver();
            }
        };
        proc.on('error', lost);
        proc.on('exit', lost);
        return proc;
    }
    post(m) {
        try {
            this.proc?.send(m);
        }
        catch {
            // The channel closed: 'exit' follows and takes the runs over.
        }
    }
    receive(m) {
        const p = this.runs.get(m.id);
        if (!p || p.direct)
            return;
        if (m.t === 'spawned') {
            p.proc = { pid: m.pid, start: startTime(m.pid) };
        }
        else if (m.t === 'exit') {
            p.exited = true;
            p.on.exit(m.code, m.sig);
        }
        else {
            this.runs.delete(m.id);
            if (m.t === 'close')
                p.on.close(m.code, m.sig, m.stdout, m.stderr);
            else
                p.on.error(m.message);
            if (this.runs.size === 0)
                this.rest();
        }
    }
    /** Nothing in flight: the helper no longer keeps this process alive, and goes when idle a while. */
    rest() {
        const proc = this.proc;
        if (!proc)
            return;
        proc.unref();
        proc.channel?.unref();
        this.idle = setTimeout(() => {
            if (this.runs.size === 0 && this.proc === proc) {
                this.proc = undefined;
                proc.disconnect();
            }
        }, HELPER_IDLE_MS);
        this.idle.unref();
    }
    /**
     * Ends the helper and waits (up to a second) until it is gone, so that its CPU time and its go
     * processes' are counted as this process's children's. With go in flight it is left alone: it
     * ends when this process does.
     */
    async close() {
        const proc = this.proc;
        if (!proc || this.runs.size > 0)
            return;
        clearTimeout(this.idle);
        this.proc = undefined;
        if (proc.exitCode !== null || proc.signalCode !== null)
            return;
        // Both kept referenced: this process waits for them (an unreferenced wait would let node end
        // with the await unsettled).
        proc.ref();
        await new Promise((resolve) => {
            const bound = setTimeout(resolve, 1000);
            proc.once('exit', () => {
                clearTimeout(bound);
                resolve();
            });
            if (proc.connected)
                proc.disconnect();
            else
                proc.kill('SIGKILL');
        });
    }
    /** The helper ended with go processes in flight: they are killed, and started again directly. */
    takeOver() {
        for (const [id, p] of this.runs) {
            this.runs.delete(id);
            if (p.proc)
                signalIfSame(p.proc, 'SIGKILL');
            if (p.killed) {
                if (!p.exited)
                    p.on.exit(null, 'SIGKILL');
                p.on.close(null, 'SIGKILL', '', '');
                continue;
            }
            p.exited = false;
            p.direct = spawnDirect(p.file, p.args, p.cwd, p.env, p.on);
        }
    }
}
let shared;
/** The process's go starter: through one shared helper on Linux, directly elsewhere (spawning is cheap there). */
function defaultSpawner() {
    if (process.platform !== 'linux')
        return spawnDirect;
    shared ??= new SpawnerClient();
    return shared.spawn;
}
/** Ends the shared helper, if there is one, and waits until it is gone (the entries call it last). */
async function closeDefaultSpawner() {
    await shared?.close();
}
/**
 * Signals the process if it is still the one that was found (same start time: its pid not reused
 * meanwhile). Whether it was: a process that ends as it is signalled counts as signalled.
 */
function signalIfSame(p, sig) {
    if (!p.start || startTime(p.pid) !== p.start)
        return false;
    try {
        process.kill(p.pid, sig);
    }
    catch {
        // gone meanwhile
    }
    return true;
}
/** A process's start time, or '' when it is gone (or not on Linux). */
function startTime(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command name, which is in parentheses and may hold anything.
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    }
    catch {
        return '';
    }
}
/** Every process under `pid` (Linux /proc; none elsewhere, where go alone is signalled). */
function descendants(pid) {
    const found = [];
    const walk = (p) => {
        let tasks;
        try {
            tasks = (0,external_node_fs_.readdirSync)(`/proc/${p}/task`);
        }
        catch {
            return;
        }
        for (const t of tasks) {
            let children;
            try {
                children = (0,external_node_fs_.readFileSync)(`/proc/${p}/task/${t}/children`, 'utf8');
            }
            catch {
                continue;
            }
            for (const c of children.split(' ').filter(Boolean).map(Number)) {
                if (!found.some((f) => f.pid === c)) {
                    found.push({ pid: c, start: startTime(c) });
                    walk(c);
                }
            }
        }
    };
    walk(pid);
    return found;
}

;// CONCATENATED MODULE: ./src/go/runner.ts

/** How long output may stay open after go itself has exited (a process it left behind holds it). */
const ORPHAN_GRACE_MS = 1000;
/**
 * Runs go without a shell, with an explicit environment and a timeout (started as `spawnGo` does:
 * by default through the helper process of spawner.ts on Linux). Past the deadline go and every
 * process under it (git fetching a direct module, or a `go` that is a wrapper script) get SIGTERM,
 * then SIGKILL (a pid reused meanwhile is left alone); the result comes once go has exited, within
 * a second even when a process go left behind still holds its output open.
 */
function createGoRunner(config, spawnGo = defaultSpawner()) {
    return {
        run(args, options) {
            const started = Date.now();
            const timeoutMs = options.timeoutMs ?? config.timeoutMs;
            const env = { ...config.env, ...options.env };
            return new Promise((resolve) => {
                let timedOut = false;
                let done = false;
                // The processes under go, found at the deadline while go still holds them (once it dies they
                // are no longer its children), each with its start time so that a reused pid is left alone.
                let tree = [];
                let grace;
                const finish = (exitCode, stdout, stderr) => {
                    if (done)
                        return;
                    done = true;
                    clearTimeout(timer);
                    clearTimeout(grace);
                    resolve({ args, exitCode, stdout, stderr, timedOut, durationMs: Date.now() - started });
                };
                const child = spawnGo(config.goBinary, args, options.cwd, env, {
                    // The output closes right after, unless a process go left behind (out of the kill's reach,
                    // or started to outlive it) holds it: then it is cut off, not waited for.
                    exit: () => {
                        clearTimeout(grace);
                        grace = setTimeout(() => child.cut(), ORPHAN_GRACE_MS);
                        grace.unref();
                    },
                    close: (code, sig, stdout, stderr) => {
                        if (timedOut)
                            finish(124, stdout, `${stderr}\n${deadlineMessage(args, timeoutMs, env.GOPROXY ?? '')}`);
                        else
                            finish(code ?? (sig ? 128 : 1), stdout, stderr);
                    },
                    error: (message) => finish(127, '', `${config.goBinary}: ${message}`)
                });
                const signal = (sig) => {
                    child.kill(sig);
                    for (const p of tree)
                        signalIfSame(p, sig);
                };
                const timer = setTimeout(() => {
                    if (child.exited())
                        return; // go is done; its output is about to close (see exit)
                    timedOut = true;
                    const pid = child.pid();
                    if (pid !== undefined)
                        tree = descendants(pid);
                    signal('SIGTERM');
                    setTimeout(() => signal('SIGKILL'), 2000).unref();
                }, timeoutMs);
            });
        }
    };
}
/** A short description of a failed invocation for logs and errors. */
function runner_describeFailure(r) {
    const last = r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    return `go ${r.args.join(' ')} exited ${r.exitCode}${last ? `: ${last}` : ''}`;
}
/**
 * What a go command past its deadline is reported as: the subcommand (its other arguments hold
 * scratch paths), the deadline and the hosts it was most likely waiting for.
 */
function deadlineMessage(args, timeoutMs, goproxy) {
    const sub = args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
    const hosts = goproxy
        .split(/[,|]/)
        .map((p) => /^https?:\/\/(?:[^/@]*@)?([^/]+)/.exec(p.trim())?.[1])
        .filter((h) => Boolean(h));
    const waiting = hosts.length ? `: no answer from the module proxy (${hosts.join(', ')})` : '';
    return `go ${sub} did not finish within ${Math.round(timeoutMs / 1000)} s (input command-timeout)${waiting}`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
;// CONCATENATED MODULE: ./src/go/parse.ts
/** Pure parsers for what the go command prints and for go.sum. */
const HASH_RE = /^h1:[A-Za-z0-9+/]{43}=$/;
/** Parses go.sum the way cmd/go does (whitespace-separated fields), and flags what it would reject. */
function parse_parseGoSum(text) {
    const entries = [];
    const malformed = [];
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
        const line = i + 1;
        const fields = raw.trim().split(/\s+/).filter(Boolean);
        if (fields.length === 0)
            return;
        if (fields.length !== 3) {
            malformed.push({ line, text: raw, reason: `wrong number of fields ${fields.length}` });
            return;
        }
        const [module, rawVersion, hash] = fields;
        const goMod = rawVersion.endsWith('/go.mod');
        const version = goMod ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
        if (!version.startsWith('v')) {
            malformed.push({ line, text: raw, reason: `invalid version ${JSON.stringify(rawVersion)}` });
            return;
        }
        if (!HASH_RE.test(hash)) {
            // go.sum holds h1: hashes only; go would ignore another algorithm's line, so it checks nothing.
            const other = /^(h\d+):/.exec(hash);
            const reason = other && other[1] !== 'h1' ? `unknown hash algorithm ${JSON.stringify(`${other[1]}:`)} (go.sum lines hold h1: hashes)` : `invalid hash ${JSON.stringify(hash)}`;
            malformed.push({ line, text: raw, reason });
            return;
        }
        entries.push({ module, version, goMod, hash, line });
    });
    return { entries, malformed };
}
/** The key that identifies one go.sum line: `path version` or `path version/go.mod`. */
function sumKey(module, version, goMod) {
    return `${module} ${version}${goMod ? '/go.mod' : ''}`;
}
/** Splits `go mod tidy -diff` output into per-file sections with their added and removed lines. */
function parseTidyDiff(stdout) {
    const result = [];
    let current = null;
    for (const line of stdout.split('\n')) {
        const header = /^diff \S*?([^/\s]+) \S+$/.exec(line);
        if (header) {
            current = { file: header[1], text: '', added: [], removed: [] };
            result.push(current);
        }
        if (!current)
            continue;
        current.text += `${line}\n`;
        if (line.startsWith('+++') || line.startsWith('---') || header)
            continue;
        if (line.startsWith('+'))
            current.added.push(line.slice(1));
        else if (line.startsWith('-'))
            current.removed.push(line.slice(1));
    }
    for (const d of result)
        d.text = `${d.text.replace(/\n+$/, '')}\n`;
    return result;
}
/** Parses `go mod verify` failures, one per line: `path version: problem (file)`. */
function parseVerify(output) {
    const problems = [];
    for (const text of output.split('\n')) {
        const m = /^(\S+) (v\S+?): (.*)$/.exec(text.trim());
        if (!m)
            continue;
        const [, module, version, rest] = m;
        let problem = 'other';
        let path;
        const modified = /^(zip|dir) has been modified \((.*)\)$/.exec(rest);
        if (modified) {
            problem = modified[1] === 'zip' ? 'zip-modified' : 'dir-modified';
            path = modified[2];
        }
        else if (rest.startsWith('missing ziphash')) {
            problem = 'missing-ziphash';
            path = /open (\S+?):/.exec(rest)?.[1];
        }
        problems.push({ module, version, problem, ...(path ? { path } : {}), text: text.trim() });
    }
    return problems;
}
/**
 * Parses a stream of concatenated JSON objects and arrays, as `go mod download -json` and
 * `go list -json` print (anything between them is skipped).
 *
 * go indents its output: each value starts with `{` at the start of a line, and no other line
 * does (a JSON string holds no raw newline). So the text is cut before each such line and the
 * pieces parsed natively; only when a piece is not a whole object or array is it scanned
 * character by character (scanJsonStream). The scan is the slow path: V8 compiles its loop,
 * which costs a check of one module tens of ms of CPU.
 */
function parseJsonStream(text) {
    const values = [];
    for (const piece of text.split(/\n(?=[{[])/)) {
        const trimmed = piece.trim();
        if (trimmed === '')
            continue;
        const first = trimmed[0];
        const last = trimmed[trimmed.length - 1];
        if (!((first === '{' && last === '}') || (first === '[' && last === ']')))
            return scanJsonStream(text);
        try {
            values.push(JSON.parse(trimmed));
        }
        catch {
            return scanJsonStream(text);
        }
    }
    return values;
}
/** parseJsonStream's slow path: one character at a time, each top-level object or array parsed as it closes. */
function scanJsonStream(text) {
    const values = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
            continue;
        }
        if (c === '"')
            inString = true;
        else if (c === '{' || c === '[') {
            if (depth === 0)
                start = i;
            depth++;
        }
        else if (c === '}' || c === ']') {
            depth--;
            if (depth === 0 && start >= 0) {
                values.push(JSON.parse(text.slice(start, i + 1)));
                start = -1;
            }
        }
    }
    if (depth !== 0)
        throw new Error('truncated JSON stream');
    return values;
}
/** Parses every `verifying M@V[/go.mod]: checksum mismatch` block in go's output. */
function parseChecksumMismatches(output) {
    // Two forms: `verifying M@V[/go.mod]: checksum mismatch` (against go.sum) and
    // `M@V[/go.mod]: verifying module|go.mod: checksum mismatch` (against the checksum database).
    const re = /(?:verifying )?(\S+?)@(v[^\s:/]+)(\/go\.mod)?: (?:verifying (?:module|go\.mod): )?checksum mismatch\s*\n\s*downloaded: (h\d+:\S+)\s*\n\s*(\S[^\n]*?): +(h\d+:\S+)/g;
    const found = [];
    for (const m of output.matchAll(re)) {
        found.push({
            module: m[1],
            version: m[2],
            goMod: Boolean(m[3]),
            downloaded: m[4],
            label: m[5].trim(),
            expected: m[6]
        });
    }
    return found;
}
/** Finds `path/go.mod:LINE[:COL]: message` lines in go's errors. */
function parseFileLineErrors(output, fileName = 'go.mod') {
    const errors = [];
    const re = new RegExp(`^(?:go: )?(\\S*${fileName.replace('.', '\\.')}):(\\d+)(?::\\d+)?: (.*)$`);
    for (const line of output.split('\n')) {
        const m = re.exec(line.trim());
        if (m)
            errors.push({ file: m[1], line: Number(m[2]), message: m[3] });
    }
    return errors;
}
/** `go version go1.26.8 linux/amd64` → `1.26.8`. */
function parseGoVersionOutput(stdout) {
    return /\bgo(\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)\b/.exec(stdout)?.[1] ?? null;
}
/** `go: go.mod requires go >= 1.25 (running go 1.23.5; GOTOOLCHAIN=local)` and the dependency form. */
function parseRequiresNewerGo(output) {
    const m = /(?:go: )?(\S+) requires go >= (\S+) \(running go (\S+?);/.exec(output);
    return m ? { who: m[1], required: m[2], running: m[3] } : null;
}
function parseGoVersion(v) {
    const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v.trim());
    if (!m)
        return null;
    // go/version order: 1.21 (language version) < 1.21rc1 < 1.21.0 < 1.21.1.
    const kind = m[4] === 'beta' ? 1 : m[4] === 'rc' ? 2 : m[3] !== undefined ? 3 : 0;
    return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), kind, Number(m[5] ?? 0)];
}
/** Compares Go versions as go/version does (1.21 < 1.21rc1 < 1.21.0 < 1.21.1). Unparseable versions compare equal. */
function compareGoVersions(a, b) {
    const pa = parseGoVersion(a);
    const pb = parseGoVersion(b);
    if (!pa || !pb)
        return 0;
    for (let i = 0; i < pa.length; i++)
        if (pa[i] !== pb[i])
            return pa[i] - pb[i];
    return 0;
}
/**
 * Finds `reading https://HOST/…: 401 Unauthorized` (or 403) in go's output. A 403 that says the
 * version is not available or blocked (proxy.golang.org's answer for some versions, a curating
 * proxy's for a refused module) is not about credentials.
 */
function parseAuthFailure(text) {
    const m = /\b(https?:\/\/[^\s/]+)\S*: (401) Unauthorized\b|\b(https?:\/\/[^\s/]+)\S*: (403) Forbidden\b/.exec(text);
    if (!m)
        return null;
    const status = Number(m[2] ?? m[4]);
    if (status === 403 && /not available|block|polic|curat|malicious|vulnerab/i.test(text))
        return null;
    let host = m[1] ?? m[3];
    try {
        const u = new URL(host);
        host = `${u.protocol}//${u.host}`;
    }
    catch {
        host = host.replace(/\/\/[^/@\s]*@/, '//');
    }
    return { host, status };
}
/**
 * A proxy that served the version (go got as far as verifying it) but whose relayed checksum
 * database (`<proxy>/sumdb/<name>`) has no record of it: a mirror with part of the database
 * missing, not a private module. Returns that endpoint, without any credentials in its URL.
 */
function parseProxySumdbGap(text) {
    const m = /verifying (?:go\.mod|module): .*?reading (\S+?\/sumdb\/[^/\s]+)\/lookup\/\S+: (?:404 Not Found|410 Gone|no such file or directory)/.exec(text);
    return m ? m[1].replace(/\/\/[^/@\s]*@/, '//') : null;
}
/**
 * A proxy refusing a version with 403 for a reason other than credentials (a mirror that does not
 * hold it, a curating proxy's policy): the proxy's origin and what it said.
 */
function parseProxyRefusal(text) {
    const m = /reading (https?:\/\/[^\s/]+)\S*: 403 Forbidden(?:\r?\n\s*server response: ([^\n]*))?/.exec(text);
    if (!m)
        return null;
    let proxy = m[1];
    try {
        const u = new URL(proxy);
        proxy = `${u.protocol}//${u.host}`;
    }
    catch {
        proxy = proxy.replace(/\/\/[^/@\s]*@/, '//');
    }
    return { proxy, response: (m[2] ?? '').trim().slice(0, 200) };
}
/** Classifies a go download error: only `network` is worth retrying. */
function classifyGoError(text) {
    // The checksum database (directly, or through the proxy's /sumdb/ endpoint) refusing a lookup.
    if (/\b(410 Gone|404 Not Found)\b/.test(text) && /\/lookup\/|sumdb|verifying .*go\.sum|checksum database/.test(text))
        return 'gone';
    // The same through a file:// proxy: a lookup file that is not there.
    if (/\/lookup\/\S+: no such file or directory/.test(text))
        return 'gone';
    // A proxy refusing the request for its credentials; a 403 that says the version is not available is not that, nor a missing version.
    if (parseAuthFailure(text))
        return 'credentials';
    if (/\b403 Forbidden\b/.test(text))
        return 'other';
    // go refuses the path or version itself (module.CheckPath, a non-semver version): nothing was asked of the proxy.
    if (/malformed module path|version "[^"]*" invalid: must be of the form|invalid char '|: invalid (?:module )?path\b/.test(text))
        return 'invalid';
    // A proxy rate-limiting: go shows no Retry-After, so the retry backoff waits instead.
    if (/\b429 Too Many Requests\b/.test(text))
        return 'network';
    if (/\b(404 Not Found|410 Gone)\b|unknown revision|invalid version|no matching versions|not found|no such file or directory|does not contain package/.test(text)) {
        // A file:// proxy reports a missing version as a missing file; a server error is not "not found".
        if (!/\b(500|502|503|504)\b/.test(text))
            return 'not-found';
    }
    if (/connection reset|connection refused|i\/o timeout|TLS handshake timeout|timeout awaiting|unexpected EOF|no such host|network is unreachable|\b(500|502|503|504) [A-Z]|temporary failure|Client\.Timeout/i.test(text)) {
        return 'network';
    }
    return 'other';
}
/** Groups a unified diff section into runs of removed/added lines with their old-file line numbers. */
function diffChangeBlocks(section) {
    const blocks = [];
    let oldLine = 0;
    let current = null;
    let lastContext = null;
    const close = () => {
        if (current)
            blocks.push(current);
        current = null;
    };
    for (const line of section.split('\n')) {
        const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
        if (hunk) {
            close();
            oldLine = Number(hunk[1]);
            if (/^@@ -\d+,0 /.test(line))
                oldLine += 1; // a zero-length old range names the line before
            lastContext = null;
            continue;
        }
        if (oldLine === 0 || line.startsWith('---') || line.startsWith('+++'))
            continue;
        if (line.startsWith('-')) {
            current ??= { oldStart: oldLine, oldEnd: oldLine - 1, removed: [], added: [], anchor: null };
            current.removed.push(line.slice(1));
            current.oldEnd = oldLine;
            oldLine++;
        }
        else if (line.startsWith('+')) {
            current ??= { oldStart: oldLine, oldEnd: oldLine - 1, removed: [], added: [], anchor: lastContext };
            current.added.push(line.slice(1));
        }
        else if (line.startsWith(' ')) {
            close();
            lastContext = { line: oldLine, text: line.slice(1) };
            oldLine++;
        }
    }
    close();
    return blocks;
}
/** New-side line ranges covered by a PR file's patch hunks, each [first, last]. */
function patchRightRanges(patch) {
    const ranges = [];
    for (const m of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        if (count > 0)
            ranges.push([start, start + count - 1]);
    }
    return ranges;
}
/** The problems listed under `go: inconsistent vendoring in <dir>:`, one per line, with the module when go names one. */
function parseVendorInconsistency(stderr) {
    const lines = stderr.split('\n');
    const start = lines.findIndex((l) => /^go: inconsistent vendoring in /.test(l));
    if (start < 0)
        return [];
    const out = [];
    for (const raw of lines.slice(start + 1)) {
        if (!raw.trim())
            break;
        const text = raw.trim();
        const m = /^(\S+?)(?:@(v\S+?))?: /.exec(text);
        out.push({ ...(m ? { module: m[1] } : {}), ...(m?.[2] ? { version: m[2] } : {}), text });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/go/env.ts
/** GOPRIVATE-style pattern lists and the go settings that decide where a hash is checked. */

/** module.MatchPrefixPatterns: does any comma-separated glob match a leading prefix of `path`? */
function matchPrefixPatterns(globs, path) {
    for (const raw of globs.split(',')) {
        const glob = raw.trim();
        if (!glob)
            continue;
        const n = glob.split('/').length;
        const parts = path.split('/');
        if (parts.length < n)
            continue;
        const prefix = parts.slice(0, n).join('/');
        if (globMatch(glob, prefix))
            return true;
    }
    return false;
}
/** path.Match for one glob (`*`, `?`, `[...]`), where `*` does not cross `/`. */
function globMatch(glob, s) {
    let re = '^';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = glob.indexOf(']', i);
            if (end < 0)
                return false;
            let cls = glob.slice(i + 1, end);
            if (cls.startsWith('^'))
                cls = `^${cls.slice(1)}`;
            re += `[${cls.replace(/\\/g, '\\\\')}]`;
            i = end;
        }
        else if (c === '\\' && i + 1 < glob.length)
            re += `\\${glob[++i]}`;
        else
            re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
    }
    try {
        return new RegExp(`${re}$`).test(s);
    }
    catch {
        return false;
    }
}
/** Where the go command takes the authoritative hash of `path` from, given its settings. */
function hashOrigin(settings, path) {
    const nosumdb = settings.GONOSUMDB || settings.GOPRIVATE;
    if (settings.GOSUMDB !== 'off' && !matchPrefixPatterns(nosumdb, path)) {
        return { source: 'checksum-database', name: (settings.GOSUMDB || 'sum.golang.org').split(/[\s+]/)[0] };
    }
    const proxy = servingProxy(settings, path);
    return proxy ? { source: 'proxy', name: proxy } : { source: 'direct', name: 'direct (version control origin)' };
}
/** The module proxy go fetches `path` from first (credentials removed), or null when it goes to the origin (GONOPROXY, `direct`). */
function servingProxy(settings, path) {
    if (matchPrefixPatterns(settings.GONOPROXY || settings.GOPRIVATE, path))
        return null;
    const first = settings.GOPROXY.split(/[,|]/).map((p) => p.trim()).find((p) => p !== '');
    return first && first !== 'direct' && first !== 'off' ? stripUserinfo(first) : null;
}
// scheme://authority, the authority ending where a URL's does or where GOPROXY lists and GOSUMDB split.
const URL_AUTHORITY = /([a-z][a-z0-9+.-]*:\/\/)([^/?#\s,|]*)/gi;
/**
 * Drops the userinfo (`user:password@`) of every URL in a value (a GOPROXY list, GOSUMDB's
 * `name url`, go's output) before it is shown or stored. Like Go's url.Parse, the userinfo ends at
 * the last `@` of the authority.
 */
function stripUserinfo(value) {
    return value.replace(URL_AUTHORITY, (_, scheme, authority) => scheme + authority.slice(authority.lastIndexOf('@') + 1));
}
/**
 * The credentials in the URLs of these values, to mask: each userinfo as written and decoded, its
 * password, and the user name when there is no password (a token given as `https://TOKEN@host`,
 * which go prints unredacted).
 */
function credentialsIn(values) {
    const out = new Set();
    for (const v of values) {
        for (const m of (v ?? '').matchAll(URL_AUTHORITY)) {
            const authority = m[2];
            const at = authority.lastIndexOf('@');
            if (at <= 0)
                continue;
            const userinfo = authority.slice(0, at);
            const colon = userinfo.indexOf(':');
            const secret = colon < 0 ? userinfo : userinfo.slice(colon + 1);
            for (const s of [userinfo, secret]) {
                if (!s)
                    continue;
                out.add(s);
                out.add(safeDecode(s));
            }
        }
    }
    return [...out].filter((s) => s.length >= 3);
}
function safeDecode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}
/** A copy of a JSON-like value with userinfo stripped from URLs and each secret replaced by `***` in every string. */
function redactCredentials(value, secrets) {
    const ordered = [...secrets].sort((a, b) => b.length - a.length);
    const walk = (v) => {
        if (typeof v === 'string')
            return ordered.reduce((s, secret) => s.split(secret).join('***'), stripUserinfo(v));
        if (Array.isArray(v))
            return v.map(walk);
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
    };
    return walk(value);
}
const SETTINGS_NAMES = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOFLAGS', 'GOTOOLCHAIN'];
/**
 * Asks go once for its settings (plus `extra` names) and derives the environment for a run.
 * `cwd` must be a neutral directory (no go.mod above it): in a module whose go line asks for a
 * toolchain the proxy cannot serve, GOTOOLCHAIN=auto would make go env itself fail, and that
 * module's go-version finding would become a failed run.
 */
async function readGoEnvironment(go, cwd, overrides, extra = []) {
    const base = { GOWORK: 'off', GOTOOLCHAIN: 'local', ...overrides };
    const names = [...new Set([...extra, ...SETTINGS_NAMES])];
    let r = await go.run(['env', '-json', ...names], { cwd, env: base });
    if (r.exitCode !== 0 && base.GOTOOLCHAIN !== 'local')
        r = await go.run(['env', '-json', ...names], { cwd, env: { ...base, GOTOOLCHAIN: 'local' } });
    if (r.exitCode !== 0)
        throw new Error(`go env failed: ${runner_describeFailure(r)}`);
    const values = { ...JSON.parse(r.stdout), GOTOOLCHAIN: base.GOTOOLCHAIN };
    return {
        values,
        goSettings: {
            GOPROXY: values.GOPROXY ?? '',
            GOSUMDB: values.GOSUMDB ?? '',
            GONOSUMDB: values.GONOSUMDB ?? '',
            GOPRIVATE: values.GOPRIVATE ?? '',
            GONOPROXY: values.GONOPROXY ?? ''
        },
        env: {
            ...base,
            GOTOOLCHAIN: values.GOTOOLCHAIN || 'local',
            GOFLAGS: (values.GOFLAGS ?? '').split(/\s+/).filter((f) => f && !f.startsWith('-mod=')).join(' ')
        }
    };
}

;// CONCATENATED MODULE: ./src/util/checkout.ts
/**
 * The one place files of the checkout are opened. A pull request controls the checkout, so any
 * file in it may be a symbolic link to a secret (`/proc/self/environ`, the runner's files), to a
 * device (`/dev/zero`) or to a directory outside it. Such files are refused, never read, and the
 * refusal is reported; links that stay inside the repository are followed as usual.
 */



const MiB = 1024 * 1024;
/**
 * How much is read from a checkout file, at most. go.sum files of the largest repositories are a
 * few MB; a file over its cap is refused, so a committed giant cannot stall or exhaust the run.
 */
const READ_LIMITS = {
    /** go.mod and go.work. */
    modFile: 16 * MiB,
    /** go.sum, go.work.sum and vendor/modules.txt. */
    sumFile: 16 * MiB,
    /** Any other file (vendored sources are compared with what go writes, whose size bounds them). */
    other: 256 * MiB
};
const realRoots = new Map();
/** The repository root with its own links resolved (the temp dir of macOS runners is one). */
function realRoot(repoRoot) {
    let r = realRoots.get(repoRoot);
    if (!r) {
        r = (0,promises_.realpath)(repoRoot).catch(() => repoRoot);
        realRoots.set(repoRoot, r);
    }
    return r;
}
function inside(root, p) {
    const r = (0,external_node_path_.relative)(root, p);
    return r === '' || (r !== '..' && !r.startsWith(`..${external_node_path_.sep}`) && !(0,external_node_path_.isAbsolute)(r));
}
function code(e) {
    return e?.code ?? 'error';
}
function typeName(s) {
    if (s.isDirectory())
        return 'a directory';
    if (s.isFIFO())
        return 'a named pipe';
    if (s.isSocket())
        return 'a socket';
    if (s.isCharacterDevice() || s.isBlockDevice())
        return 'a device';
    return 'not a regular file';
}
/**
 * Where `file` (absolute) really is, if it stays inside `repoRoot`: its real path, or the refusal
 * (a link leading out, a link loop, a broken link). `missing` when nothing is there.
 */
async function resolveInCheckout(repoRoot, file) {
    const root = await realRoot(repoRoot);
    let real;
    try {
        real = await (0,promises_.realpath)(file);
    }
    catch (e) {
        const c = code(e);
        // Is the path itself absent, or a link that leads nowhere?
        const own = await (0,promises_.lstat)(file).catch(() => null);
        if (!own)
            return c === 'ENOENT' || c === 'ENOTDIR' ? { missing: true } : { refusal: { reason: 'unreadable', problem: `cannot be read (${c})` } };
        if (c === 'ELOOP')
            return { refusal: { reason: 'unreadable', problem: 'is a symbolic link loop' } };
        if (own.isSymbolicLink())
            return { refusal: { reason: 'unreadable', problem: 'is a broken symbolic link' } };
        return { refusal: { reason: 'unreadable', problem: `cannot be read (${c})` } };
    }
    if (!inside(root, real)) {
        const own = await (0,promises_.lstat)(file).catch(() => null);
        const what = (await (0,promises_.stat)(file).catch(() => null))?.isDirectory() ? 'a directory' : 'a file';
        return {
            refusal: {
                reason: 'outside',
                problem: own?.isSymbolicLink()
                    ? `is a symbolic link to ${what} outside the repository`
                    : `is reached through a symbolic link to a directory outside the repository`
            }
        };
    }
    return { real };
}
/**
 * Opens a file of the checkout: only a regular file, only inside `repoRoot` once every link is
 * resolved, and not when it says it is larger than `limit`. Never blocks on a pipe or opens a device.
 */
async function openCheckoutFile(repoRoot, file, limit = READ_LIMITS.other) {
    const where = await resolveInCheckout(repoRoot, file);
    if ('missing' in where)
        return { ok: false, missing: true };
    if ('refusal' in where)
        return { ok: false, missing: false, refusal: where.refusal };
    let st;
    try {
        st = await (0,promises_.stat)(where.real);
    }
    catch (e) {
        return code(e) === 'ENOENT' ? { ok: false, missing: true } : refused('unreadable', `cannot be read (${code(e)})`);
    }
    if (!st.isFile())
        return refused('not-a-file', `is ${typeName(st)}, not a regular file`);
    if (st.size > limit)
        return refused('too-large', `is larger than ${formatSize(limit)}`);
    let handle;
    try {
        // O_NONBLOCK: should the file be swapped for a pipe after the stat, opening it does not wait for a writer.
        handle = await (0,promises_.open)(where.real, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (e) {
        return refused('unreadable', `cannot be read (${code(e)})`);
    }
    try {
        const again = await handle.stat();
        if (!again.isFile()) {
            await handle.close().catch(() => undefined);
            return refused('not-a-file', `is ${typeName(again)}, not a regular file`);
        }
        return { ok: true, handle, size: again.size };
    }
    catch (e) {
        await handle.close().catch(() => undefined);
        return refused('unreadable', `cannot be read (${code(e)})`);
    }
}
function refused(reason, problem) {
    return { ok: false, missing: false, refusal: { reason, problem } };
}
/**
 * Reads a file of the checkout: at most `limit` bytes, only a regular file, only inside
 * `repoRoot` once every link is resolved. Never blocks on a pipe or reads a device.
 */
async function readCheckoutFile(repoRoot, file, limit = READ_LIMITS.other) {
    const opened = await openCheckoutFile(repoRoot, file, limit);
    if (!opened.ok)
        return opened;
    const { handle, size } = opened;
    try {
        // The size from stat is not trusted (files that change, or report 0 and hold more): read up to
        // limit + 1. It only sizes the reads: the first takes one byte more than it says, and after a
        // short read one byte tells the end, so a small file costs a buffer of its size, not 64 KiB.
        const chunks = [];
        let total = 0;
        let next = Math.min(size + 1, 64 * 1024);
        for (;;) {
            const want = Math.min(next, limit + 1 - total);
            if (want <= 0)
                break;
            const buf = Buffer.allocUnsafe(want);
            const { bytesRead } = await handle.read(buf, 0, want, null);
            if (bytesRead === 0)
                break;
            chunks.push(buf.subarray(0, bytesRead));
            total += bytesRead;
            next = bytesRead < want ? 1 : 64 * 1024;
        }
        if (total > limit)
            return refused('too-large', `is larger than ${formatSize(limit)}`);
        return { ok: true, data: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
    }
    catch (e) {
        return refused('unreadable', `cannot be read (${code(e)})`);
    }
    finally {
        await handle.close().catch(() => undefined);
    }
}
/** readCheckoutFile as UTF-8 text. */
async function readCheckoutText(repoRoot, file, limit = READ_LIMITS.other) {
    const r = await readCheckoutFile(repoRoot, file, limit);
    return r.ok ? { ok: true, text: r.data.toString('utf8') } : r;
}
/** The message of a refusal: `go.sum is a symbolic link to a file outside the repository; not read`. */
function refusalMessage(file, refusal) {
    return refusal.reason === 'unreadable' ? `${file} ${refusal.problem}` : `${file} ${refusal.problem}; not read`;
}
function formatSize(n) {
    return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}
/**
 * What the go command would read of the module trees at `dirs` (package sources, the go.mod of
 * each) that is a link out of the repository or no regular file. Walks as go does: not into
 * testdata, `_` or `.` directories, vendor/ at a module root, or nested modules; a directory
 * linked inside the repository is walked once at its real place (no loops).
 */
async function unsafeForGo(repoRoot, dirs) {
    const each = await Promise.all(dirs.map((d) => memo(scans, `${repoRoot}\0${d}`, () => scanTree(repoRoot, d))));
    const all = new Map(each.flat().map((u) => [u.path, u]));
    return [...all.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/**
 * Scans by directory: a directory shared by many modules (a local replacement target, a workspace
 * use) is walked once per run. The checkout does not change during a run; each run starts afresh.
 */
const scans = new Map();
/** Forgets earlier scans (a new run, in a process that may run several). */
function forgetScans() {
    scans.clear();
}
function memo(cache, key, make) {
    let p = cache.get(key);
    if (!p) {
        p = make();
        cache.set(key, p);
    }
    return p;
}
async function scanTree(repoRoot, root) {
    const found = new Map();
    const seen = new Set();
    const note = (path, refusal) => {
        if (!found.has(path))
            found.set(path, { path, refusal });
    };
    /** `real`: the directory's real path when known (reached through real directories only). */
    async function walk(dir, real, isModuleRoot) {
        if (real === null) {
            const where = await resolveInCheckout(repoRoot, dir);
            if (!('real' in where)) {
                if ('refusal' in where)
                    note(dir, where.refusal);
                return;
            }
            real = where.real;
        }
        if (seen.has(real))
            return;
        seen.add(real);
        let entries;
        try {
            entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch {
            return; // go cannot read it either, and fails on its own
        }
        if (!isModuleRoot && entries.some((e) => e.name === 'go.mod' && !e.isDirectory()))
            return; // a nested module
        const children = [];
        for (const e of entries) {
            if (e.name.startsWith('_') || e.name.startsWith('.'))
                continue;
            const p = (0,external_node_path_.join)(dir, e.name);
            const skippedDir = e.name === 'testdata' || (isModuleRoot && e.name === 'vendor');
            if (e.isDirectory()) {
                if (!skippedDir)
                    children.push(walk(p, (0,external_node_path_.join)(real, e.name), false));
            }
            else if (e.name.endsWith('.go') || (isModuleRoot && e.name === 'go.mod')) {
                if (e.isSymbolicLink()) {
                    const r = await resolveInCheckout(repoRoot, p);
                    if ('refusal' in r && r.refusal.reason === 'outside')
                        note(p, r.refusal);
                }
                else if (!e.isFile()) {
                    const st = await (0,promises_.lstat)(p).catch(() => null);
                    if (st)
                        note(p, { reason: 'not-a-file', problem: `is ${typeName(st)}, not a regular file` });
                }
            }
            else if (e.isSymbolicLink() && !skippedDir && (await (0,promises_.stat)(p).catch(() => null))?.isDirectory()) {
                // A link to a directory: go follows it when a package is imported through it.
                children.push(walk(p, null, false));
            }
        }
        await Promise.all(children);
    }
    await walk(root, null, true);
    return [...found.values()];
}
/** The finding for a file or directory of the checkout that was refused. `file` is as findings name it. */
function unreadableFinding(file, refusal) {
    return { kind: 'unreadable', file, message: refusalMessage(file, refusal), reason: refusal.reason };
}
/** The refusal for a file that disappeared between being found and being read. */
const MISSING = { reason: 'unreadable', problem: 'is missing' };

;// CONCATENATED MODULE: ./src/engine/shard.ts
/**
 * Sharding over the Actions matrix: `shard: I/N` makes each job check a part of the modules
 * (and go.work files), balanced by work and the same in every job of a run, so that a merge job
 * can put the parts back into the report one job would have written. Pure but for reading sizes.
 */


/** The most shards a run may have: the Actions matrix allows 256 jobs. */
const MAX_SHARDS = 256;
/** Parses `I/N`; an empty value means no sharding. Returns the problem in words when it is not one. */
function shard_parseShard(value) {
    const v = value.trim();
    if (v === '')
        return null;
    const m = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(v);
    if (!m)
        return { problem: 'I/N with whole numbers, like 2/4 (from a matrix: ${{ matrix.shard }}/4)' };
    const index = Number(m[1]);
    const total = Number(m[2]);
    if (total < 1 || total > MAX_SHARDS)
        return { problem: `N from 1 to ${MAX_SHARDS}` };
    if (index < 1 || index > total)
        return { problem: `I from 1 to N (${total})` };
    return { index, total };
}
/**
 * Rounds a weight down to two significant bits (…, 8, 12, 16, 24, 32, 48, …), so a go.sum that
 * grows by a few lines keeps its module on the same shard (and its cache and comment with it).
 */
function bucket(weight) {
    const w = Math.max(1, Math.floor(weight));
    if (w < 4)
        return w;
    const top = 2 ** Math.floor(Math.log2(w));
    return w >= top + top / 2 ? top + top / 2 : top;
}
/**
 * Splits items into `total` parts of nearly equal weight, each a run of neighbours in id order
 * (directory order): modules next to each other in a tree tend to need the same module versions,
 * so keeping them together means each job downloads and hashes fewer of them. Weights are bucketed
 * and the cuts fall where the running total comes nearest to each equal share, so a module is
 * moved only when a cut beside it moves, and no part exceeds the mean by more than the heaviest
 * item. Every part gets an item while there are enough. The same items give the same parts in
 * every job; each part keeps the items' original order.
 */
function partition(items, total) {
    const order = new Map(items.map((it, i) => [it.id, i]));
    const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = sorted.length;
    const sums = [0];
    for (const it of sorted)
        sums.push(sums[sums.length - 1] + bucket(it.weight));
    const whole = sums[n];
    const parts = [];
    let start = 0;
    for (let k = 1; k <= total; k++) {
        let end = n;
        if (k < total) {
            // The cut nearest to k equal shares (the lower one on a tie), leaving every part an item while there are enough.
            const target = (whole * k) / total;
            const lo = n >= total ? start + 1 : start;
            const hi = n >= total ? n - (total - k) : n;
            end = lo;
            for (let i = lo + 1; i <= hi && Math.abs(sums[i] - target) < Math.abs(sums[end] - target); i++)
                end = i;
        }
        parts.push(sorted.slice(start, end).map((it) => it.id));
        start = end;
    }
    return parts.map((p) => p.sort((a, b) => order.get(a) - order.get(b)));
}
/** A go.sum's (or go.work.sum's) line count, read through the checkout reader; 0 when it is missing or refused (its module reports that). */
async function countLines(root, file) {
    const r = await readCheckoutFile(root, file, READ_LIMITS.sumFile);
    if (!r.ok)
        return 0;
    let lines = 0;
    for (let i = r.data.indexOf(10); i >= 0; i = r.data.indexOf(10, i + 1))
        lines++;
    return lines;
}
/**
 * This shard's modules and go.work files. A module weighs its go.sum lines (every line is a
 * checksum lookup and, for most, a download and a hash), plus a fixed part for its three go runs:
 * 50 lines' worth, from timing shards of the 300-module benchmark (with 20, the shard of the most
 * modules with the shortest go.sum files took up to 40% longer than another); a go.work weighs its
 * go.work.sum lines plus the same fixed part.
 */
async function selectShard(root, repoRoot, modules, workspaces, spec) {
    const BASE = 50;
    const items = await Promise.all([
        ...modules.map(async (dir) => ({ id: `m:${dir}`, weight: BASE + (await countLines(repoRoot, (0,external_node_path_.join)(root, dir, 'go.sum'))) })),
        ...workspaces.map(async (file) => ({ id: `w:${file}`, weight: BASE + (await countLines(repoRoot, (0,external_node_path_.join)(root, file.replace(/go\.work$/, 'go.work.sum')))) }))
    ]);
    const mine = new Set(partition(items, spec.total)[spec.index - 1]);
    return { modules: modules.filter((d) => mine.has(`m:${d}`)), workspaces: workspaces.filter((f) => mine.has(`w:${f}`)) };
}

;// CONCATENATED MODULE: ./src/report/model.ts
/**
 * The findings model: what the engine produces and every reporter consumes.
 * The JSON report is this structure serialised; see docs/report-schema.md.
 */
/** Kinds that mean the build breaks somewhere, the code built is not the code meant, or a module could not be checked. */
const ERROR_KINDS = [
    'untidy',
    'tidy-error',
    'checksum-mismatch',
    'malformed',
    'cache-modified',
    'proxy-modified',
    'download-error',
    'go-version',
    'vendor-inconsistent',
    'vendor-modified',
    'workspace-error',
    'replace-local',
    'replace-conflict',
    'internal-error',
    'unreadable'
];
/** Kinds reported as advice: worth knowing, the build works. They do not fail the step unless listed in `fail-on`. */
const ADVISORY_KINDS = [
    'workspace-sync',
    'replace',
    'replace-ignored',
    'retracted',
    'deprecated',
    'pseudo-version',
    'exclude',
    'toolchain',
    'risky-setting',
    'outdated'
];
/** Every kind of finding the engine can report. */
const FINDING_KINDS = [...ERROR_KINDS, ...ADVISORY_KINDS];
/** Kinds that fail the step unless `fail-on` says otherwise: everything that breaks a build or could not be checked. */
const DEFAULT_FAIL_ON = ERROR_KINDS;
function emptyCounts() {
    return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0]));
}
/** Every finding of the report: environment, workspaces, then modules. */
function allFindings(report) {
    return [...report.environment, ...report.workspaces.flatMap((w) => w.findings), ...report.modules.flatMap((m) => m.findings)];
}
function isFindingKind(value) {
    return FINDING_KINDS.includes(value);
}
/** True for kinds that are advice (not failing by default). */
function isAdvisory(kind) {
    return ADVISORY_KINDS.includes(kind);
}

;// CONCATENATED MODULE: ./src/go/modfile.ts
/**
 * A reader for go.mod and go.work syntax that keeps line numbers, which `go mod edit -json`
 * drops: findings point at the exact directive. It only reads directives; go itself decides
 * whether a file is valid (a file go rejects is reported from go's own error).
 */
/** Splits one line into tokens and a trailing comment. */
function tokenize(line) {
    const tokens = [];
    let i = 0;
    while (i < line.length) {
        const c = line[i];
        if (c === ' ' || c === '\t' || c === '\r') {
            i++;
        }
        else if (line.startsWith('//', i)) {
            return { tokens, comment: line.slice(i + 2).trim() };
        }
        else if (c === '"') {
            let j = i + 1;
            while (j < line.length && line[j] !== '"')
                j += line[j] === '\\' ? 2 : 1;
            const raw = line.slice(i, j + 1);
            try {
                tokens.push(JSON.parse(raw));
            }
            catch {
                tokens.push(raw.slice(1, -1));
            }
            i = j + 1;
        }
        else if (c === '`') {
            const j = line.indexOf('`', i + 1);
            const end = j < 0 ? line.length : j;
            tokens.push(line.slice(i + 1, end));
            i = end + 1;
        }
        else if (c === '(' || c === ')') {
            tokens.push(c);
            i++;
        }
        else if (line.startsWith('=>', i)) {
            tokens.push('=>');
            i += 2;
        }
        else {
            let j = i;
            while (j < line.length && !/[\s()"`]/.test(line[j]) && !line.startsWith('//', j) && !line.startsWith('=>', j))
                j++;
            tokens.push(line.slice(i, j));
            i = j;
        }
    }
    return { tokens, comment: '' };
}
/** Every directive of a go.mod or go.work file, in file order. */
function parseDirectives(text) {
    const out = [];
    let block = null;
    text.split('\n').forEach((raw, index) => {
        const line = index + 1;
        const { tokens, comment } = tokenize(raw);
        if (tokens.length === 0)
            return;
        if (block !== null) {
            if (tokens[0] === ')') {
                block = null;
                return;
            }
            out.push({ verb: block, args: tokens, line, comment });
            return;
        }
        const [verb, ...args] = tokens;
        if (args.length === 1 && args[0] === '(') {
            block = verb;
            return;
        }
        out.push({ verb, args, line, comment });
    });
    return out;
}
/** modfile.IsDirectoryPath: what go treats as a local replacement. */
function isDirectoryPath(p) {
    return (p === '.' ||
        p === '..' ||
        p.startsWith('./') ||
        p.startsWith('../') ||
        p.startsWith('/') ||
        p.startsWith('.\\') ||
        p.startsWith('..\\') ||
        p.startsWith('\\') ||
        /^[A-Za-z]:[\\/]/.test(p));
}
/** The directives the engine checks, from go.mod or go.work text. */
function summariseModFile(text) {
    const s = { module: null, go: null, toolchain: null, requires: [], replaces: [], excludes: [], uses: [] };
    for (const d of parseDirectives(text)) {
        const a = d.args;
        switch (d.verb) {
            case 'module':
                s.module = a[0] ?? null;
                break;
            case 'go':
                if (a[0])
                    s.go = { version: a[0], line: d.line };
                break;
            case 'toolchain':
                if (a[0])
                    s.toolchain = { name: a[0], line: d.line };
                break;
            case 'require':
                if (a.length >= 2)
                    s.requires.push({ path: a[0], version: a[1], line: d.line, indirect: /^indirect\b/.test(d.comment) || /;\s*indirect\b/.test(d.comment) });
                break;
            case 'exclude':
                if (a.length >= 2)
                    s.excludes.push({ path: a[0], version: a[1], line: d.line });
                break;
            case 'use':
                if (a[0])
                    s.uses.push({ dir: a[0], line: d.line });
                break;
            case 'replace': {
                const arrow = a.indexOf('=>');
                if (arrow < 1)
                    break;
                const left = a.slice(0, arrow);
                const right = a.slice(arrow + 1);
                if (!right[0])
                    break;
                s.replaces.push({
                    old: { path: left[0], version: left[1] ?? '' },
                    new: { path: right[0], version: right[1] ?? '' },
                    line: d.line,
                    local: !right[1] && isDirectoryPath(right[0])
                });
                break;
            }
        }
    }
    return s;
}
const PSEUDO = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)(\d{14})-([A-Za-z0-9]+)(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/** A pseudo-version's commit time (ISO 8601, UTC) and revision, or null for a tagged version. */
function parsePseudoVersion(version) {
    const m = PSEUDO.exec(version);
    if (!m)
        return null;
    const t = m[3];
    return { time: `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`, revision: m[4] };
}
/** Semantic version parts, or null when the version is not `vMAJOR.MINOR.PATCH[-pre][+build]`. */
function semverParts(version) {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
    return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : null;
}
/** How far `from` is behind `to`: the highest semver component that differs. */
function versionDistance(from, to) {
    const a = semverParts(from);
    const b = semverParts(to);
    if (!a || !b)
        return { level: 'other', major: 0, minor: 0, patch: 0 };
    const major = Math.max(0, b.major - a.major);
    const minor = major ? b.minor : Math.max(0, b.minor - a.minor);
    const patch = major || minor ? b.patch : Math.max(0, b.patch - a.patch);
    return { level: major ? 'major' : minor ? 'minor' : patch ? 'patch' : 'other', major, minor, patch };
}
/** The GOMODCACHE/cache/download escaping: each uppercase letter becomes `!` + lowercase. */
function escapeModulePath(p) {
    return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
/** A module path token go takes as it is (no quoting, nothing the lexer treats specially). */
const PLAIN_PATH = /^[A-Za-z0-9][A-Za-z0-9._~+-]*(\/[A-Za-z0-9._~+-]+)*$/;
/** A semantic version that module.CanonicalVersion leaves unchanged (so go's parser accepts it as written). */
const CANONICAL = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(\+incompatible)?$/;
/** go and toolchain lines of the plainest form (no release candidates, no `default`). */
const GO_VERSION = /^[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;
const TOOLCHAIN = /^go[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;
/** module.SplitPathVersion's major-version suffix (`/v2`, `.v1` for gopkg.in), or null for a path it rejects. */
function pathMajor(path) {
    if (path.startsWith('gopkg.in/')) {
        const m = /\.v(\d+)$/.exec(path);
        if (!m || (m[1].startsWith('0') && m[1] !== '0'))
            return null;
        return `.v${m[1]}`;
    }
    const m = /\/v([0-9.]+)$/.exec(path);
    if (!m || m.index === 0)
        return '';
    const digits = m[1];
    if (digits.includes('.') || digits.startsWith('0') || digits === '1')
        return null;
    return `/v${digits}`;
}
/** module.CheckPathMajor for a canonical version. */
function majorMatches(version, major) {
    if (version.startsWith('v0.0.0-') && major === '.v1')
        return true;
    const m = /^v(\d+)/.exec(version)[0];
    if (major === '')
        return m === 'v0' || m === 'v1' || version.endsWith('+incompatible');
    return m === major.slice(1);
}
/** modfile's isIndirect: the line's own comment is exactly `indirect`, or starts with `indirect;` and goes on. */
function indirectComment(comment) {
    const f = comment.split(/\s+/).filter(Boolean);
    return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}
/**
 * What `go mod edit -json` prints for a go.mod, read here instead of asking go, but only for the
 * plainest files: ASCII, a single module line, at most one go and one toolchain line of the usual
 * forms, and require lines (single or in a block) with unquoted paths and versions that go keeps
 * as written; comments anywhere a comment may go. Anything else (replace, exclude, retract, tool,
 * godebug, quoting, a version go would rewrite or reject, a major version that does not match the
 * path) gives null, and go itself reads the file. Everything accepted here is accepted by go
 * with the same meaning (modfile.Parse: rule.go's add for these verbs).
 */
function plainGoModJson(text) {
    if (!/^[\t\n\r\x20-\x7e]*$/.test(text))
        return null;
    const out = {};
    const requires = [];
    let inBlock = false;
    for (const raw of text.split('\n')) {
        const at = raw.indexOf('//');
        const code = (at < 0 ? raw : raw.slice(0, at)).trim();
        const comment = at < 0 ? '' : raw.slice(at + 2);
        if (/["`()]/.test(code.replace(/^require\s*\($/, '').replace(/^\)$/, '')))
            return null;
        if (code === '')
            continue;
        const words = code.split(/[ \t\r]+/);
        if (inBlock) {
            if (code === ')') {
                if (comment.trim() !== '')
                    return null;
                inBlock = false;
                continue;
            }
            if (!requireLine(words, comment))
                return null;
            continue;
        }
        const [verb, ...args] = words;
        if (verb === 'module' && args.length === 1 && !out.Module && PLAIN_PATH.test(args[0])) {
            out.Module = { Path: args[0] };
        }
        else if (verb === 'go' && args.length === 1 && out.Go === undefined && GO_VERSION.test(args[0])) {
            out.Go = args[0];
        }
        else if (verb === 'toolchain' && args.length === 1 && out.Toolchain === undefined && TOOLCHAIN.test(args[0])) {
            out.Toolchain = args[0];
        }
        else if (verb === 'require' && args.length === 1 && args[0] === '(' && comment.trim() === '') {
            inBlock = true;
        }
        else if (verb === 'require' && args.length === 2) {
            if (!requireLine(args, comment))
                return null;
        }
        else {
            return null;
        }
    }
    if (inBlock || !out.Module)
        return null;
    if (requires.length)
        out.Require = requires;
    return out;
    function requireLine(args, comment) {
        const [path, version] = args;
        if (args.length !== 2 || !PLAIN_PATH.test(path) || !CANONICAL.test(version))
            return false;
        if (requires.some((r) => r.Path === path))
            return false;
        const major = pathMajor(path);
        if (major === null || !majorMatches(version, major))
            return false;
        requires.push(indirectComment(comment) ? { Path: path, Version: version, Indirect: true } : { Path: path, Version: version });
        return true;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
;// CONCATENATED MODULE: ./src/cache/modcache.ts




/**
 * What is cached comes from cache/download: the zips, .mod and .info files and the checksum
 * database lookups and tiles. The extracted trees are left out: go rebuilds them from the zips
 * without the network, they double the archive, and their read-only directories are what makes tar
 * fail when restoring over an existing module cache.
 */
function downloadDir(modcache) {
    return join(modcache, 'cache', 'download');
}
/**
 * Where the archive is built and restored: a copy (hard links) of the part of cache/download the
 * checked modules need. One fixed path, because @actions/cache's entry version hashes the path list;
 * inside the module cache, so links and renames stay on one file system.
 */
function stagingDir(modcache) {
    return join(modcache, 'cache', 'go-mod-hygiene');
}
/**
 * Removes the staging directory. Its files are links to the module cache's own: they are unlinked
 * as they are (a chmod would change the module cache's files too); only a tree that will not go
 * that way is made writable first.
 */
async function removeStaging(modcache) {
    const stage = stagingDir(modcache);
    await rm(stage, { recursive: true, force: true }).catch(() => removeTree(stage));
}
/** The paths given to @actions/cache; save and restore must pass exactly these. */
function cachePaths(modcache) {
    return [stagingDir(modcache)];
}
/** GOMODCACHE as go sees it. `cwd` should be outside any module so no toolchain switch can happen. */
async function goModCache(go, cwd, goEnv) {
    const r = await go.run(['env', 'GOMODCACHE'], { cwd, env: { GOWORK: 'off', ...goEnv, GOTOOLCHAIN: 'local' } });
    const dir = r.stdout.trim();
    if (r.exitCode !== 0)
        throw new Error(describeFailure(r));
    if (!dir || !isAbsolute(dir))
        throw new Error(`go env GOMODCACHE gave ${JSON.stringify(dir)}`);
    return dir;
}
/** Module paths and versions as the module cache spells them on disk: `!` before a lower-cased capital. */
function modcache_escapeModulePath(p) {
    return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
async function listFiles(dir, base = dir, out = []) {
    let entries;
    try {
        entries = await readdir(dir, { withFileTypes: true });
    }
    catch {
        return out;
    }
    await Promise.all(entries.map(async (e) => {
        const abs = join(dir, e.name);
        if (e.isDirectory())
            await listFiles(abs, base, out);
        else if (e.isFile()) {
            const st = await lstat(abs);
            out.push({ rel: relative(base, abs).split(sep).join('/'), mtimeMs: st.mtimeMs, size: st.size });
        }
    }));
    return out;
}
/** The versions that go.sum / go.work.sum texts name. */
function neededFromGoSums(texts) {
    const needed = new Map();
    for (const text of texts) {
        for (const e of parseGoSum(text).entries) {
            const key = `${modcache_escapeModulePath(e.module)}@${modcache_escapeModulePath(e.version)}`;
            if (!e.goMod)
                needed.set(key, 'zip');
            else if (!needed.has(key))
                needed.set(key, 'mod');
        }
    }
    return needed;
}
/** One line per version, `zip <key>` or `mod <key>`: how main hands the set to the post step. */
function formatNeeded(needed) {
    return [...needed].map(([k, v]) => `${v} ${k}\n`).join('');
}
function parseNeeded(text) {
    const needed = new Map();
    for (const line of text.split('\n')) {
        const m = /^(zip|mod) (\S+)$/.exec(line);
        if (m)
            needed.set(m[2], m[1]);
    }
    return needed;
}
/** The file system's "now": files written after this call have this modification time or a later one. */
async function fileClock(dir) {
    await mkdir(dir, { recursive: true });
    const marker = join(dir, `.gmh-clock-${process.pid}-${Date.now()}`);
    await writeFile(marker, '');
    try {
        return (await lstat(marker)).mtimeMs;
    }
    finally {
        await rm(marker, { force: true });
    }
}
const VERSION_FILE = /^(.+)\.(info|mod|zip|ziphash)$/;
/** `tile/<H>/<L|data>/x001/x234/067` → [H, L, 1234067]; null for partial tiles and other names. */
function parseTile(parts) {
    const [h, level, ...index] = parts;
    if (!h || !level || index.length === 0 || !/^\d+$/.test(h))
        return null;
    if (!index.every((p, i) => (i < index.length - 1 ? /^x\d{3}$/.test(p) : /^\d{3}$/.test(p))))
        return null;
    return [Number(h), level, Number(index.map((p) => p.replace(/^x/, '')).join(''))];
}
/**
 * Fills the staging directory (emptied first) with hard links to (copies of, where linking fails)
 * the files of cache/download that the next run needs:
 * - every file of a `zip` version, .mod and .info of a `mod` version, and @v/list of their modules;
 * - any .zip/.mod/.info/.ziphash written after `since` (this run downloaded it, so a check needs it:
 *   a version missing from go.sum, a toolchain);
 * - checksum database lookups of those versions, and the full tiles on their records' paths
 *   (go caches only full tiles; one that is not kept is fetched again when needed).
 * Versions no go.sum names any more, and files that were there before and are not needed, are left out:
 * a partial restore does not carry them from entry to entry.
 */
async function stageNeeded(modcache, needed, since) {
    const dl = downloadDir(modcache);
    const stage = stagingDir(modcache);
    await removeStaging(modcache);
    const files = await listFiles(dl);
    const keep = [];
    const result = { moduleFiles: 0, fresh: 0, otherFiles: 0, bytes: 0 };
    const keptModules = new Set();
    const lists = [];
    const lookups = [];
    const tiles = [];
    for (const f of files) {
        const fresh = f.mtimeMs >= since;
        if (f.rel.startsWith('sumdb/')) {
            const parts = f.rel.split('/');
            const host = parts[1] ?? '';
            if (parts[2] === 'lookup' && parts.length > 3)
                lookups.push(f);
            else if (parts[2] === 'tile')
                tiles.push({ f, host, tile: parseTile(parts.slice(3)) });
            continue;
        }
        const m = /^(.+)\/@v\/([^/]+)$/.exec(f.rel);
        if (!m)
            continue;
        if (m[2] === 'list') {
            lists.push(f);
            continue;
        }
        const v = VERSION_FILE.exec(m[2]);
        if (!v)
            continue; // .lock, .partial, temporary files
        const kind = needed.get(`${m[1]}@${v[1]}`);
        if (fresh || kind === 'zip' || (kind === 'mod' && (v[2] === 'mod' || v[2] === 'info'))) {
            keep.push(f);
            keptModules.add(m[1]);
            result.moduleFiles++;
            if (fresh)
                result.fresh++;
        }
    }
    for (const f of lists)
        if (keptModules.has(f.rel.slice(0, -'/@v/list'.length)))
            keep.push(f);
    // Records whose lookups are kept, per checksum database: their tiles are kept too.
    const records = new Map();
    for (const f of lookups) {
        const [, host = '', , ...rest] = f.rel.split('/');
        if (!(f.mtimeMs >= since || needed.has(rest.join('/'))))
            continue;
        keep.push(f);
        const id = Number((await readFile(join(dl, f.rel), 'utf8')).split('\n', 1)[0]);
        if (Number.isSafeInteger(id) && id >= 0)
            records.set(host, [...(records.get(host) ?? []), id]);
    }
    for (const { f, host, tile } of tiles) {
        const onPath = () => {
            if (!tile)
                return false;
            const [h, level, index] = tile;
            const shift = 2 ** (h * (level === 'data' ? 1 : Number(level) + 1));
            return Number.isFinite(shift) && (records.get(host) ?? []).some((r) => Math.floor(r / shift) === index);
        };
        if (f.mtimeMs >= since || onPath())
            keep.push(f);
    }
    result.otherFiles = keep.length - result.moduleFiles;
    const made = new Set();
    for (const f of keep) {
        const to = join(stage, f.rel);
        const parent = dirname(to);
        if (!made.has(parent)) {
            await mkdir(parent, { recursive: true });
            made.add(parent);
        }
        const from = join(dl, f.rel);
        try {
            await link(from, to);
        }
        catch {
            await copyFile(from, to);
            // The restored file's time tells the next run it was not downloaded by it.
            await utimes(to, f.mtimeMs / 1000, f.mtimeMs / 1000);
        }
        result.bytes += f.size;
    }
    return result;
}
/**
 * After a restore into the staging directory: moves the restored files into cache/download,
 * keeping any file already there, and removes the staging directory.
 */
async function unstage(modcache) {
    const dl = downloadDir(modcache);
    const stage = stagingDir(modcache);
    const there = await lstat(dl).then(() => true, () => false);
    if (!there) {
        await rename(stage, dl);
        return;
    }
    const made = new Set();
    for (const f of await listFiles(stage)) {
        const to = join(dl, f.rel);
        const exists = await lstat(to).then(() => true, () => false);
        if (exists)
            continue;
        const parent = dirname(to);
        if (!made.has(parent)) {
            await mkdir(parent, { recursive: true });
            made.add(parent);
        }
        await rename(join(stage, f.rel), to);
    }
    await removeStaging(modcache);
}
/** Gives the owner write permission on a tree (go makes module directories read-only) so it can be removed. */
async function makeWritable(path) {
    let st;
    try {
        st = await lstat(path);
    }
    catch {
        return;
    }
    if (st.isSymbolicLink())
        return;
    await chmod(path, st.mode | 0o200);
    if (!st.isDirectory())
        return;
    for (const name of await readdir(path))
        await makeWritable(join(path, name));
}
/** Removes a tree, read-only or not. */
async function removeTree(path) {
    await makeWritable(path);
    await rm(path, { recursive: true, force: true });
}
const DOWNLOAD_SUFFIXES = (/* unused pure expression or super */ null && (['.info', '.mod', '.zip', '.ziphash', '.lock', '.partial']));
/**
 * Removes one module version from the module cache, extracted tree and cache/download files,
 * so go downloads it again. Returns the paths removed.
 */
async function removeModuleVersion(modcache, module, version) {
    if (!module || !version || /[\0\\]/.test(module + version) || module.split('/').includes('..') || version.includes('/')) {
        throw new Error(`not a module version: ${JSON.stringify(`${module}@${version}`)}`);
    }
    const root = resolve(modcache);
    const inside = (p) => {
        const abs = resolve(root, p);
        if (!abs.startsWith(root + sep))
            throw new Error(`${module}@${version} is outside the module cache`);
        return abs;
    };
    const m = modcache_escapeModulePath(module);
    const v = modcache_escapeModulePath(version);
    const targets = [inside(`${m}@${v}`), ...DOWNLOAD_SUFFIXES.map((s) => inside(join('cache', 'download', m, '@v', `${v}${s}`)))];
    const removed = [];
    for (const t of targets) {
        const there = await lstat(t).then(() => true, () => false);
        if (!there)
            continue;
        await removeTree(t);
        removed.push(t);
    }
    return removed;
}

;// CONCATENATED MODULE: ./src/go/dirhash.ts
/**
 * What `go mod verify` computes over the module cache, minus the hashing threads (hashpool.ts):
 * where go keeps a module version (modfetch.CachePath, DownloadDir), a zip's central directory as
 * archive/zip reads it, and the dirhash Hash1 summary (golang.org/x/mod/sumdb/dirhash).
 */



function cachedModulePaths(modcache, path, version) {
    const base = (0,external_node_path_.join)(modcache, 'cache', 'download', modcache_escapeModulePath(path), '@v', modcache_escapeModulePath(version));
    return {
        zip: `${base}.zip`,
        ziphash: `${base}.ziphash`,
        partial: `${base}.partial`,
        dir: (0,external_node_path_.join)(modcache, `${modcache_escapeModulePath(path)}@${modcache_escapeModulePath(version)}`)
    };
}
/**
 * Entry i of a directory as an object, named `name` (its whole name, or its stored part: a
 * ZipEntry's name is only read for its last byte in the hashing threads, and the stored part's
 * last byte is the whole name's). Self-contained: the hashing threads run it from its source text.
 */
function zipEntryAt(d, i, name) {
    return {
        name,
        headerOffset: d.headerOffset[i],
        compressedSize: d.compressedSize[i],
        size: d.size[i],
        method: d.method[i],
        crc32: d.crc32[i],
        dataDescriptor: d.dataDescriptor[i] === 1
    };
}
/**
 * A reader of a directory's names (see ZipDirectory.names): entry i's stored part, a view of the
 * reader's own buffer that is valid until its next call. The next entry costs one copy, an entry
 * further on one per entry in between, any other one at most 15 (from the last entry at or
 * before it that shares nothing). Self-contained: the hashing threads run it from its source text.
 */
function zipNameReader(d) {
    const { names, nameAt, shared } = d;
    let buf = Buffer.allocUnsafe(256);
    let at = -1;
    let length = 0;
    return (i) => {
        if (i !== at) {
            let j = i;
            while (shared[j] !== 0 && j - 1 !== at)
                j--;
            for (; j <= i; j++) {
                const s = shared[j];
                const n = s + nameAt[j + 1] - nameAt[j];
                if (n > buf.length) {
                    const more = Buffer.allocUnsafe(Math.max(2 * buf.length, n));
                    buf.copy(more, 0, 0, s);
                    buf = more;
                }
                names.copy(buf, s, nameAt[j], nameAt[j + 1]);
                length = n;
            }
            at = i;
        }
        return buf.subarray(0, length);
    };
}
/** Every entry of a directory as an object, in stored order, each with its whole name (a copy). */
function zipEntries(d) {
    const nameOf = zipNameReader(d);
    return Array.from({ length: d.count }, (_, i) => zipEntryAt(d, i, Buffer.concat([d.prefix, nameOf(i)])));
}
/**
 * The central directory of a zip of `size` bytes, in stored order, as archive/zip's Reader.init
 * reads it (the end record in the last 1 KiB or 65 KiB, zip64, the base offset quirk, the entry
 * count compared modulo 65536). Self-contained, because the hashing threads run it from its
 * source text: call it to get the reader.
 *
 * The reader keeps its buffers (the names and one typed array per field) from one call to the
 * next and grows them only for a larger directory, so a directory it returns is views of them,
 * valid until its next call. A run that reads many large directories so allocates for the largest
 * once: buffers allocated per zip stayed resident long after they were garbage, ~80 MB of them in
 * one hashing thread at the peak of a terraform check (issue 16, P5).
 */
function zipDirectoryReader() {
    const EOCD_SIG = 0x06054b50;
    const EOCD_LEN = 22;
    const CDH_SIG = 0x02014b50;
    const CDH_LEN = 46;
    /** The central directory is read into memory; a larger one is not a module zip. */
    const MAX_DIRECTORY_BYTES = 64 << 20;
    /** The central directory is read this many bytes at a time (more when one header needs it). */
    const WINDOW = 256 << 10;
    /** Every this many entries a name is stored whole (after the prefix), where decoding can start. */
    const RESTART = 16;
    const formatError = (message = 'zip: not a valid zip file') => Object.assign(new Error(message), { name: 'ZipFormatError' });
    const safe = (n) => {
        if (n > BigInt(Number.MAX_SAFE_INTEGER))
            throw formatError();
        return Number(n);
    };
    const exact = (b, length) => {
        if (b.length !== length)
            throw formatError('zip: unexpected EOF');
        return b;
    };
    /**
     * One central directory header at `pos`, or the error that ends archive/zip's reading loop
     * (ErrFormat, ErrUnexpectedEOF). A read that finds no byte at all is io.EOF, which archive/zip
     * does not take as the end: thrown, unless `probing` (then it is just not a header).
     */
    const parseHeader = (buf, pos, probing = false) => {
        const eof = () => {
            if (probing)
                return formatError('EOF');
            throw formatError('EOF');
        };
        if (pos >= buf.length)
            return eof();
        if (buf.length - pos < CDH_LEN)
            return formatError('unexpected EOF');
        if (buf.readUInt32LE(pos) !== CDH_SIG)
            return formatError();
        const flags = buf.readUInt16LE(pos + 8);
        const method = buf.readUInt16LE(pos + 10);
        const crc32 = buf.readUInt32LE(pos + 16);
        let compressedSize = buf.readUInt32LE(pos + 20);
        let size = buf.readUInt32LE(pos + 24);
        const nameLen = buf.readUInt16LE(pos + 28);
        const extraLen = buf.readUInt16LE(pos + 30);
        const commentLen = buf.readUInt16LE(pos + 32);
        let headerOffset = buf.readUInt32LE(pos + 42);
        const next = pos + CDH_LEN + nameLen + extraLen + commentLen;
        if (next > pos + CDH_LEN && pos + CDH_LEN >= buf.length)
            return eof();
        if (next > buf.length)
            return formatError('unexpected EOF');
        let extra = buf.subarray(pos + CDH_LEN + nameLen, pos + CDH_LEN + nameLen + extraLen);
        let needSize = size === 0xffffffff;
        let needCompressed = compressedSize === 0xffffffff;
        let needOffset = headerOffset === 0xffffffff;
        while (extra.length >= 4) {
            const tag = extra.readUInt16LE(0);
            const fieldSize = extra.readUInt16LE(2);
            if (extra.length - 4 < fieldSize)
                break;
            let field = extra.subarray(4, 4 + fieldSize);
            extra = extra.subarray(4 + fieldSize);
            if (tag !== 0x0001)
                continue; // zip64: the sizes and offset that are maxed out, in this order
            const take = () => {
                if (field.length < 8)
                    return formatError();
                const v = field.readBigUInt64LE(0);
                field = field.subarray(8);
                return v > BigInt(Number.MAX_SAFE_INTEGER) ? formatError() : Number(v);
            };
            if (needSize) {
                const v = take();
                if (v instanceof Error)
                    return v;
                [size, needSize] = [v, false];
            }
            if (needCompressed) {
                const v = take();
                if (v instanceof Error)
                    return v;
                [compressedSize, needCompressed] = [v, false];
            }
            if (needOffset) {
                const v = take();
                if (v instanceof Error)
                    return v;
                [headerOffset, needOffset] = [v, false];
            }
        }
        if (needCompressed || needOffset)
            return formatError();
        return { entry: { nameAt: pos + CDH_LEN, nameLength: nameLen, headerOffset, compressedSize, size, method, crc32, dataDescriptor: (flags & 0x8) !== 0 }, next };
    };
    const fieldsOf = (capacity) => ({
        capacity,
        nameAt: new Uint32Array(capacity + 1),
        shared: new Uint16Array(capacity),
        offset: new Float64Array(capacity),
        compressed: new Float64Array(capacity),
        sizes: new Float64Array(capacity),
        methods: new Uint16Array(capacity),
        crcs: new Uint32Array(capacity),
        descriptors: new Uint8Array(capacity)
    });
    // Kept from one call to the next (see above); never fewer than 16 entries, so that growing by doubling grows.
    let kept = fieldsOf(16);
    let keptNames = Buffer.alloc(0);
    /** The previous entry's stored part, whole: the next one is stored as what it adds to it. */
    let previous = Buffer.alloc(256);
    /** A module zip's `<module>@<version>/`: up to the first slash after the first `@` (a module path has none), when there is one and no newline. */
    const prefixOf = (name) => {
        const at = name.indexOf(0x40);
        const slash = at < 0 ? -1 : name.indexOf(0x2f, at);
        return slash < 0 || name.subarray(0, slash).includes(0x0a) ? Buffer.alloc(0) : Buffer.from(name.subarray(0, slash + 1));
    };
    const findSignatureInBlock = (b) => {
        for (let i = b.length - EOCD_LEN; i >= 0; i--) {
            if (b.readUInt32LE(i) === EOCD_SIG)
                return b.readUInt16LE(i + EOCD_LEN - 2) + EOCD_LEN + i > b.length ? -1 : i;
        }
        return -1;
    };
    return (readAt, size) => {
        let buf = null;
        let endOffset = 0;
        for (const [i, want] of [1024, 65 * 1024].entries()) {
            const len = Math.min(want, size);
            const block = exact(readAt(size - len, len), len);
            const p = findSignatureInBlock(block);
            if (p >= 0) {
                buf = block.subarray(p);
                endOffset = size - len + p;
                break;
            }
            if (i === 1 || len === size)
                throw formatError();
        }
        if (!buf)
            throw formatError();
        let records = buf.readUInt16LE(10);
        let directorySize = buf.readUInt32LE(12);
        let directoryOffset = buf.readUInt32LE(16);
        // archive/zip compares the directory size with 0xffff too (sic).
        if (records === 0xffff || directorySize === 0xffff || directoryOffset === 0xffffffff) {
            const at = endOffset - 20;
            const loc = at >= 0 ? exact(readAt(at, 20), 20) : null;
            if (loc && loc.readUInt32LE(0) === 0x07064b50 && loc.readUInt32LE(4) === 0 && loc.readUInt32LE(16) === 1) {
                endOffset = safe(loc.readBigUInt64LE(8));
                const b = exact(readAt(endOffset, 56), 56);
                if (b.readUInt32LE(0) !== 0x06064b50)
                    throw formatError();
                records = safe(b.readBigUInt64LE(32));
                directorySize = safe(b.readBigUInt64LE(40));
                directoryOffset = safe(b.readBigUInt64LE(48));
            }
        }
        let baseOffset = endOffset - directorySize - directoryOffset;
        if (baseOffset + directoryOffset < 0 || baseOffset + directoryOffset >= size)
            throw formatError();
        // A non-zero base offset is dropped when a directory header sits at the stated offset.
        if (baseOffset > 0) {
            const probe = readAt(directoryOffset, CDH_LEN + 3 * 0xffff);
            if (probe.length > 0 && !(parseHeader(probe, 0, true) instanceof Error))
                baseOffset = 0;
        }
        const start = baseOffset + directoryOffset;
        let total = size - start;
        if (total > MAX_DIRECTORY_BYTES)
            throw formatError(`zip: central directory of ${total} bytes`);
        // The directory is read through a window (a header takes at most CDH_LEN + 3 × 65535 bytes),
        // not whole: a zip of 135,000 files has a directory of ~20 MB, garbage once read. Each header
        // is parsed in a window that holds it whole or ends where the directory does, so the checks
        // against the buffer's end are those of reading the directory in one piece. A read that comes
        // back short ends the directory there, as reading it whole would have.
        let win = Buffer.alloc(0);
        let winAt = 0;
        const view = (pos, need) => {
            const end = Math.min(total, pos + need);
            if (pos < winAt || end > winAt + win.length) {
                const want = Math.min(total - pos, Math.max(WINDOW, need));
                win = readAt(start + pos, want);
                winAt = pos;
                if (win.length < want)
                    total = pos + win.length;
            }
            return win;
        };
        const headerAt = (pos) => {
            let b = view(pos, CDH_LEN);
            const p = pos - winAt;
            if (b.length - p >= CDH_LEN)
                b = view(pos, CDH_LEN + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32));
            // The entry's nameAt stays relative to `win`, where its name is copied from before any refill.
            const r = parseHeader(b, pos - winAt);
            if (!(r instanceof Error))
                r.next += winAt;
            return r;
        };
        // Field by field into typed arrays sized from the end record's count (exact for a zip64, a
        // lower bound modulo 65536 otherwise), grown when it falls short.
        // A header takes at least CDH_LEN bytes: a count claiming more than fit is not believed (a
        // zip64 record may claim 2^53 entries).
        const expected = Math.min(records, Math.floor(total / CDH_LEN));
        if (kept.capacity < expected)
            kept = fieldsOf(expected);
        let { capacity, nameAt, shared, offset, compressed, sizes, methods, crcs, descriptors } = kept;
        nameAt[0] = 0;
        // The names, copied out of the window as they come, into one buffer, each as what it adds to
        // the one before (see ZipDirectory.names). Every header takes CDH_LEN bytes besides its name,
        // so the names of the expected count of entries fit in what is left; a directory with more
        // entries than its end record says grows it by doubling.
        const room = total - CDH_LEN * expected;
        if (keptNames.length < room)
            keptNames = Buffer.allocUnsafe(room);
        let names = keptNames;
        let prefix = Buffer.alloc(0);
        let previousLength = 0;
        /**
         * A name that does not start with the prefix: the names stored so far are stored whole again,
         * and so are the rest. Whole names share the prefix besides what their stored parts share:
         * an entry that shares nothing starts with it, and every other entry shares it too.
         */
        const storeWhole = () => {
            if (count > 0) {
                let starts = 0;
                for (let i = 0; i < count; i++)
                    if (shared[i] === 0)
                        starts++;
                const whole = Buffer.allocUnsafe(Math.max(names.length, nameAt[count] + starts * prefix.length));
                let out = 0;
                for (let i = 0; i < count; i++) {
                    const [from, to] = [nameAt[i], nameAt[i + 1]];
                    nameAt[i] = out;
                    if (shared[i] === 0)
                        out += prefix.copy(whole, out);
                    else
                        shared[i] = shared[i] + prefix.length;
                    out += names.copy(whole, out, from, to);
                }
                nameAt[count] = out;
                names = keptNames = whole;
                const before = previous;
                if (previousLength + prefix.length > previous.length)
                    previous = Buffer.allocUnsafe(2 * (previousLength + prefix.length));
                before.copy(previous, prefix.length, 0, previousLength); // overlapping when the same buffer: copied as if through a temporary
                prefix.copy(previous, 0);
                previousLength += prefix.length;
            }
            prefix = Buffer.alloc(0);
        };
        const grow = (a, length) => {
            const b = new a.constructor(length);
            b.set(a);
            return b;
        };
        let count = 0;
        // archive/zip reads headers until a bad one, then compares only the low 16 bits of the count.
        let r = headerAt(0);
        while (!(r instanceof Error)) {
            if (count === capacity) {
                capacity *= 2;
                [offset, compressed, sizes, methods, crcs, descriptors] = [grow(offset, capacity), grow(compressed, capacity), grow(sizes, capacity), grow(methods, capacity), grow(crcs, capacity), grow(descriptors, capacity)];
                nameAt = grow(nameAt, capacity + 1);
                shared = grow(shared, capacity);
                kept = { capacity, nameAt, shared, offset, compressed, sizes, methods, crcs, descriptors };
            }
            const e = r.entry;
            if (count === 0)
                prefix = prefixOf(win.subarray(e.nameAt, e.nameAt + e.nameLength));
            let from = e.nameAt;
            if (prefix.length > 0) {
                if (e.nameLength > prefix.length && win.compare(prefix, 0, prefix.length, from, from + prefix.length) === 0)
                    from += prefix.length;
                else
                    storeWhole();
            }
            const length = e.nameAt + e.nameLength - from;
            // What this stored part shares with the one before: nothing at a restart.
            let same = 0;
            if (count % RESTART !== 0)
                for (const most = Math.min(length, previousLength); same < most && win[from + same] === previous[same];)
                    same++;
            if (length > previous.length) {
                const more = Buffer.allocUnsafe(2 * length);
                previous.copy(more, 0, 0, same);
                previous = more;
            }
            win.copy(previous, same, from + same, from + length);
            previousLength = length;
            const used = nameAt[count];
            if (used + length - same > names.length) {
                const more = Buffer.allocUnsafe(Math.max(2 * names.length, used + length - same));
                names.copy(more, 0, 0, used);
                names = keptNames = more;
            }
            win.copy(names, used, from + same, from + length);
            shared[count] = same;
            nameAt[count + 1] = used + length - same;
            offset[count] = e.headerOffset + baseOffset;
            compressed[count] = e.compressedSize;
            sizes[count] = e.size;
            methods[count] = e.method;
            crcs[count] = e.crc32;
            descriptors[count] = e.dataDescriptor ? 1 : 0;
            count++;
            r = headerAt(r.next);
        }
        if ((count & 0xffff) !== records % 0x10000)
            throw r;
        // Views of what was read (no copy: the buffers are kept for the next call).
        const fit = (a, length = count) => a.subarray(0, length);
        return {
            count,
            prefix,
            names: names.subarray(0, nameAt[count]),
            nameAt: fit(nameAt, count + 1),
            shared: fit(shared),
            headerOffset: fit(offset),
            compressedSize: fit(compressed),
            size: fit(sizes),
            method: fit(methods),
            crc32: fit(crcs),
            dataDescriptor: fit(descriptors)
        };
    };
}
/** dirhash.Hash1 from per-file hashes: "h1:" + base64(sha256 of "<hex>  <name>\n" for names in byte order). */
function summaryHash(files) {
    const sorted = [...files].sort((a, b) => Buffer.compare(a.name, b.name));
    const h = (0,external_node_crypto_.createHash)('sha256');
    for (const f of sorted) {
        if (f.name.includes(0x0a))
            throw new Error('dirhash: filenames with newlines are not supported');
        h.update(`${f.sha256}  `);
        h.update(f.name);
        h.update('\n');
    }
    return `h1:${h.digest('base64')}`;
}
/** bytes.TrimSpace on a decoded string: ASCII and Unicode White_Space only (not U+FEFF, unlike String.trim). */
function goTrimSpace(s) {
    return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}

;// CONCATENATED MODULE: ./src/go/hash.ts


/**
 * dirhash Hash1 over named files: "h1:" + base64(sha256 of the lines
 * "<sha256 hex>  <name>\n" sorted by the names' UTF-8 bytes, as Go sorts strings). This is the go.sum hash.
 */
function hash1(files) {
    return summaryHash(files.map((f) => ({ name: Buffer.from(f.name), sha256: (0,external_node_crypto_.createHash)('sha256').update(f.data).digest('hex') })));
}
/** The `/go.mod` line hash of a module's go.mod bytes. */
function goModHash(data) {
    return hash1([{ name: 'go.mod', data }]);
}

;// CONCATENATED MODULE: ./src/util/retry.ts
const realClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
/** Exponential backoff with full jitter in [0.5, 1.5) of the nominal delay. */
function backoffDelay(attempt, policy) {
    const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
    return Math.round(nominal * (0.5 + policy.random()));
}
/**
 * Calls `fn` until it reports a result that is not transient, or the attempts run out.
 * Returns the last result and the number of attempts made.
 */
async function retry(fn, isTransient, policy, clock) {
    for (let attempt = 1;; attempt++) {
        const value = await fn(attempt);
        if (!isTransient(value) || attempt >= policy.attempts)
            return { value, attempts: attempt };
        await clock.sleep(backoffDelay(attempt, policy));
    }
}
/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapPool(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    });
    await Promise.all(workers);
    return results;
}

;// CONCATENATED MODULE: ./src/engine/checksums.ts







/**
 * What the checksum lookups of one run have answered, per module version, shared by every
 * module and workspace of the run (same go, same environment): in a monorepo most go.sum
 * files name the same dependencies. An answer is kept whole — hashes, errors after their
 * retries, module-cache disagreements — and each go.sum is still compared line by line.
 */
class HashLookups {
    /** path@version → the answer of a zip lookup (`go mod download -json`), zip and go.mod hashes. */
    zips = new Map();
    /** path@version → its go.mod hash: from the version's zip lookup when there is one, else a go.mod-only lookup (`go list -m -json`). */
    mods = new Map();
}
const CHUNK = 400;
/**
 * Obtains the authoritative hash of every (module, version) named in go.sum by asking
 * go from a directory with no go.sum: zip hashes through `go mod download -json m@v…`,
 * go.mod-only versions through `go list -m -json m@v…` (which fetches and checks only
 * the .mod file). Both are checked by go against the checksum database, or come from
 * the proxy for GONOSUMDB paths. Every version is looked up, so all mismatches are found.
 */
async function resolveAuthoritativeHashes(entries, ctx) {
    const withZip = new Set();
    const all = new Set();
    for (const e of entries) {
        const mv = `${e.module}@${e.version}`;
        all.add(mv);
        if (!e.goMod)
            withZip.add(mv);
    }
    const modOnly = [...all].filter((mv) => !withZip.has(mv));
    const chunks = (xs) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));
    const shared = ctx.shared ?? new HashLookups();
    /** Starts the lookups of the versions not asked yet (in chunks, one after the other), and remembers them. */
    const ask = (known, versions, lookup) => {
        const missing = versions.filter((mv) => !known.has(mv));
        if (missing.length === 0)
            return;
        const batch = (async () => {
            const r = emptyResult();
            for (const chunk of chunks(missing))
                await lookup(chunk, ctx, r);
            return r;
        })();
        for (const mv of missing)
            known.set(mv, batch.then((r) => answerFor(r, mv)));
    };
    const zipList = [...withZip].sort();
    const modList = modOnly.sort();
    // The two kinds of lookup are independent and run side by side.
    ask(shared.zips, zipList, downloadZips);
    // A version another go.sum names with its zip is answered by that zip lookup, go.mod hash included.
    const fromZips = modList.filter((mv) => !shared.mods.has(mv) && shared.zips.has(mv));
    if (fromZips.length > 0) {
        const batch = (async () => {
            const answers = await Promise.all(fromZips.map((mv) => shared.zips.get(mv)));
            const r = emptyResult();
            const unanswered = [];
            fromZips.forEach((mv, i) => {
                if (!addGoModPart(r, answers[i], mv))
                    unanswered.push(mv);
            });
            // No go.mod hash in the zip's answer (its lookup failed): the go.mod is looked up on its own.
            for (const chunk of chunks(unanswered))
                await listGoMods(chunk, ctx, r);
            return r;
        })();
        for (const mv of fromZips)
            shared.mods.set(mv, batch.then((r) => answerFor(r, mv)));
    }
    ask(shared.mods, modList, listGoMods);
    // Merged in a fixed order, so the report does not depend on which answer came first.
    const answers = await Promise.all([...zipList.map((mv) => shared.zips.get(mv)), ...modList.map((mv) => shared.mods.get(mv))]);
    const result = emptyResult();
    for (const a of answers) {
        for (const [k, v] of a.hashes)
            result.hashes.set(k, v);
        result.errors.push(...a.errors);
        result.cacheMismatches.push(...a.cacheMismatches);
        result.proxyMismatches.push(...a.proxyMismatches);
    }
    return result;
}
/**
 * Looks up every version named in these go.sum files at once, before their modules ask: as few go
 * calls as there are chunks, instead of one or two per module, each of which checks the checksum
 * database's tree afresh. The answers wait in `ctx.shared`, where each module's own
 * resolveAuthoritativeHashes finds them (and still compares its go.sum line by line). Returns
 * once they are asked; `done` when they are answered. A file that cannot be read is skipped, and
 * failures are the modules' to report, as their own lookups would have met them.
 */
async function lookUpEveryGoSum(files, ctx) {
    const texts = await Promise.all(files.map((f) => readCheckoutText(ctx.repoRoot, f, READ_LIMITS.sumFile).then((r) => (r.ok ? r.text : ''))));
    const seen = new Set();
    const entries = [];
    for (const text of texts) {
        for (const e of parse_parseGoSum(text).entries) {
            const k = sumKey(e.module, e.version, e.goMod);
            if (!seen.has(k)) {
                seen.add(k);
                entries.push(e);
            }
        }
    }
    // Its lookups are in ctx.shared once this call returns (they are registered before its first await).
    const all = resolveAuthoritativeHashes(entries, ctx);
    return { done: all.then(() => undefined, () => undefined) };
}
function emptyResult() {
    return { hashes: new Map(), errors: [], cacheMismatches: [], proxyMismatches: [] };
}
/** The part of a lookup's result about one module version. */
function answerFor(r, mv) {
    const [module, version] = splitModVer(mv);
    const hashes = new Map();
    for (const goMod of [false, true]) {
        const k = sumKey(module, version, goMod);
        const h = r.hashes.get(k);
        if (h)
            hashes.set(k, h);
    }
    const mine = (x) => x.module === module && x.version === version;
    return { hashes, errors: r.errors.filter(mine), cacheMismatches: r.cacheMismatches.filter(mine), proxyMismatches: r.proxyMismatches.filter(mine) };
}
/** Adds the go.mod part of a zip lookup's answer about `mv` to `out`; false when it has no go.mod hash. */
function addGoModPart(out, answer, mv) {
    const [module, version] = splitModVer(mv);
    const k = sumKey(module, version, true);
    const h = answer.hashes.get(k);
    if (!h)
        return false;
    out.hashes.set(k, h);
    out.cacheMismatches.push(...answer.cacheMismatches.filter((c) => c.goMod));
    out.proxyMismatches.push(...answer.proxyMismatches.filter((c) => c.goMod));
    return true;
}
function splitModVer(mv) {
    const at = mv.lastIndexOf('@');
    return [mv.slice(0, at), mv.slice(at + 1)];
}
async function downloadZips(targets, ctx, out, split = true) {
    let pending = [...targets];
    const attemptsOf = new Map();
    // A fatal "checksum mismatch" stops go at the first bad module-cache entry: record it and go on without it.
    for (let guard = 0; pending.length > 0 && guard <= targets.length; guard++) {
        const { value: r } = await retry(async () => {
            pending.forEach((mv) => attemptsOf.set(mv, (attemptsOf.get(mv) ?? 0) + 1));
            return ctx.go.run(['mod', 'download', '-json', ...pending], { cwd: ctx.emptyDir, env: ctx.env });
        }, (res) => isAllTransient(res), ctx.policy, ctx.clock);
        const fatal = parseChecksumMismatches(r.stderr);
        const records = parseJsonStream(r.stdout);
        if (records.length === 0 && fatal.length > 0) {
            const m = fatal[0];
            const origin = hashOrigin(ctx.goSettings, m.module);
            out.hashes.set(sumKey(m.module, m.version, m.goMod), { hash: m.expected, origin });
            out.cacheMismatches.push({ module: m.module, version: m.version, goMod: m.goMod, cached: m.downloaded, authoritative: m.expected });
            const done = `${m.module}@${m.version}`;
            const next = pending.filter((mv) => mv !== done);
            if (next.length === pending.length)
                break;
            pending = next;
            continue;
        }
        if (records.length === 0 && r.timedOut && pending.length > 1 && split) {
            // One version the proxy never answers holds up the whole batch: ask each on its own, so the
            // others are answered. Once one of those times out too, the rest are not asked (bounded time).
            const stalled = { value: false };
            await mapPool(pending, 8, async (mv) => {
                if (stalled.value) {
                    const [module, version] = splitModVer(mv);
                    out.errors.push({ module, version, reason: classifyGoError(r.stderr), message: r.stderr.trim(), attempts: attemptsOf.get(mv) ?? 1 });
                    return;
                }
                const one = emptyResult();
                await downloadZips([mv], ctx, one, false);
                if (one.errors.some((e) => /did not finish within/.test(e.message)))
                    stalled.value = true;
                for (const [k, v] of one.hashes)
                    out.hashes.set(k, v);
                out.errors.push(...one.errors);
                out.cacheMismatches.push(...one.cacheMismatches);
            });
            return;
        }
        if (records.length === 0) {
            for (const mv of pending) {
                const [module, version] = splitModVer(mv);
                out.errors.push({ module, version, reason: classifyGoError(r.stderr), message: r.stderr.trim(), attempts: attemptsOf.get(mv) ?? 1 });
            }
            return;
        }
        const retryable = [];
        for (const rec of records) {
            const mv = `${rec.Path}@${rec.Version}`;
            // What the proxy served disagrees with the checksum database: the database's hash is the authoritative one.
            if (rec.Error && recordDatabaseMismatch(rec.Error, out, ctx.goSettings)) {
                if (rec.GoModSum)
                    out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: rec.GoModSum, origin: hashOrigin(ctx.goSettings, rec.Path) });
                continue;
            }
            if (rec.Error) {
                const reason = classifyGoError(rec.Error);
                if (reason === 'network' && (attemptsOf.get(mv) ?? 1) < ctx.policy.attempts)
                    retryable.push(mv);
                else
                    out.errors.push({ module: rec.Path, version: rec.Version, reason, message: rec.Error, attempts: attemptsOf.get(mv) ?? 1 });
                continue;
            }
            const origin = hashOrigin(ctx.goSettings, rec.Path);
            if (rec.Sum)
                out.hashes.set(sumKey(rec.Path, rec.Version, false), { hash: rec.Sum, origin });
            if (rec.GoModSum)
                out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: rec.GoModSum, origin });
        }
        pending = retryable;
        if (pending.length)
            await ctx.clock.sleep(backoffDelay(Math.max(...pending.map((mv) => attemptsOf.get(mv) ?? 1)), ctx.policy));
    }
}
async function listGoMods(targets, ctx, out) {
    let pending = [...targets];
    const attemptsOf = new Map();
    while (pending.length > 0) {
        pending.forEach((mv) => attemptsOf.set(mv, (attemptsOf.get(mv) ?? 0) + 1));
        const r = await ctx.go.run(['list', '-m', '-e', '-json', ...pending], { cwd: ctx.emptyDir, env: ctx.env });
        const records = parseJsonStream(r.stdout);
        if (records.length === 0) {
            const reason = classifyGoError(r.stderr);
            const attempt = attemptsOf.get(pending[0]) ?? 1;
            if (reason === 'network' && attempt < ctx.policy.attempts) {
                await ctx.clock.sleep(backoffDelay(attempt, ctx.policy));
                continue;
            }
            for (const mv of pending) {
                const [module, version] = splitModVer(mv);
                out.errors.push({ module, version, reason, message: r.stderr.trim() || `go list exited ${r.exitCode}`, attempts: attemptsOf.get(mv) ?? 1 });
            }
            return;
        }
        const retryable = [];
        for (const rec of records) {
            const mv = `${rec.Path}@${rec.Version}`;
            const err = rec.Error?.Err ?? (rec.GoMod ? null : 'no go.mod was fetched');
            if (err && recordDatabaseMismatch(err, out, ctx.goSettings))
                continue;
            if (err) {
                const reason = classifyGoError(err);
                if (reason === 'network' && (attemptsOf.get(mv) ?? 1) < ctx.policy.attempts)
                    retryable.push(mv);
                else
                    out.errors.push({ module: rec.Path, version: rec.Version, reason, message: err, attempts: attemptsOf.get(mv) ?? 1 });
                continue;
            }
            const data = await (0,promises_.readFile)(rec.GoMod);
            out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: goModHash(data), origin: hashOrigin(ctx.goSettings, rec.Path) });
        }
        pending = retryable;
        if (pending.length)
            await ctx.clock.sleep(backoffDelay(Math.max(...pending.map((mv) => attemptsOf.get(mv) ?? 1)), ctx.policy));
    }
}
/**
 * Records go's "verifying module: checksum mismatch … <database>: h1:…" (a download that the
 * checksum database contradicts) as the database's hash plus a proxy mismatch. False for any
 * other error, and for a mismatch against a go.sum (not the database).
 */
function recordDatabaseMismatch(error, out, settings) {
    const m = parseChecksumMismatches(error).find((x) => !/go\.(work\.)?sum$/.test(x.label));
    if (!m)
        return false;
    out.hashes.set(sumKey(m.module, m.version, m.goMod), { hash: m.expected, origin: { source: 'checksum-database', name: m.label } });
    const proxy = servingProxy(settings, m.module) ?? 'direct';
    out.proxyMismatches.push({ module: m.module, version: m.version, goMod: m.goMod, served: m.downloaded, authoritative: m.expected, database: m.label, proxy });
    return true;
}
/** A failed run worth repeating whole: no per-module answers and a network-class error. */
function isAllTransient(r) {
    return r.exitCode !== 0 && !r.stdout.trim() && classifyGoError(r.stderr) === 'network';
}
/**
 * Findings for one go.sum-format file (go.sum or go.work.sum): malformed lines, every line whose
 * hash disagrees with the authoritative one, tampered module-cache entries and failed lookups.
 * Returns the corrected entries by line, so a scratch copy can be repaired, and `unchecked`: why
 * some versions' lines could not be checked when that is not a fault of the file or the network
 * (a version whose go.mod asks for a newer go, which go then refuses to fetch; the module's own
 * download reports that as a go-version finding).
 */
function sumFileFindings(parsed, resolved, file, name) {
    const unchecked = [];
    const findings = [];
    for (const bad of parsed.malformed) {
        findings.push({ kind: 'malformed', file, line: bad.line, message: `${name}:${bad.line}: ${bad.reason}`, detail: bad.text });
    }
    const corrected = new Map();
    for (const e of parsed.entries) {
        const auth = resolved.hashes.get(sumKey(e.module, e.version, e.goMod));
        if (auth && auth.hash !== e.hash) {
            findings.push({
                kind: 'checksum-mismatch',
                file,
                line: e.line,
                message: `${e.module}@${e.version}${e.goMod ? '/go.mod' : ''}: ${name} has ${e.hash}, ${auth.origin.name} has ${auth.hash}`,
                module: e.module,
                version: e.version,
                hash: e.goMod ? 'go.mod' : 'zip',
                committed: e.hash,
                authoritative: auth.hash,
                source: auth.origin.source,
                sourceName: auth.origin.name
            });
            corrected.set(e.line, { ...e, hash: auth.hash });
        }
    }
    for (const c of resolved.cacheMismatches) {
        findings.push({
            kind: 'cache-modified',
            message: `${c.module}@${c.version}: the module cache holds ${c.cached}, the checksum database has ${c.authoritative}`,
            module: c.module,
            version: c.version,
            problem: 'other'
        });
    }
    for (const p of resolved.proxyMismatches) {
        const what = `${p.module}@${p.version}${p.goMod ? '/go.mod' : ''}`;
        const from = p.proxy === 'direct' ? 'its origin (GOPROXY=direct)' : p.proxy;
        findings.push({
            kind: 'proxy-modified',
            file,
            ...lineOf(parsed, p.module, p.version, p.goMod),
            message: `${what}: ${from} serves ${p.served}, but the checksum database ${p.database} has ${p.authoritative}: modified content, refused by go`,
            module: p.module,
            version: p.version,
            hash: p.goMod ? 'go.mod' : 'zip',
            served: p.served,
            authoritative: p.authoritative,
            proxy: p.proxy,
            database: p.database
        });
    }
    for (const e of resolved.errors) {
        const newer = parseRequiresNewerGo(e.message);
        if (newer) {
            unchecked.push(`${e.module}@${e.version} requires go >= ${newer.required}, newer than the go on this runner (${newer.running})`);
            continue;
        }
        const line = parsed.entries.find((x) => x.module === e.module && x.version === e.version)?.line;
        findings.push(downloadError(e.module, e.version, e.reason, e.attempts, e.message, file, line));
    }
    return { findings, corrected, unchecked };
}
/** `{ line }` of the go.sum line naming this version (its zip or /go.mod line), or nothing. */
function lineOf(parsed, module, version, goMod) {
    const e = parsed.entries.find((x) => x.module === module && x.version === version && x.goMod === goMod) ?? parsed.entries.find((x) => x.module === module && x.version === version);
    return e ? { line: e.line } : {};
}
function downloadError(module, version, reason, attempts, output, file, line) {
    const what = module ? `${module}${version ? `@${version}` : ''}` : 'the module graph';
    const auth = reason === 'credentials' ? parseAuthFailure(output) : null;
    const gap = reason === 'gone' ? parseProxySumdbGap(output) : null;
    const refusal = reason === 'other' ? parseProxyRefusal(output) : null;
    const unchecked = "this version's go.sum lines could not be checked, which is no sign that they are wrong";
    const why = gap
        ? `the proxy serves this version, but the checksum database it relays (${gap}) has no record of it (a proxy or mirror with part of the database missing): ${unchecked}`
        : refusal
            ? `${refusal.proxy} refuses this version (403 Forbidden${refusal.response ? `: ${JSON.stringify(refusal.response)}` : ''}): a proxy or mirror that does not hold it or does not allow it; ${unchecked}`
            : auth
                ? auth.status === 401
                    ? `${auth.host} answered 401 Unauthorized: go sent it no credentials, or wrong ones (the proxy-credentials input, GOAUTH or .netrc give them)`
                    : `${auth.host} answered 403 Forbidden: the credentials go sent do not give access to this module (or the proxy refuses it)`
                : reason === 'not-found'
                    ? 'this version does not exist on the proxy'
                    : reason === 'gone'
                        ? 'the checksum database has no record of it or refuses it (a private or deleted module: set GOPRIVATE/GONOSUMDB for private paths; or a proxy that does not serve the checksum database)'
                        : reason === 'network'
                            ? `network failure after ${attempts} attempt${attempts === 1 ? '' : 's'}`
                            : reason === 'invalid'
                                ? `go refuses the module path or version as invalid: ${withoutSubject(firstErrorLine(output).replace(/^go: /, ''), what)}`
                                : withoutSubject(firstErrorLine(output), what);
    return {
        kind: 'download-error',
        file,
        ...(line ? { line } : {}),
        message: `${what}: ${why}`,
        ...(module ? { module } : {}),
        ...(version ? { version } : {}),
        reason,
        ...(auth ? { host: auth.host } : {}),
        attempts,
        output: output.trim()
    };
}
/** go's lines that report an error, not progress. */
function errorLines(output) {
    return output
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^go: (downloading|finding|found) /.test(l));
}
/** The first line of go's output that is an error, not progress. */
function firstErrorLine(output) {
    return errorLines(output)[0] ?? 'unknown error';
}
/**
 * The line of go's output that names the problem: go often starts with the import chain
 * (`go: example.com/app tested by` / `example.com/app.test imports`) and says what is wrong
 * at its end.
 */
function problemLine(output) {
    const lines = errorLines(output);
    return lines.find((l) => !/ (imports|tested by)$/.test(l)) ?? lines[0] ?? 'unknown error';
}
/** `go: m@v: reason` → `reason` when the message already starts with `m@v: `, so the subject is not said twice. */
function withoutSubject(line, subject) {
    const s = line.replace(/^go: /, '');
    return s.startsWith(`${subject}: `) ? s.slice(subject.length + 2) : s;
}
/** go.sum text with the given lines' hashes replaced and the `drop` lines removed. */
function rebuildGoSum(text, corrected, drop) {
    return text
        .split('\n')
        .map((line, i) => {
        const e = corrected.get(i + 1);
        if (drop.has(i + 1))
            return null;
        return e ? `${e.module} ${e.version}${e.goMod ? '/go.mod' : ''} ${e.hash}` : line;
    })
        .filter((l) => l !== null)
        .join('\n');
}
/** The authoritative hashes of `entries`, looked up from an empty directory in `ctx.scratch`, sharing the run's answers. */
async function lookUpHashes(entries, ctx) {
    return resolveAuthoritativeHashes(entries, {
        go: ctx.go,
        emptyDir: await emptyDirIn(ctx.scratch),
        env: ctx.env,
        goSettings: ctx.goSettings,
        policy: ctx.policy,
        clock: ctx.clock,
        shared: ctx.hashLookups
    });
}
/** `<scratch>/empty`, created: a directory outside any module, with no go.sum, for resolveAuthoritativeHashes. */
async function emptyDirIn(scratch) {
    const d = (0,external_node_path_.join)(scratch, 'empty');
    await (0,promises_.mkdir)(d, { recursive: true });
    return d;
}

;// CONCATENATED MODULE: ./src/engine/directives.ts
/**
 * Checks of go.mod directives that need no network: local and other replacements, conflicting
 * replacements, exclude, pseudo-versions, a toolchain the runner's go cannot satisfy, and
 * replace directives inside dependencies' go.mod files (which have no effect).
 */





/**
 * Whether GOTOOLCHAIN lets go switch to a newer Go: not `local` (which the checks set unless told
 * otherwise), nor a pinned `go1.x.y` without `+auto`/`+path`, which runs that Go and nothing else.
 */
function toolchainCanSwitch(env) {
    const t = env.GOTOOLCHAIN ?? 'local';
    return t !== 'local' && !/^go\d[^+]*$/.test(t);
}
/** Whether a `go` line asks for a newer go than the one running, with no switch of toolchain allowed. */
function needsNewerGo(required, running, env) {
    return !!required && compareGoVersions(required, running) > 0 && !toolchainCanSwitch(env);
}
/**
 * The go-version finding: `who` (go.mod, go.work, or the dependency go names) requires a newer go
 * than `running`; `switchFailed` says why go could not switch to it (GOTOOLCHAIN other than local).
 */
function goVersionFinding(who, required, running, file, line, switchFailed, gotoolchain = 'local') {
    return {
        kind: 'go-version',
        file,
        ...(line ? { line } : {}),
        message: switchFailed
            ? `${who} requires go >= ${required}, but the go on this runner is ${running} and ${switchFailed}`
            : `${who} requires go >= ${required}, but the go on this runner is ${running} (GOTOOLCHAIN=${gotoolchain})`,
        required,
        running
    };
}
/** `go: download go1.30.0 for linux/amd64: toolchain not available` (or the proxy's refusal), from a GOTOOLCHAIN switch. */
function toolchainUnavailable(stderr) {
    const m = /go: download go(\S+) for \S+: (.*)/.exec(stderr);
    return m ? { version: m[1], message: m[2].trim() } : null;
}
/** The version go.mod conventionally requires for a module that a local replace provides. */
const LOCAL_PLACEHOLDER = 'v0.0.0-00010101000000-000000000000';
/**
 * Whether a replace can take effect: go applies it only when its module is in the build graph,
 * which a tidy go.mod (go >= 1.17) lists in full. An unrequired module's replacement is never read.
 */
function isRequired(mod, r) {
    return mod.requires.some((q) => q.path === r.old.path && (!r.old.version || q.version === r.old.version));
}
const spec = (path, version) => (version ? `${path} ${version}` : path);
function isInside(parent, child) {
    const r = (0,external_node_path_.relative)(parent, child);
    return r === '' || (!r.startsWith(`..${external_node_path_.sep}`) && r !== '..' && !(0,external_node_path_.isAbsolute)(r));
}
async function isDir(p) {
    return (0,promises_.stat)(p).then((s) => s.isDirectory(), () => false);
}
async function isFile(p) {
    return (0,promises_.stat)(p).then((s) => s.isFile(), () => false);
}
/** Findings from the module's own go.mod (as summariseModFile read it). */
async function checkDirectives(mod, ctx) {
    const findings = [];
    const localTargets = [];
    const file = ctx.file;
    let blocking = null;
    // Replacements grouped by what they replace: different targets conflict (go refuses to build), equal ones repeat.
    const groups = new Map();
    for (const r of mod.replaces) {
        const key = `${r.old.path}@${r.old.version}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
        const first = group[0];
        const targets = [...new Set(group.map((r) => spec(r.new.path, r.new.version)))];
        if (targets.length > 1) {
            findings.push({
                kind: 'replace-conflict',
                file,
                line: group[1].line,
                message: `${spec(first.old.path, first.old.version)} is replaced ${group.length} times with different targets (${targets.join(', ')}): go refuses to load this module`,
                module: first.old.path,
                ...(first.old.version ? { version: first.old.version } : {}),
                targets,
                lines: group.map((r) => r.line)
            });
            blocking ??= `conflicting replacements for ${first.old.path}`;
            continue;
        }
        for (const dup of group.slice(1)) {
            findings.push({
                kind: 'replace',
                file,
                line: dup.line,
                message: `line ${dup.line} repeats the replacement of ${spec(first.old.path, first.old.version)} on line ${first.line}`,
                module: first.old.path,
                ...(first.old.version ? { version: first.old.version } : {}),
                target: first.new.path,
                ...(first.new.version ? { targetVersion: first.new.version } : {}),
                replacement: 'duplicate'
            });
        }
        const checked = await checkReplacement(first, ctx, localTargets, isRequired(mod, first));
        findings.push(...checked.findings);
        if (checked.missing)
            blocking ??= `the replacement directory ${first.new.path} ${checked.missing}`;
    }
    for (const e of mod.excludes) {
        findings.push({ kind: 'exclude', file, line: e.line, message: `exclude ${e.path} ${e.version}: go skips this version when resolving the module graph`, module: e.path, version: e.version });
    }
    for (const r of mod.requires) {
        if (r.indirect)
            continue;
        // The zero-time placeholder says "a local replace provides this", not "pinned to a commit".
        if (r.version === LOCAL_PLACEHOLDER && mod.replaces.some((x) => x.local && x.old.path === r.path && (!x.old.version || x.old.version === r.version)))
            continue;
        const pseudo = parsePseudoVersion(r.version);
        if (pseudo) {
            findings.push({
                kind: 'pseudo-version',
                file,
                line: r.line,
                message: `${r.path} ${r.version} is an untagged commit (${pseudo.revision}, ${pseudo.time})`,
                module: r.path,
                version: r.version,
                commitTime: pseudo.time,
                revision: pseudo.revision,
                directive: 'require'
            });
        }
    }
    const toolchain = mod.toolchain;
    if (toolchain && /^go\d/.test(toolchain.name)) {
        const wanted = toolchain.name.slice(2).replace(/[+-].*$/, '');
        if (compareGoVersions(wanted, ctx.goVersion) > 0) {
            findings.push({
                kind: 'toolchain',
                file,
                line: toolchain.line,
                message: !toolchainCanSwitch({ GOTOOLCHAIN: ctx.gotoolchain })
                    ? `toolchain ${toolchain.name} is newer than the runner's go ${ctx.goVersion}: with GOTOOLCHAIN=${ctx.gotoolchain} it is ignored here, with the default GOTOOLCHAIN=auto every fresh runner downloads ${toolchain.name}`
                    : `toolchain ${toolchain.name} is newer than the runner's go ${ctx.goVersion}: every fresh runner downloads it (GOTOOLCHAIN=${ctx.gotoolchain})`,
                toolchain: toolchain.name,
                running: ctx.goVersion
            });
        }
    }
    return { findings, blocking, localTargets };
}
async function checkReplacement(r, ctx, localTargets, required) {
    const base = { file: ctx.file, line: r.line, module: r.old.path, ...(r.old.version ? { version: r.old.version } : {}) };
    const what = spec(r.old.path, r.old.version);
    if (r.local) {
        const target = (0,external_node_path_.resolve)(ctx.moduleDir, r.new.path);
        const missing = !(await isDir(target)) ? 'does not exist' : !(await isFile((0,external_node_path_.join)(target, 'go.mod'))) ? 'has no go.mod' : null;
        // Inside once links are resolved too: go reads the target's go.mod and sources through them.
        const where = isInside(ctx.repoRoot, target) ? await resolveInCheckout(ctx.repoRoot, target) : null;
        const outside = !where || ('refusal' in where && where.refusal.reason === 'outside');
        if (!required && (missing || outside)) {
            // A dead replace: go tidies, verifies and builds without looking at its directory.
            const why = outside ? `the directory is outside the repository${missing ? ` and ${missing} here` : ''}` : `the directory ${missing}`;
            return {
                findings: [
                    { kind: 'replace', ...base, message: `${what} => ${r.new.path}: nothing requires ${r.old.path}, so this replace has no effect (${why}); it can be deleted`, target: r.new.path, replacement: 'unused' }
                ],
                missing: null
            };
        }
        if (outside) {
            const message = `${what} => ${r.new.path}: the directory is outside the repository, so the module builds only where that directory happens to exist`;
            // Reached through a link of the checkout: go must not follow it, so nothing runs.
            const linked = where ? 'leads outside the repository through a symbolic link' : null;
            return { findings: [{ kind: 'replace-local', ...base, message: missing ? `${message} (it ${missing} here)` : message, target: r.new.path, problem: 'outside-repository' }], missing: missing ?? linked };
        }
        if (missing) {
            return {
                findings: [{ kind: 'replace-local', ...base, message: `${what} => ${r.new.path}: the directory ${missing}`, target: r.new.path, problem: missing === 'does not exist' ? 'missing' : 'no-go-mod' }],
                missing
            };
        }
        localTargets.push(target);
        return { findings: [], missing: null };
    }
    const out = [
        {
            kind: 'replace',
            ...base,
            message: r.new.path === r.old.path
                ? `${what} is pinned to ${r.new.version} by a replace directive`
                : `${what} is replaced by the fork ${r.new.path} ${r.new.version}`,
            target: r.new.path,
            targetVersion: r.new.version,
            replacement: r.new.path === r.old.path ? 'version' : 'fork'
        }
    ];
    const pseudo = parsePseudoVersion(r.new.version);
    if (pseudo) {
        out.push({
            kind: 'pseudo-version',
            ...base,
            module: r.new.path,
            version: r.new.version,
            message: `replacement ${r.new.path} ${r.new.version} is an untagged commit (${pseudo.revision}, ${pseudo.time})`,
            commitTime: pseudo.time,
            revision: pseudo.revision,
            directive: 'replace'
        });
    }
    return { findings: out, missing: null };
}
/**
 * Version and fork replace directives in the go.mod of each direct dependency: go ignores them
 * (only the main module's replacements apply), though readers of that go.mod often think otherwise.
 * Reads the `.mod` files the download left in GOMODCACHE/cache/download.
 */
async function checkDependencyReplaces(mod, gomodcache, file) {
    const out = [];
    const replaced = new Set(mod.replaces.map((r) => r.old.path));
    for (const req of mod.requires) {
        if (req.indirect || replaced.has(req.path))
            continue;
        const modFile = (0,external_node_path_.join)(gomodcache, 'cache', 'download', escapeModulePath(req.path), '@v', `${escapeModulePath(req.version)}.mod`);
        const text = await (0,promises_.readFile)(modFile, 'utf8').catch(() => null);
        if (text === null)
            continue;
        // Local replacements in a dependency (`=> ../sibling`) are its own development setup and cannot
        // mislead anyone; a fork or pinned version there is what readers expect to get and do not.
        for (const r of summariseModFile(text).replaces.filter((x) => !x.local)) {
            const selected = mod.requires.find((x) => x.path === r.old.path);
            const target = r.local ? r.new.path : spec(r.new.path, r.new.version);
            out.push({
                kind: 'replace-ignored',
                file,
                line: req.line,
                message: `${req.path} ${req.version} has "replace ${spec(r.old.path, r.old.version)} => ${target}" in its go.mod; go ignores it here${selected ? `, this module builds with ${r.old.path} ${selected.version}` : ''}`,
                dependency: req.path,
                dependencyVersion: req.version,
                module: r.old.path,
                ...(r.old.version ? { version: r.old.version } : {}),
                target: r.new.path,
                ...(r.new.version ? { targetVersion: r.new.version } : {})
            });
        }
    }
    return out;
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(291);
// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/apply.js + 4 modules
var apply = __webpack_require__(281);
;// CONCATENATED MODULE: ./src/engine/tidy.ts

/** Formats a unified diff the way `go mod tidy -diff` does (used when tidying a scratch copy on Go < 1.23). */
function formatGoDiff(file, before, after, to = 'tidy') {
    if (before === after)
        return '';
    const patch = (0,create/* structuredPatch */.YB)(`current/${file}`, `${to}/${file}`, before, after, '', '', { context: 3 });
    let out = `diff current/${file} ${to}/${file}\n--- current/${file}\n+++ ${to}/${file}\n`;
    for (const h of patch.hunks) {
        const oldStart = h.oldLines === 0 ? h.oldStart - (h.oldStart > 0 ? 1 : 0) : h.oldStart;
        out += `@@ -${oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n`;
        out += h.lines.filter((l) => !l.startsWith('\\')).map((l) => `${l}\n`).join('');
    }
    return `${out}\n`;
}
/** Reconstructs tidy's go.mod from the current one and the go.mod section of the diff. */
function applyGoModDiff(current, section) {
    const body = section.text.split('\n').filter((l) => !l.startsWith('diff ')).join('\n');
    const result = (0,apply/* applyPatch */.X)(current, body);
    return result === false ? null : result;
}
function requireMap(m) {
    return new Map((m.Require ?? []).map((r) => [r.Path, { path: r.Path, version: r.Version, indirect: Boolean(r.Indirect) }]));
}
/** Turns two parsed go.mod files and the diff sections into the structured tidy result. */
function describeTidyChanges(before, after, sections, diff, againstCorrectedGoSum) {
    const modSection = sections.find((s) => s.file === 'go.mod');
    const sumSection = sections.find((s) => s.file === 'go.sum');
    const changes = {
        requiresAdded: [],
        requiresRemoved: [],
        versionsChanged: [],
        indirectChanged: [],
        otherGoModLines: [],
        sumAdded: sumSection?.added ?? [],
        sumRemoved: sumSection?.removed ?? [],
        diff,
        againstCorrectedGoSum
    };
    if (after) {
        const a = requireMap(before);
        const b = requireMap(after);
        for (const [path, r] of b) {
            const old = a.get(path);
            if (!old)
                changes.requiresAdded.push(r);
            else {
                if (old.version !== r.version)
                    changes.versionsChanged.push({ path, from: old.version, to: r.version });
                if (old.indirect !== r.indirect)
                    changes.indirectChanged.push({ path, version: r.version, indirect: r.indirect });
            }
        }
        for (const [path, r] of a)
            if (!b.has(path))
                changes.requiresRemoved.push(r);
        if ((before.Go ?? null) !== (after.Go ?? null))
            changes.goDirective = { from: before.Go ?? null, to: after.Go ?? null };
        if ((before.Toolchain ?? null) !== (after.Toolchain ?? null)) {
            changes.toolchainDirective = { from: before.Toolchain ?? null, to: after.Toolchain ?? null };
        }
    }
    if (modSection) {
        const explained = (after ? [...(before.Require ?? []), ...(after.Require ?? [])].map((r) => r.Path) : []);
        const isRequireOrDirective = (l) => {
            const line = l.trim();
            if (/^(require\s*\(|\)|)$/.test(line) || /^(go|toolchain)\s/.test(line))
                return true;
            const t = line.replace(/^require\s+/, '');
            return explained.some((p) => t.startsWith(`${p} `));
        };
        changes.otherGoModLines = [
            ...modSection.removed.filter((l) => !isRequireOrDirective(l)).map((l) => `-${l}`),
            ...modSection.added.filter((l) => !isRequireOrDirective(l)).map((l) => `+${l}`)
        ];
    }
    return changes;
}
/**
 * When tidy would change only formatting (no requirement, directive or go.sum change), what that
 * change is, said plainly; null otherwise. CRLF line endings are the common case: tidy writes LF.
 */
function formattingOnly(c) {
    const structural = c.requiresAdded.length + c.requiresRemoved.length + c.versionsChanged.length + c.indirectChanged.length + c.sumAdded.length + c.sumRemoved.length > 0 ||
        c.goDirective !== undefined ||
        c.toolchainDirective !== undefined;
    if (structural || c.otherGoModLines.length === 0)
        return null;
    if (c.otherGoModLines.some((l) => l.endsWith('\r')))
        return 'go.mod has Windows line endings (CRLF); go mod tidy writes LF. Nothing else changes.';
    return 'spacing, comments or the grouping of lines in go.mod; no requirement changes.';
}

;// CONCATENATED MODULE: ./src/engine/vendor.ts
/**
 * vendor/ checks. The go command only checks that vendor/modules.txt agrees with go.mod; it never
 * hashes vendored files, so an edited vendored file builds and passes `go mod verify`. Freshness is
 * therefore checked by running `go mod vendor -o` into scratch and comparing the two trees.
 */






/** Files below `dir`, relative with `/`, sorted. */
async function vendor_listFiles(dir, prefix = '') {
    const out = [];
    const entries = await (0,promises_.readdir)((0,external_node_path_.join)(dir, prefix), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
        const rel = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.isDirectory())
            out.push(...(await vendor_listFiles(dir, rel)));
        else
            out.push(rel);
    }
    return out.sort();
}
/** Bytes read at a time from each side of a pair by compareTrees. */
const COMPARE_CHUNK = 64 * 1024;
/** Reads into `buf` until it is full or the file ends; the bytes read. */
async function fill(handle, buf) {
    let n = 0;
    for (;;) {
        const { bytesRead } = await handle.read(buf, n, buf.length - n, null);
        if (bytesRead === 0)
            return n;
        n += bytesRead;
        if (n === buf.length)
            return n;
    }
}
/** A committed file that opened but could not be read through (EIO, say): refused, as readCheckoutFile refuses it. */
class CommittedUnreadable extends Error {
    cause;
    constructor(cause) {
        super('committed file unreadable');
        this.cause = cause;
    }
    get refusal() {
        return { reason: 'unreadable', problem: `cannot be read (${this.cause?.code ?? 'error'})` };
    }
}
/**
 * Whether the committed file has exactly the bytes of the fresh one (both opened):
 * both are read a chunk at a time into `a` and `b`, which are reused from pair to pair. Reading a
 * whole file per side allocated ~20,000 buffers on moby's vendor/ (9,711 files), and the memory
 * they left behind raised the run's peak by ~9 MiB (issue 16, P5).
 */
async function sameBytes(committed, fresh, a, b) {
    for (;;) {
        const [n, m] = await Promise.all([fill(committed, a).catch((e) => Promise.reject(new CommittedUnreadable(e))), fill(fresh, b)]);
        if (n !== m || a.compare(b, 0, m, 0, n) !== 0)
            return false;
        if (n < a.length)
            return true;
    }
}
/**
 * Compares the committed vendor tree (in the checkout under `repoRoot`) with a fresh one. A
 * committed file is opened only when its size is at most the fresh one's; one that is refused (a
 * link out of the repository, no regular file) is in `refused`, not compared.
 */
async function compareTrees(committed, fresh, repoRoot) {
    const [a, b] = await Promise.all([vendor_listFiles(committed), vendor_listFiles(fresh)]);
    const inA = new Set(a);
    const inB = new Set(b);
    const changed = [];
    const refused = [];
    const bufA = Buffer.alloc(COMPARE_CHUNK);
    const bufB = Buffer.alloc(COMPARE_CHUNK);
    for (const f of a) {
        if (!inB.has(f))
            continue;
        const y = await (0,promises_.open)((0,external_node_path_.join)(fresh, f), 'r');
        try {
            const x = await openCheckoutFile(repoRoot, (0,external_node_path_.join)(committed, f), (await y.stat()).size);
            if (x.ok) {
                try {
                    if (!(await sameBytes(x.handle, y, bufA, bufB)))
                        changed.push(f);
                }
                catch (e) {
                    if (!(e instanceof CommittedUnreadable))
                        throw e;
                    refused.push({ file: f, refusal: e.refusal });
                }
                finally {
                    await x.handle.close().catch(() => undefined);
                }
            }
            else if (x.missing || x.refusal.reason === 'too-large')
                changed.push(f);
            else
                refused.push({ file: f, refusal: x.refusal });
        }
        finally {
            await y.close();
        }
    }
    return { changed, missing: b.filter((f) => !inA.has(f)), extra: a.filter((f) => !inB.has(f)), refused };
}
/**
 * Which of `paths` (relative to `dir`) git would ignore there: files `go mod vendor` writes that a
 * .gitignore keeps out of the repository (moby ignores vendored .editorconfig files) are not drift.
 * Without git, or outside a repository, nothing is treated as ignored.
 */
function gitIgnored(dir, paths) {
    if (paths.length === 0)
        return Promise.resolve(new Set());
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)('git', ['-C', dir, 'check-ignore', '-z', '--stdin'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
        let out = '';
        child.stdout.on('data', (d) => (out += d.toString()));
        child.on('error', () => resolve(new Set()));
        child.on('close', (code) => resolve(code === 0 ? new Set(out.split('\0').filter(Boolean)) : new Set()));
        child.stdin.on('error', () => undefined);
        child.stdin.end(paths.join('\0') + '\0');
    });
}
/** Whether vendor/modules.txt in `dir` was written by `go work vendor` (it starts with `## workspace`); read only when it is safe to. */
async function isWorkspaceVendor(dir, repoRoot) {
    const text = await readCheckoutText(repoRoot, (0,external_node_path_.join)(dir, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
    return text.ok && /^## workspace$/m.test(text.text);
}
async function hasVendorDir(moduleDir) {
    return (0,promises_.stat)((0,external_node_path_.join)(moduleDir, 'vendor')).then((s) => s.isDirectory(), () => false);
}
/** vendor-inconsistent findings from a failed `go list -mod=vendor -m`, or the reason it could not say. */
function consistencyFindings(r, rel) {
    const findings = [];
    const skipped = [];
    if (r.exitCode === 0)
        return { findings, skipped };
    const problems = parseVendorInconsistency(r.stderr);
    // In workspace mode go repeats a line once per module whose go.mod requires it (16 for cobra on kubernetes).
    const seen = new Set();
    for (const p of problems) {
        if (seen.has(p.text))
            continue;
        seen.add(p.text);
        findings.push({
            kind: 'vendor-inconsistent',
            file: rel('vendor/modules.txt'),
            message: `vendor/modules.txt: ${p.text}`,
            ...(p.module ? { module: p.module } : {}),
            ...(p.version ? { version: p.version } : {}),
            problem: p.text
        });
    }
    if (problems.length === 0)
        skipped.push({ step: 'vendor consistency', reason: r.stderr.trim().split('\n')[0] ?? 'go list failed' });
    return { findings, skipped };
}
/** Why `go mod vendor` / `go work vendor` failed, without its progress lines. */
function vendorFailure(r, tool) {
    const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^go: (downloading|finding) /.test(l));
    // go starts with the import chain (`go: example.com/app imports`): the problem is the line after it.
    return lines.find((l) => !/ (imports|tested by)$/.test(l)) ?? lines[0] ?? `${tool} failed`;
}
/**
 * The findings for the committed `<dir>/vendor` against `fresh`, which `tool` (`go mod vendor`,
 * `go work vendor`) just wrote: a vendor-modified finding when they differ, and an unreadable one
 * for each committed file that is refused (a link out of the repository; modules.txt only when
 * `modulesTxtRefused` did not already say so).
 */
async function vendorDrift(dir, fresh, rel, tool, repoRoot, modulesTxtRefused = false) {
    const committed = (0,external_node_path_.join)(dir, 'vendor');
    const compared = await compareTrees(committed, fresh, repoRoot);
    const out = [];
    for (const r of compared.refused)
        if (!(modulesTxtRefused && r.file === 'modules.txt'))
            out.push(unreadableFinding(rel(`vendor/${r.file}`), r.refusal));
    const ignored = await gitIgnored(dir, compared.missing.map((f) => `vendor/${f}`));
    const diff = { ...compared, missing: compared.missing.filter((f) => !ignored.has(`vendor/${f}`)) };
    const total = diff.changed.length + diff.missing.length + diff.extra.length;
    if (total === 0)
        return out;
    let modulesTxtDiff;
    if (diff.changed.includes('modules.txt')) {
        const a = await readCheckoutText(repoRoot, (0,external_node_path_.join)(committed, 'modules.txt'), READ_LIMITS.sumFile);
        const b = await (0,promises_.readFile)((0,external_node_path_.join)(fresh, 'modules.txt'), 'utf8');
        modulesTxtDiff = formatGoDiff('vendor/modules.txt', a.ok ? a.text : '', b, 'vendored');
    }
    const parts = [];
    if (diff.changed.length)
        parts.push(`${diff.changed.length} changed`);
    if (diff.missing.length)
        parts.push(`${diff.missing.length} missing`);
    if (diff.extra.length)
        parts.push(`${diff.extra.length} extra`);
    out.push({
        kind: 'vendor-modified',
        file: rel(`vendor/${diff.changed[0] ?? diff.extra[0] ?? 'modules.txt'}`),
        message: `vendor/ differs from what ${tool} writes: ${parts.join(', ')} file(s) (first: ${[...diff.changed, ...diff.missing, ...diff.extra][0]})`,
        changed: diff.changed,
        missing: diff.missing,
        extra: diff.extra,
        ...(modulesTxtDiff ? { modulesTxtDiff } : {})
    });
    return out;
}
/**
 * Checks vendor/ of the module at `moduleDir` (which must have one). `modfile` is a scratch copy
 * of go.mod (with its go.sum) that go may write to; `out` an empty scratch directory.
 */
async function checkVendor(go, moduleDir, modfile, out, rel, repoRoot) {
    const findings = [];
    const skipped = [];
    const committed = (0,external_node_path_.join)(moduleDir, 'vendor');
    // go list -mod=vendor reads vendor/modules.txt in the checkout: only when it is safe to read.
    const where = await resolveInCheckout(repoRoot, committed);
    if ('refusal' in where) {
        findings.push(unreadableFinding(rel('vendor'), where.refusal));
        skipped.push({ step: 'vendor', reason: 'vendor/ was not read' });
        return { findings, skipped };
    }
    const modulesTxt = await readCheckoutText(repoRoot, (0,external_node_path_.join)(committed, 'modules.txt'), READ_LIMITS.sumFile);
    const txtRefused = !modulesTxt.ok && !modulesTxt.missing;
    if (!modulesTxt.ok && !modulesTxt.missing) {
        findings.push(unreadableFinding(rel('vendor/modules.txt'), modulesTxt.refusal));
        skipped.push({ step: 'vendor consistency', reason: 'vendor/modules.txt was not read' });
    }
    else {
        const c = consistencyFindings(await go(['list', '-mod=vendor', '-m', `-modfile=${modfile}`]), rel);
        findings.push(...c.findings);
        skipped.push(...c.skipped);
    }
    const fresh = (0,external_node_path_.join)(out, 'vendor');
    const vendor = await go(['mod', 'vendor', `-modfile=${modfile}`, '-o', fresh]);
    if (vendor.exitCode !== 0) {
        skipped.push({ step: 'vendor freshness', reason: vendorFailure(vendor, 'go mod vendor') });
        return { findings, skipped };
    }
    findings.push(...(await vendorDrift(moduleDir, fresh, rel, 'go mod vendor', repoRoot, txtRefused)));
    return { findings, skipped };
}

;// CONCATENATED MODULE: ./src/engine/workspace.ts
/**
 * go.work checks, reported apart from the modules: every `use` exists inside the repository and
 * has a go.mod; go.work.sum agrees with the authoritative hashes like a go.sum; a vendor/ made by
 * `go work vendor` is consistent and fresh; and `go work sync` would not change any module's
 * requirements. go runs on a scratch copy of the workspace.
 */










/** What `go work sync` does to a module's go.mod, in words: requirements it raises, requirements it adds. */
function syncChangeWords(before, after) {
    const requires = (text) => new Map(summariseModFile(text).requires.map((r) => [r.path, r.version]));
    const was = requires(before);
    const now = requires(after);
    let raised = 0;
    let added = 0;
    for (const [path, version] of now) {
        const old = was.get(path);
        if (old === undefined)
            added++;
        else if (old !== version)
            raised++;
    }
    const adds = `${added} requirement${added === 1 ? '' : 's'} the workspace builds with ${added === 1 ? 'is' : 'are'} missing`;
    if (added && raised)
        return `its requirements are older than the versions the workspace builds with, and ${adds}`;
    if (added)
        return adds;
    return 'its requirements are older than the versions the workspace builds with';
}
function isDirectory(p) {
    return (0,promises_.stat)(p).then((s) => s.isDirectory(), () => false);
}
/**
 * Whether `p` may be copied with its links resolved: it stays inside `realRoot`, is a regular file
 * or directory, and is no link to a directory that contains it (a loop).
 */
function safeToCopy(realRoot, p) {
    try {
        const real = (0,external_node_fs_.realpathSync)(p);
        if (!isInside(realRoot, real))
            return false;
        const st = (0,external_node_fs_.statSync)(real);
        if (st.isDirectory())
            return !(0,external_node_fs_.lstatSync)(p).isSymbolicLink() || !isInside(real, (0,external_node_fs_.realpathSync)((0,external_node_path_.dirname)(p)));
        return st.isFile();
    }
    catch {
        return false; // broken links and loops: go would fail on them anyway
    }
}
/** Directories never copied into the scratch workspace. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'vendor']);
const REPLACED_OUTSIDE = 'a local replacement points outside the workspace (see the replace-local findings)';
/** go failed on a module replaced by a directory (`(replaced by ../x)`), which the scratch copy does not hold. */
const replacedOutside = (stderr) => /\(replaced by [./\\]/.test(stderr);
/** Checks the go.work at `file` (relative to ctx.root). Writes only under ctx.scratch. */
async function checkWorkspace(file, ctx) {
    const abs = (0,external_node_path_.join)(ctx.root, file);
    const workDir = (0,external_node_path_.dirname)(abs);
    const relOf = (p) => (0,external_node_path_.relative)(ctx.root, p).split(external_node_path_.sep).join('/') || '.';
    const findings = [];
    const skippedSteps = [];
    const log = [];
    const go = async (args, cwd, env) => {
        const r = await ctx.go.run(args, { cwd, env });
        log.push(`$ go ${args.join(' ')}  → exit ${r.exitCode} (${r.durationMs} ms)`);
        return r;
    };
    const read = await readCheckoutText(ctx.repoRoot, abs, READ_LIMITS.modFile);
    const text = read.ok ? read.text : '';
    const summary = summariseModFile(text);
    const done = () => ({
        report: { file, uses: summary.uses.map((u) => u.dir), status: findings.length ? 'findings' : 'clean', findings, skippedSteps },
        log
    });
    if (!read.ok) {
        findings.push(unreadableFinding(file, read.missing ? MISSING : read.refusal));
        skippedSteps.push({ step: 'workspace', reason: 'go.work was not read' });
        return done();
    }
    // go.work itself, parsed by go.
    // Parsing needs no toolchain switch (GOTOOLCHAIN=auto would try one for a newer go line).
    const edit = await go(['work', 'edit', '-json', abs], workDir, { ...ctx.env, GOTOOLCHAIN: 'local' });
    if (edit.exitCode !== 0) {
        const at = parseFileLineErrors(edit.stderr, 'go.work')[0];
        findings.push({
            kind: 'malformed',
            file,
            ...(at ? { line: at.line } : {}),
            message: at ? `go.work:${at.line}: ${at.message}` : 'go.work cannot be parsed',
            detail: edit.stderr.trim()
        });
        skippedSteps.push({ step: 'workspace', reason: 'go.work cannot be parsed' });
        return done();
    }
    if (summary.go && needsNewerGo(summary.go.version, ctx.goVersion, ctx.env)) {
        findings.push(goVersionFinding('go.work', summary.go.version, ctx.goVersion, file, summary.go.line, undefined, ctx.env.GOTOOLCHAIN));
    }
    else if (toolchainCanSwitch(ctx.env)) {
        // GOTOOLCHAIN lets go switch to the Go the workspace asks for; when it cannot get it, that is the finding.
        const probe = await go(['version'], workDir, { ...ctx.env, GOWORK: abs });
        const failed = probe.exitCode === 0 ? null : toolchainUnavailable(probe.stderr);
        if (failed) {
            const required = summary.go && compareGoVersions(summary.go.version, ctx.goVersion) > 0 ? summary.go.version : failed.version;
            findings.push(goVersionFinding('go.work', required, ctx.goVersion, file, summary.go?.line, `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN} could not get go${failed.version}: ${failed.message}`));
        }
    }
    // Every use directory: inside the repository, present, with a go.mod.
    const useDirs = [];
    for (const u of summary.uses) {
        const dir = (0,external_node_path_.resolve)(workDir, u.dir);
        // Where the directory really is: a link inside the repository to outside of it is outside.
        const where = isInside(ctx.repoRoot, dir) ? await resolveInCheckout(ctx.repoRoot, dir) : null;
        const gomod = where && 'real' in where ? await resolveInCheckout(ctx.repoRoot, (0,external_node_path_.join)(dir, 'go.mod')) : null;
        const problem = !where || ('refusal' in where && where.refusal.reason === 'outside')
            ? 'is outside the repository'
            : !('real' in where) || !(await isDirectory(where.real))
                ? 'does not exist'
                : !gomod || 'missing' in gomod
                    ? 'has no go.mod'
                    : null;
        if (gomod && 'refusal' in gomod) {
            findings.push(unreadableFinding(relOf((0,external_node_path_.join)(dir, 'go.mod')), gomod.refusal));
        }
        else if (problem) {
            findings.push({ kind: 'workspace-error', file, line: u.line, message: `use ${u.dir}: the directory ${problem}`, use: u.dir, detail: `use ${u.dir}: ${problem}` });
        }
        else
            useDirs.push(dir);
    }
    const sumFile = (0,external_node_path_.join)(workDir, 'go.work.sum');
    const sumRead = await readCheckoutText(ctx.repoRoot, sumFile, READ_LIMITS.sumFile);
    if (!sumRead.ok && !sumRead.missing)
        findings.push(unreadableFinding(relOf(sumFile), sumRead.refusal));
    const sumText = sumRead.ok ? sumRead.text : null;
    // go.work.sum, line by line against the authoritative hashes; sync then runs on the corrected file.
    let correctedSum = sumText;
    const sumCheck = async () => {
        if (sumText === null)
            return [];
        const parsed = parse_parseGoSum(sumText);
        const resolved = await lookUpHashes(parsed.entries, ctx);
        log.push(`go.work.sum: ${parsed.entries.length} lines`);
        const result = sumFileFindings(parsed, resolved, relOf(sumFile), 'go.work.sum');
        if (result.unchecked.length)
            skippedSteps.push({ step: 'checksums of some go.work.sum lines', reason: result.unchecked.join('; ') });
        if (result.corrected.size || parsed.malformed.length)
            correctedSum = rebuildGoSum(sumText, result.corrected, new Set(parsed.malformed.map((m) => m.line)));
        return result.findings;
    };
    // vendor/ made by `go work vendor` belongs to the workspace: checked here, in workspace mode.
    const vendored = await isWorkspaceVendor(workDir, ctx.repoRoot);
    // go work vendor and go work sync on a scratch copy of the workspace, with every go.sum corrected.
    const syncCheck = async () => {
        const out = [];
        if (findings.some((f) => f.kind === 'workspace-error' || f.kind === 'go-version')) {
            if (vendored)
                skippedSteps.push({ step: 'vendor', reason: 'the workspace cannot be loaded as it is' });
            skippedSteps.push({ step: 'go work sync', reason: 'the workspace cannot be loaded as it is' });
            return out;
        }
        // go reads every use's sources: nothing of them may lead out of the repository.
        const unsafe = await unsafeForGo(ctx.repoRoot, useDirs);
        for (const u of unsafe)
            out.push(unreadableFinding(relOf(u.path), u.refusal));
        if (unsafe.length || findings.some((f) => f.kind === 'unreadable')) {
            skippedSteps.push({ step: 'go work sync', reason: 'a file go would read was not read' });
            return out;
        }
        const base = useDirs.every((d) => isInside(workDir, d)) ? workDir : ctx.repoRoot;
        const copy = (0,external_node_path_.join)(ctx.scratch, 'workspace');
        const realRepo = (0,external_node_fs_.realpathSync)(ctx.repoRoot);
        await (0,promises_.cp)(base, copy, {
            recursive: true,
            // Links are copied as what they point to, so go in the copy can neither write through one into
            // the checkout nor follow one out of it (those are left out), nor loop.
            dereference: true,
            filter: (src) => src === base || (!NOT_COPIED.has(src.slice(src.lastIndexOf(external_node_path_.sep) + 1)) && safeToCopy(realRepo, src))
        });
        const copiedWork = (0,external_node_path_.join)(copy, (0,external_node_path_.relative)(base, abs));
        if (correctedSum !== null && correctedSum !== sumText)
            await (0,promises_.writeFile)((0,external_node_path_.join)((0,external_node_path_.dirname)(copiedWork), 'go.work.sum'), correctedSum);
        // A wrong hash in a module's go.sum is that module's finding: here it would only stop go.
        await Promise.all(useDirs.map((d) => correctModuleSum(d, (0,external_node_path_.join)(copy, (0,external_node_path_.relative)(base, d)))));
        if (vendored) {
            const v = await vendorCheck((0,external_node_path_.dirname)(copiedWork), copiedWork);
            out.push(...v.findings);
            skippedSteps.push(...v.skipped);
        }
        const raw = await go(['work', 'sync'], (0,external_node_path_.dirname)(copiedWork), { ...ctx.env, GOWORK: copiedWork });
        // go names files in the scratch copy; say where they are in the repository.
        const sync = { ...raw, stderr: raw.stderr.split(copy).join(base) };
        if (sync.exitCode !== 0) {
            // Failures whose cause is reported elsewhere (a wrong go.sum line in a module, a local replacement
            // outside the repository) or is not the workspace's (the network) do not make a second finding.
            const elsewhere = /checksum mismatch/.test(sync.stderr)
                ? 'a go.sum line disagrees with the authoritative hash (reported with the module)'
                : replacedOutside(sync.stderr)
                    ? REPLACED_OUTSIDE
                    : classifyGoError(sync.stderr) === 'network'
                        ? firstErrorLine(sync.stderr)
                        : null;
            if (elsewhere) {
                skippedSteps.push({ step: 'go work sync', reason: elsewhere });
            }
            else {
                out.push({ kind: 'workspace-error', file, message: `go work sync fails: ${firstErrorLine(sync.stderr)}`, detail: sync.stderr.trim() });
            }
            return out;
        }
        for (const dir of useDirs) {
            const was = await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(dir, 'go.mod'), READ_LIMITS.modFile);
            if (!was.ok)
                continue; // checked above: cannot happen unless the checkout changes meanwhile
            const before = was.text;
            const after = await (0,promises_.readFile)((0,external_node_path_.join)(copy, (0,external_node_path_.relative)(base, dir), 'go.mod'), 'utf8').catch(() => before);
            if (before === after)
                continue;
            const moduleDir = relOf(dir);
            const gomod = moduleDir === '.' ? 'go.mod' : `${moduleDir}/go.mod`;
            out.push({
                kind: 'workspace-sync',
                file: gomod,
                message: `go work sync would change ${gomod}: ${syncChangeWords(before, after)}`,
                module: moduleDir,
                diff: formatGoDiff(gomod, before, after, 'synced')
            });
        }
        return out;
    };
    /** Writes `from`'s go.sum into `to` with every wrong hash replaced by the authoritative one. */
    const correctModuleSum = async (from, to) => {
        const read = await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(from, 'go.sum'), READ_LIMITS.sumFile);
        if (!read.ok)
            return;
        const text = read.text;
        const parsed = parse_parseGoSum(text);
        const resolved = await lookUpHashes(parsed.entries, ctx);
        const { corrected } = sumFileFindings(parsed, resolved, '', 'go.sum');
        if (corrected.size || parsed.malformed.length)
            await (0,promises_.writeFile)((0,external_node_path_.join)(to, 'go.sum'), rebuildGoSum(text, corrected, new Set(parsed.malformed.map((m) => m.line))));
    };
    /** The committed vendor/ beside go.work, checked in workspace mode in the scratch copy `dir`. */
    const vendorCheck = async (dir, work) => {
        const env = { ...ctx.env, GOWORK: work };
        const rel = (f) => relOf((0,external_node_path_.join)(workDir, f));
        let fresh = (0,external_node_path_.join)(ctx.scratch, 'vendor-out', 'vendor');
        let made = await go(['work', 'vendor', '-o', fresh], dir, env);
        let drift = made.exitCode === 0 ? await vendorDrift(workDir, fresh, rel, 'go work vendor', ctx.repoRoot) : [];
        // go work vendor copies from the module cache: when it is modified (the modules report it), its
        // tampered files must not be the reference, so vendor/ is compared with modules downloaded afresh.
        let cleanFailed = false;
        if (drift.some((f) => f.kind === 'vendor-modified') && (await go(['mod', 'verify'], dir, env)).exitCode !== 0) {
            const clean = (0,external_node_path_.join)(ctx.scratch, 'clean-modcache');
            log.push(`the module cache does not verify: vendor/ is compared with modules downloaded into ${clean}`);
            fresh = (0,external_node_path_.join)(ctx.scratch, 'vendor-clean-out', 'vendor');
            made = await go(['work', 'vendor', '-o', fresh], dir, { ...env, GOMODCACHE: clean, GOFLAGS: [ctx.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ') });
            drift = made.exitCode === 0 ? await vendorDrift(workDir, fresh, rel, 'go work vendor', ctx.repoRoot) : [];
            cleanFailed = made.exitCode !== 0;
        }
        // Consistency reads only vendor/modules.txt: the committed one (read safely), placed in the copy.
        const modulesTxt = await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(workDir, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
        let result;
        if (modulesTxt.ok) {
            await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'vendor'), { recursive: true });
            await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'vendor', 'modules.txt'), modulesTxt.text);
            result = consistencyFindings(await go(['list', '-mod=vendor', '-m'], dir, env), rel);
            await (0,promises_.rm)((0,external_node_path_.join)(dir, 'vendor'), { recursive: true, force: true }); // go work sync must not see it
        }
        else {
            result = { findings: [unreadableFinding(rel('vendor/modules.txt'), modulesTxt.missing ? MISSING : modulesTxt.refusal)], skipped: [{ step: 'vendor consistency', reason: 'vendor/modules.txt was not read' }] };
            drift = drift.filter((f) => !(f.kind === 'unreadable' && f.file === rel('vendor/modules.txt')));
        }
        if (made.exitCode !== 0) {
            // As for go work sync: a replacement that leads out of the copy is the replace-local finding's cause.
            const why = replacedOutside(made.stderr) ? REPLACED_OUTSIDE : vendorFailure(made, 'go work vendor');
            result.skipped.push({ step: 'vendor freshness', reason: cleanFailed ? `the module cache is modified and a clean copy could not be downloaded: ${why}` : why });
        }
        result.findings.push(...drift);
        return result;
    };
    const sums = await sumCheck();
    const synced = await syncCheck();
    findings.push(...sums, ...synced);
    return done();
}

;// CONCATENATED MODULE: ./src/engine/environment.ts
/** Go settings that quietly switch off what go-mod-hygiene (and go) check. Pure. */

/** Well-known public module paths: a GONOSUMDB/GOPRIVATE pattern matching one switches the checksum database off for public code. */
const PUBLIC_MODULE_SAMPLES = [
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
function riskySettings(values, workspace, environ = {}) {
    const out = [];
    const add = (variable, value, risk) => {
        out.push({ kind: 'risky-setting', message: `${variable}=${value}: ${risk}`, variable, value, risk });
    };
    const gosumdb = values.GOSUMDB ?? '';
    if (gosumdb === 'off')
        add('GOSUMDB', gosumdb, 'the checksum database is off, so no new go.sum line is checked against it');
    const nosumdb = values.GONOSUMDB ? 'GONOSUMDB' : 'GOPRIVATE';
    const patterns = values[nosumdb] ?? '';
    if (gosumdb !== 'off' && patterns) {
        const broad = patterns
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p && PUBLIC_MODULE_SAMPLES.some((m) => matchPrefixPatterns(p, m)));
        for (const p of broad) {
            const example = PUBLIC_MODULE_SAMPLES.find((m) => matchPrefixPatterns(p, m));
            add(nosumdb, patterns, `the pattern ${JSON.stringify(p)} switches checksum verification off for public modules too (e.g. ${example}); list private paths only, like github.com/your-org`);
        }
    }
    if (values.GOINSECURE) {
        // With the checksum database off for the same paths, nothing at all vouches for what arrives.
        const unchecked = gosumdb === 'off' || values.GOINSECURE.split(',').some((p) => p.trim() && patterns.split(',').some((q) => q.trim() && (matchPrefixPatterns(q, p.trim()) || matchPrefixPatterns(p.trim(), q.trim()))));
        add('GOINSECURE', values.GOINSECURE, unchecked
            ? 'modules matching it are fetched over plain HTTP or without certificate checks, and the checksum database does not check them either: anyone on the network path can change their code'
            : 'modules matching it are fetched over plain HTTP or without certificate checks');
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
            const example = PUBLIC_MODULE_SAMPLES.find((m) => matchPrefixPatterns(p, m));
            add('GONOPROXY', values.GONOPROXY, `the pattern ${JSON.stringify(p)} sends public modules (e.g. ${example}) past GOPROXY straight to their origin, around any filtering or caching proxy; list private paths only`);
        }
    }
    if (environ.GONOSUMCHECK !== undefined && environ.GONOSUMCHECK !== '') {
        add('GONOSUMCHECK', environ.GONOSUMCHECK, 'go has no such setting and ignores it: checksums are still checked (GONOSUMDB is the setting that exempts private paths from the checksum database)');
    }
    const flags = (values.GOFLAGS ?? '').split(/\s+/).filter(Boolean);
    if (flags.includes('-insecure'))
        add('GOFLAGS', values.GOFLAGS, '-insecure no longer exists; go rejects it');
    const modFlag = flags.find((f) => f.startsWith('-mod='));
    if (modFlag === '-mod=vendor') {
        add('GOFLAGS', values.GOFLAGS, '-mod=vendor makes every go command build from vendor/ only: a module without vendor/ fails, and go neither downloads nor checks checksums there (go-mod-hygiene checks without it)');
    }
    if (modFlag === '-mod=mod') {
        add('GOFLAGS', values.GOFLAGS, workspace
            ? '-mod=mod is rejected in workspace mode: every go command in this go.work fails'
            : '-mod=mod lets every go command rewrite go.mod and go.sum silently, so CI builds can differ from the committed files');
    }
    return out;
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(6);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/engine/discover.ts




/** Directories whose go.mod files are skipped by default, with the reason reported. */
const SKIP_DIRS = {
    vendor: 'under vendor/',
    testdata: 'under testdata/'
};
/** Directories never descended into. */
const NEVER_WALK = new Set(['node_modules', '.git']);
function toSlash(p) {
    return p.split(external_node_path_.sep).join('/') || '.';
}
/**
 * Finds go.mod files below `root`. With no patterns: every module except those under
 * vendor/, testdata/, node_modules/ and dot-directories. Patterns are globs of module
 * directories relative to `root`; `!pattern` excludes. Only-negative lists start from the default set.
 */
async function discoverModules(root, patterns, repoRoot = root) {
    const found = [];
    const workspaces = [];
    const unreadable = [];
    const linked = [];
    // Symbolic links to directories are never followed (no loops, nothing outside the repository);
    // a go.mod or go.work that is a link counts, and is then read (or refused) by the check.
    async function walk(abs, inherited) {
        const rel = toSlash((0,external_node_path_.relative)(root, abs));
        let entries;
        try {
            entries = await (0,promises_.readdir)(abs, { withFileTypes: true });
        }
        catch (e) {
            unreadable.push({ dir: rel, problem: `cannot be read (${e.code ?? 'error'})`, reason: 'unreadable', defaultSkip: inherited });
            return;
        }
        if (entries.some((e) => !e.isDirectory() && e.name === 'go.mod'))
            found.push({ dir: rel, defaultSkip: inherited });
        if (entries.some((e) => !e.isDirectory() && e.name === 'go.work') && inherited === null) {
            workspaces.push(rel === '.' ? 'go.work' : `${rel}/go.work`);
        }
        const names = entries.filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !NEVER_WALK.has(e.name) && !e.name.startsWith('.'));
        for (const e of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const path = (0,external_node_path_.join)(abs, e.name);
            if (e.isDirectory()) {
                await walk(path, inherited ?? SKIP_DIRS[e.name] ?? null);
                continue;
            }
            // A link to a directory holding a go.mod: name it instead of leaving the module out unseen.
            if (!(await (0,promises_.lstat)((0,external_node_path_.join)(path, 'go.mod')).catch(() => null)))
                continue;
            const dir = toSlash((0,external_node_path_.relative)(root, path));
            const where = await resolveInCheckout(repoRoot, path);
            if ('refusal' in where)
                unreadable.push({ dir, ...where.refusal, defaultSkip: inherited });
            else if ('real' in where)
                linked.push({ dir, reason: `a symbolic link to ${toSlash((0,external_node_path_.relative)(root, where.real))} (not followed)` });
        }
    }
    await walk(root, null);
    const positive = patterns.filter((p) => !p.startsWith('!')).map(normalisePattern);
    const negative = patterns.filter((p) => p.startsWith('!')).map((p) => normalisePattern(p.slice(1)));
    const isIncluded = positive.length ? picomatch_default()(positive, { dot: true }) : null;
    const isExcluded = negative.length ? picomatch_default()(negative, { dot: true }) : null;
    const modules = [];
    const skipped = [];
    for (const { dir, defaultSkip } of found) {
        if (isExcluded?.(dir))
            skipped.push({ dir, reason: 'excluded by the modules input' });
        else if (isIncluded) {
            if (isIncluded(dir))
                modules.push(dir);
            else
                skipped.push({ dir, reason: 'not matched by the modules input' });
        }
        else if (defaultSkip)
            skipped.push({ dir, reason: defaultSkip });
        else
            modules.push(dir);
    }
    // A directory not read may hold modules the patterns ask for: named unless excluded or default-skipped.
    const bases = positive.map((p) => picomatch_default().scan(p).base);
    const mayHold = (dir) => !isIncluded || isIncluded(dir) || bases.some((b) => b === '' || dir === '.' || b === dir || b.startsWith(`${dir}/`) || dir.startsWith(`${b}/`));
    const notRead = unreadable.filter((u) => !isExcluded?.(u.dir) && mayHold(u.dir) && (isIncluded || !u.defaultSkip)).map(({ dir, problem, reason }) => ({ dir, problem, reason }));
    for (const l of linked)
        if (!isExcluded?.(l.dir) && (!isIncluded || isIncluded(l.dir)))
            skipped.push(l);
    return {
        modules: modules.sort(compareDirs),
        skipped: skipped.sort((a, b) => compareDirs(a.dir, b.dir)),
        workspaces,
        unreadable: notRead.sort((a, b) => compareDirs(a.dir, b.dir))
    };
}
function normalisePattern(p) {
    const trimmed = p.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
    return trimmed === '' ? '.' : trimmed;
}
/** Root first, then lexical by path segments. */
function compareDirs(a, b) {
    if (a === b)
        return 0;
    if (a === '.')
        return -1;
    if (b === '.')
        return 1;
    return a < b ? -1 : 1;
}

;// CONCATENATED MODULE: ./src/engine/lookups.ts


/** True when GOPROXY leaves go no way to ask for version lists. */
function lookupsImpossible(goproxy) {
    const entries = goproxy.split(/[,|]/).map((p) => p.trim()).filter(Boolean);
    return entries.length > 0 && entries[0] === 'off';
}
/** Sorts updates furthest behind first: major, then minor, then patch differences, then path. */
function sortUpdates(updates) {
    const rank = { major: 0, minor: 1, patch: 2, other: 3 };
    return [...updates].sort((a, b) => rank[a.behind] - rank[b.behind] ||
        b.distance[0] - a.distance[0] ||
        b.distance[1] - a.distance[1] ||
        b.distance[2] - a.distance[2] ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/**
 * Runs the lookups for every requirement in go.mod. `updates` adds an `outdated` finding
 * listing newer versions of direct dependencies.
 */
async function lookupModules(go, mod, modfile, file, options) {
    const paths = [...new Set(mod.requires.map((r) => r.path))];
    if (paths.length === 0)
        return { findings: [], unavailable: null };
    if (lookupsImpossible(options.goproxy))
        return { findings: [], unavailable: `GOPROXY=${options.goproxy}: go cannot fetch version lists` };
    const r = await go(['list', '-m', '-e', '-u', '-retracted', '-json', '-mod=mod', `-modfile=${modfile}`, ...paths]);
    const records = parseJsonStream(r.stdout);
    if (r.exitCode !== 0 && records.length === 0) {
        return { findings: [], unavailable: r.stderr.trim().split('\n')[0] ?? `go list exited ${r.exitCode}` };
    }
    const findings = [];
    const failed = [];
    const updates = [];
    const lineOf = (p) => mod.requires.find((x) => x.path === p)?.line;
    for (const rec of records) {
        if (!rec.Version)
            continue;
        const line = lineOf(rec.Path);
        const at = { file, ...(line ? { line } : {}) };
        if (rec.Error)
            failed.push(`${rec.Path}: ${rec.Error.Err.split('\n')[0].trim()}`);
        if (rec.Retracted?.length) {
            findings.push({
                kind: 'retracted',
                ...at,
                message: `${rec.Path} ${rec.Version} is retracted by its authors: ${rec.Retracted.join('; ')}`,
                module: rec.Path,
                version: rec.Version,
                reasons: rec.Retracted,
                indirect: Boolean(rec.Indirect),
                ...(rec.Update ? { latest: rec.Update.Version } : {})
            });
        }
        if (rec.Deprecated) {
            findings.push({
                kind: 'deprecated',
                ...at,
                message: `${rec.Path} is deprecated: ${rec.Deprecated}`,
                module: rec.Path,
                version: rec.Version,
                deprecation: rec.Deprecated,
                indirect: Boolean(rec.Indirect)
            });
        }
        const direct = mod.requires.some((x) => x.path === rec.Path && !x.indirect);
        if (options.updates && direct && rec.Update && rec.Update.Version !== rec.Version) {
            const d = versionDistance(rec.Version, rec.Update.Version);
            updates.push({
                path: rec.Path,
                version: rec.Version,
                latest: rec.Update.Version,
                behind: d.level,
                distance: [d.major, d.minor, d.patch],
                ...(rec.Time ? { time: rec.Time } : {}),
                ...(rec.Update.Time ? { latestTime: rec.Update.Time } : {})
            });
        }
    }
    if (updates.length) {
        const sorted = sortUpdates(updates);
        const outdated = {
            kind: 'outdated',
            file,
            message: `${updates.length} direct ${updates.length === 1 ? 'dependency has' : 'dependencies have'} a newer version (furthest behind: ${sorted[0].path} ${sorted[0].version} → ${sorted[0].latest})`,
            updates: sorted
        };
        findings.push(outdated);
    }
    const unavailable = failed.length ? `${failed.length} of ${records.length} module(s) could not be looked up: ${failed[0]}` : null;
    return { findings, unavailable };
}

;// CONCATENATED MODULE: ./src/engine/scrub.ts

function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * Rewrites this tool's scratch paths in go's messages as the reader knows them: go names the
 * `-modfile` copy (absolute, or relative to the module when shorter), never the user's go.mod.
 * `<scratch>/<step>/go.mod` becomes the module's go.mod (`rel('go.mod')`), the fresh vendor tree
 * `vendor/ as go mod vendor writes it`, anything else under scratch just `<scratch>`.
 */
function scratchScrubber(scratch, moduleDir, rel) {
    const forms = [...new Set([scratch, (0,external_node_path_.relative)(moduleDir, scratch)])].filter((f) => f.length > 1).sort((a, b) => b.length - a.length);
    const any = `(?:${forms.map(escapeRegExp).join('|')})`;
    const re = new RegExp(`${any}/[^/\\s:'"]+/(go\\.mod|go\\.sum)\\b|${any}/vendor-out/vendor\\b|${any}(?:/[^\\s:'"]*)?`, 'g');
    return (s) => s.replace(re, (m, file) => (file ? rel(file) : m.includes('/vendor-out/vendor') ? 'vendor/ as go mod vendor writes it' : '<scratch>'));
}
/** The finding with every text field go may have filled passed through `scrub`. */
function scrubFinding(f, scrub) {
    const out = { ...f };
    for (const key of ['message', 'output', 'detail', 'problem']) {
        const v = out[key];
        if (typeof v === 'string')
            out[key] = scrub(v);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/util/errors.ts
/** Normalises anything thrown into an Error, so a thrown string cannot leave the step green. */
function wrapError(e) {
    if (e instanceof Error)
        return e;
    return new Error(typeof e === 'string' ? e : JSON.stringify(e));
}

;// CONCATENATED MODULE: ./src/engine/internal.ts

/** What was being done, as the finding says it. */
const DOING = {
    module: 'checking this module',
    workspace: 'checking this go.work',
    tidy: 'running go mod tidy'
};
/**
 * An exception of go-mod-hygiene's own (a fault in this tool, not something go reported) as a
 * finding, and the log lines that go with it: the stack goes to the log only, for a bug report.
 */
function internalError(step, thrown, file) {
    const e = wrapError(thrown);
    const message = e.message.split('\n')[0] ?? '';
    return {
        finding: { kind: 'internal-error', step, ...(file ? { file } : {}), message: `go-mod-hygiene failed while ${DOING[step]}: ${message}`, output: e.message },
        log: [`internal error while ${DOING[step]}: ${e.stack ?? e.message}`]
    };
}

;// CONCATENATED MODULE: ./src/engine/versions.ts
/** Require lines whose version go accepts but rewrites: pure, from go.mod and go's download answer. */

/** semver.IsValid && semver.Canonical(v) == v, with go's +incompatible suffix allowed. */
const versions_CANONICAL = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+incompatible)?$/;
function isCanonicalVersion(v) {
    return versions_CANONICAL.test(v);
}
/**
 * `require example.com/lib v1.1`: go treats the version as a query and builds with what it
 * resolves to, `go mod tidy` writes that, and `go mod tidy -diff` shows nothing. `downloadJson` is
 * `go mod download -json` output for the module, where the version go selected is read.
 */
function nonCanonicalRequires(summary, downloadJson, file) {
    const bad = summary.requires.filter((r) => !isCanonicalVersion(r.version));
    if (bad.length === 0)
        return [];
    const selected = new Map(parseJsonStream(downloadJson).map((r) => [r.Path ?? '', r.Version ?? '']));
    return bad.map((r) => {
        const resolved = selected.get(r.path);
        return {
            kind: 'malformed',
            file,
            line: r.line,
            message: `go.mod:${r.line}: require ${r.path} ${r.version}: not a canonical version (like v1.2.3); ${resolved ? `go resolves it to ${resolved}, and go mod tidy would write ${resolved}` : 'go resolves it as a query on every run, and go mod tidy would write the version it finds'} (go mod tidy -diff does not show this)`,
            detail: `${r.path} ${r.version}`
        };
    });
}

;// CONCATENATED MODULE: ./src/engine/check.ts














/** Checks one module: go.mod, go.sum against authoritative hashes, download, tidy, verify. Writes only under ctx.scratch. */
async function checkModule(dir, ctx) {
    const started = ctx.clock.now();
    const abs = dir === '.' ? ctx.root : (0,external_node_path_.join)(ctx.root, dir);
    const rel = (f) => (dir === '.' ? f : `${dir}/${f}`);
    const findings = [];
    const skippedSteps = [];
    const log = [];
    const localTargets = [];
    const scrub = scratchScrubber(ctx.scratch, abs, rel);
    const report = (path, gomod) => ({
        report: {
            dir,
            path,
            goVersion: gomod?.Go ?? null,
            toolchain: gomod?.Toolchain ?? null,
            status: findings.length ? 'findings' : 'clean',
            findings: findings.map((f) => scrubFinding(f, scrub)),
            skippedSteps: skippedSteps.map((s) => ({ step: s.step, reason: scrub(s.reason) })),
            durationMs: ctx.clock.now() - started
        },
        log,
        localTargets
    });
    /** Runs go in the module's directory, logging the call to `to`. */
    const logTo = (to) => async (args, extraEnv = {}) => {
        const r = await ctx.go.run(args, { cwd: abs, env: { ...ctx.env, ...extraEnv } });
        to.push(`$ go ${args.join(' ')}  → exit ${r.exitCode} (${r.durationMs} ms)`);
        return r;
    };
    const go = logTo(log);
    const skipRest = (reason, ...steps) => {
        for (const step of steps)
            skippedSteps.push({ step, reason });
    };
    // go.mod: the plainest files are read here (plainGoModJson gives what go mod edit -json would);
    // any other is parsed by go itself, so a malformed file is reported exactly as go sees it.
    // Every file of the checkout is read through readCheckoutText: a link out of the repository is refused, not followed.
    const modRead = await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(abs, 'go.mod'), READ_LIMITS.modFile);
    if (!modRead.ok) {
        findings.push(unreadableFinding(rel('go.mod'), modRead.missing ? MISSING : modRead.refusal));
        skipRest('go.mod was not read', 'checksums', 'download', 'tidy', 'verify');
        return report(null, null);
    }
    const gomodText = modRead.text;
    const plain = gomodText === null ? null : plainGoModJson(gomodText);
    // Parsing needs no toolchain switch (GOTOOLCHAIN=auto would try one for a newer go line).
    const edit = plain ? null : await go(['mod', 'edit', '-json'], { GOTOOLCHAIN: 'local' });
    if (edit && edit.exitCode !== 0) {
        const at = parseFileLineErrors(edit.stderr)[0];
        findings.push({
            kind: 'malformed',
            file: rel('go.mod'),
            ...(at ? { line: at.line } : {}),
            message: at ? `go.mod:${at.line}: ${at.message}` : `go.mod cannot be parsed`,
            detail: edit.stderr.trim()
        });
        skipRest('go.mod cannot be parsed', 'checksums', 'download', 'tidy', 'verify');
        return report(null, null);
    }
    const gomod = plain ?? JSON.parse(edit.stdout);
    const modPath = gomod.Module?.Path || null;
    log.push(`module ${modPath ?? '?'} (go ${gomod.Go ?? 'unset'})`);
    if (!modPath) {
        // Every go command stops here ("missing module declaration"): say so, not a download error from a scratch copy.
        const empty = !gomodText?.trim();
        findings.push({
            kind: 'malformed',
            file: rel('go.mod'),
            message: `go.mod ${empty ? 'is empty' : 'has no module directive'}: go needs a "module <path>" line`,
            detail: 'go: error reading go.mod: missing module declaration'
        });
        skipRest('go.mod has no module directive', 'checksums', 'download', 'tidy', 'verify');
        return report(null, gomod);
    }
    // Why go cannot load this module, if it cannot: the steps that need that (download, tidy, verify,
    // vendor/, lookups) then say so, while those that do not (directives, go.sum hashes) still run.
    let unloadable = null;
    if (needsNewerGo(gomod.Go, ctx.goVersion, ctx.env)) {
        findings.push(goVersionFinding('go.mod', gomod.Go, ctx.goVersion, rel('go.mod'), undefined, undefined, ctx.env.GOTOOLCHAIN));
        unloadable = `needs go ${gomod.Go}`;
    }
    else if (toolchainCanSwitch(ctx.env)) {
        // GOTOOLCHAIN lets go switch to the Go that go.mod asks for: when it cannot get it, every go call
        // of this module fails the same way, which is the go-version finding and nothing else.
        const probe = await go(['version']);
        const failed = probe.exitCode === 0 ? null : toolchainUnavailable(probe.stderr);
        if (failed) {
            // The go line, the toolchain line, or GOTOOLCHAIN itself named the Go that could not be had.
            const byGoLine = !!gomod.Go && compareGoVersions(gomod.Go, ctx.goVersion) > 0;
            const who = byGoLine ? 'go.mod' : gomod.Toolchain ? `go.mod's toolchain ${gomod.Toolchain}` : `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN}`;
            const required = byGoLine ? gomod.Go : failed.version;
            findings.push(goVersionFinding(who, required, ctx.goVersion, rel('go.mod'), undefined, `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN} could not get go${failed.version}: ${failed.message}`));
            unloadable = `needs go ${required}`;
        }
    }
    if (gomodText === null)
        throw new Error(`${rel('go.mod')} cannot be read, though go could`);
    const summary = summariseModFile(gomodText);
    const directives = await checkDirectives(summary, {
        moduleDir: abs,
        repoRoot: ctx.repoRoot,
        file: rel('go.mod'),
        goVersion: ctx.goVersion,
        gotoolchain: ctx.env.GOTOOLCHAIN ?? 'local'
    });
    findings.push(...directives.findings);
    for (const t of directives.localTargets)
        localTargets.push(t);
    if (directives.blocking)
        unloadable ??= `go cannot load this module: ${directives.blocking}`;
    const vendored = await hasVendorDir(abs);
    // vendor/ made by `go work vendor` belongs to the go.work beside it and is checked with it.
    const workspaceVendor = vendored && (await isWorkspaceVendor(abs, ctx.repoRoot));
    if (workspaceVendor)
        log.push('vendor/ was made by go work vendor: checked with the go.work beside it');
    // go runs in the module's directory from here on: whatever it would read there (and in local
    // replacements) must stay inside the repository, or go does not run at all.
    const unsafe = await unsafeForGo(ctx.repoRoot, [abs, ...directives.localTargets]);
    for (const u of unsafe)
        findings.push(unreadableFinding((0,external_node_path_.relative)(ctx.root, u.path).split(external_node_path_.sep).join('/'), u.refusal));
    // When go does not run, vendor/ is not compared: a refused vendor/modules.txt is still named.
    const vendorRefusals = async () => {
        if (!(await hasVendorDir(abs)))
            return;
        const where = await resolveInCheckout(ctx.repoRoot, (0,external_node_path_.join)(abs, 'vendor'));
        const txt = 'refusal' in where ? null : await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(abs, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
        if ('refusal' in where)
            findings.push(unreadableFinding(rel('vendor'), where.refusal));
        else if (txt && !txt.ok && !txt.missing)
            findings.push(unreadableFinding(rel('vendor/modules.txt'), txt.refusal));
    };
    const sumRead = await readCheckoutText(ctx.repoRoot, (0,external_node_path_.join)(abs, 'go.sum'), READ_LIMITS.sumFile);
    if (!sumRead.ok && !sumRead.missing) {
        findings.push(unreadableFinding(rel('go.sum'), sumRead.refusal));
        await vendorRefusals();
        skipRest('go.sum was not read', 'checksums', 'download', 'tidy', 'verify');
        return report(modPath, gomod);
    }
    // go.sum: every line checked against the authoritative hash, all mismatches in one run.
    const sumText = sumRead.ok ? sumRead.text : null;
    const parsed = parse_parseGoSum(sumText ?? '');
    const checkSums = async () => {
        const resolved = await lookUpHashes(parsed.entries, ctx);
        const sums = sumFileFindings(parsed, resolved, rel('go.sum'), 'go.sum');
        findings.push(...sums.findings);
        if (sums.unchecked.length)
            skippedSteps.push({ step: 'checksums of some go.sum lines', reason: sums.unchecked.join('; ') });
        return sums.corrected;
    };
    if (unsafe.length) {
        // The lookups run in an empty scratch directory, not here: they are still done.
        await checkSums();
        await vendorRefusals();
        skipRest(`go would read ${findings.find((f) => f.kind === 'unreadable').file}, which is not read`, 'download', 'tidy', 'verify');
        return report(modPath, gomod);
    }
    const prepare = async (name, sum) => {
        const d = (0,external_node_path_.join)(ctx.scratch, name);
        await (0,promises_.mkdir)(d, { recursive: true });
        await (0,promises_.writeFile)((0,external_node_path_.join)(d, 'go.mod'), gomodText);
        if (sum !== null)
            await (0,promises_.writeFile)((0,external_node_path_.join)(d, 'go.sum'), sum);
        return (0,external_node_path_.join)(d, 'go.mod');
    };
    const download = async (name, sum) => {
        const modfile = await prepare(name, sum);
        const result = await retry(() => go(['mod', 'download', '-json', `-modfile=${modfile}`]), (r) => r.exitCode !== 0 && downloadFailures(r).length > 0 && downloadFailures(r).every((f) => f.reason === 'network'), ctx.policy, ctx.clock);
        return { modfile, ...result };
    };
    // The download runs alongside the checksum lookups on the committed go.sum (minus malformed
    // lines); only when a hash turns out wrong is it repeated on the corrected go.sum.
    const withoutMalformed = sumText === null || parsed.malformed.length === 0 ? sumText : rebuildGoSum(sumText, new Map(), new Set(parsed.malformed.map((m) => m.line)));
    const optimistic = unloadable === null ? download('download', withoutMalformed) : null;
    // Tidy starts now too, on the same go.sum as the optimistic download; it is redone when a hash
    // turns out wrong. This early tidy is tried once: on a network failure it waits for the
    // download's verdict and is then run with retries like every other step.
    const crashed = (e) => ({ kind: 'crashed', error: e });
    const earlyTidy = optimistic
        ? prepare('tidy', withoutMalformed)
            .then((m) => runTidy(go, ctx, m, gomodText, withoutMalformed, { ...ctx.policy, attempts: 1 }))
            .catch(crashed)
        : null;
    // The module cache check starts as soon as that download is through, without waiting for the
    // lookups: when a hash turns out wrong, it is done again after the corrected download (the
    // versions it hashed meanwhile are not hashed twice), and this early run and its log are dropped.
    const earlyVerifyLog = [];
    const earlyVerify = optimistic
        ? optimistic
            .then((d) => (d.value.exitCode === 0 ? ctx.moduleCache.verify(d.modfile, logTo(earlyVerifyLog), earlyVerifyLog, abs) : null))
            .catch(() => null)
        : null;
    const corrected = await checkSums();
    log.push(`go.sum: ${parsed.entries.length} lines, ${corrected.size} mismatched, ${parsed.malformed.length} malformed`);
    // The scratch go.sum: committed lines, wrong hashes replaced, malformed lines dropped.
    const repaired = corrected.size > 0 || parsed.malformed.length > 0;
    const scratchSum = sumText === null ? null : repaired ? rebuildGoSum(sumText, corrected, new Set(parsed.malformed.map((m) => m.line))) : sumText;
    // What needs go to load the module; the first is the download.
    const goSteps = ['download', 'tidy', 'verify', ...(vendored && !workspaceVendor ? ['vendor'] : []), ...(ctx.lookups ? ['retractions and deprecations'] : [])];
    if (!optimistic || !earlyTidy || !earlyVerify) {
        skipRest(unloadable ?? 'go cannot load this module', ...goSteps);
        return report(modPath, gomod);
    }
    // Download: everything the module needs, retrying only transient network failures.
    const first = await optimistic;
    // Tidy again (with retries) on the corrected go.sum when a hash was wrong, or when the early
    // try failed on the network; called only once the download has succeeded.
    const tidying = () => earlyTidy
        .then((early) => corrected.size > 0 || (early.kind === 'error' && early.transient)
        ? prepare('tidy-again', scratchSum).then((m) => runTidy(go, ctx, m, gomodText, scratchSum))
        : early)
        .catch(crashed);
    const dl = corrected.size > 0 ? await download('download-again', scratchSum) : first;
    const dlMod = dl.modfile;
    const failures = dl.value.exitCode === 0 ? [] : downloadFailures(dl.value);
    const newer = parseRequiresNewerGo(dl.value.stderr);
    const unavailable = newer ? null : /download go(\S+) for \S+: toolchain not available/.exec(dl.value.stderr);
    if (unavailable) {
        // GOTOOLCHAIN=auto asked the proxy for a toolchain it does not have: the go line (or a dependency's) is the problem.
        const who = gomod.Go && compareGoVersions(gomod.Go, ctx.goVersion) > 0 ? 'go.mod' : 'a dependency';
        const f = goVersionFinding(who, unavailable[1], ctx.goVersion, rel('go.mod'), who === 'go.mod' ? summary.go?.line : undefined);
        findings.push({ ...f, message: `${who} requires go >= ${unavailable[1]}, newer than the go on this runner (${ctx.goVersion}), and GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN ?? 'auto'} could not download it: toolchain not available from the module proxy` });
        skipRest(`needs go ${unavailable[1]}`, ...goSteps.slice(1));
        await Promise.all([earlyTidy, earlyVerify]);
        return report(modPath, gomod);
    }
    // go could not load this go.mod (a godebug key this Go does not know, say): a line of the file, not a download.
    const loadErrors = /error loading go\.mod/.test(dl.value.stderr) ? parseFileLineErrors(dl.value.stderr).filter((e) => (0,external_node_path_.resolve)(abs, e.file) === dlMod) : [];
    if (loadErrors.length > 0) {
        for (const e of loadErrors) {
            const unknown = /^unknown godebug /.test(e.message) ? ` (go ${ctx.goVersion} does not know this setting: a newer or older Go may; remove it or run the Go it is meant for)` : '';
            findings.push({ kind: 'malformed', file: rel('go.mod'), line: e.line, message: `go.mod:${e.line}: ${e.message}${unknown}`, detail: `go.mod:${e.line}: ${e.message}` });
        }
        skipRest('go cannot load go.mod', ...goSteps.slice(1));
        await Promise.all([earlyTidy, earlyVerify]);
        return report(modPath, gomod);
    }
    if (newer) {
        findings.push(goVersionFinding(newer.who, newer.required, newer.running, rel('go.mod'), undefined, undefined, ctx.env.GOTOOLCHAIN));
        skipRest(`needs go ${newer.required}`, ...goSteps.slice(1));
        await Promise.all([earlyTidy, earlyVerify]);
        return report(modPath, gomod);
    }
    for (const f of failures) {
        // Already said: a failed lookup of this version, or a proxy serving it modified (go then refuses the download too).
        if (findings.some((x) => (x.kind === 'download-error' || x.kind === 'proxy-modified') && x.module === f.module && x.version === f.version))
            continue;
        findings.push(downloadError(f.module, f.version, f.reason, dl.attempts, f.message, rel('go.mod'), undefined));
    }
    findings.push(...nonCanonicalRequires(summary, dl.value.stdout, rel('go.mod')));
    if (failures.length > 0) {
        skipRest('the module graph could not be downloaded', ...goSteps.slice(1));
        await Promise.all([earlyTidy, earlyVerify]);
        return report(modPath, gomod);
    }
    const vendorFromCleanCache = async () => {
        const clean = (0,external_node_path_.join)(ctx.scratch, 'clean-modcache');
        log.push(`the module cache is modified: vendor/ is compared with modules downloaded into ${clean}`);
        const cleanGo = (args) => go(args, { GOMODCACHE: clean, GOFLAGS: [ctx.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ') });
        const r = await checkVendor(cleanGo, abs, await prepare('vendor-clean', scratchSum), (0,external_node_path_.join)(ctx.scratch, 'vendor-clean-out'), rel, ctx.repoRoot);
        return {
            findings: r.findings,
            skipped: r.skipped.map((x) => (x.step === 'vendor freshness' ? { ...x, reason: `the module cache is modified and a clean copy could not be downloaded: ${x.reason}` } : x))
        };
    };
    // Tidy, the module cache check, vendor/ and the lookups run side by side: verify is the slow one.
    const [tidy, verify, vendor, lookups, ignored] = await Promise.all([
        tidying(),
        dl === first
            ? earlyVerify.then((v) => {
                log.push(...earlyVerifyLog);
                return v ?? ctx.moduleCache.verify(dlMod, go, log, abs);
            })
            : ctx.moduleCache.verify(dlMod, go, log, abs),
        vendored && !workspaceVendor ? prepare('vendor', scratchSum).then((m) => checkVendor(go, abs, m, (0,external_node_path_.join)(ctx.scratch, 'vendor-out'), rel, ctx.repoRoot)) : null,
        ctx.lookups ? prepare('lookups', scratchSum).then((m) => lookupModules(go, summary, m, rel('go.mod'), { goproxy: ctx.goSettings.GOPROXY, updates: ctx.updates })) : null,
        checkDependencyReplaces(summary, ctx.gomodcache, rel('go.mod'))
    ]);
    if (!ctx.lookups)
        skippedSteps.push({ step: 'retractions and deprecations', reason: 'switched off (input lookups: false)' });
    if (tidy.kind === 'crashed') {
        const { finding, log: lines } = internalError('tidy', tidy.error, rel('go.mod'));
        findings.push(finding);
        log.push(...lines);
    }
    else if (tidy.kind === 'error') {
        const at = parseFileLineErrors(tidy.output)[0];
        findings.push({
            kind: 'tidy-error',
            file: rel('go.mod'),
            ...(at ? { line: at.line } : {}),
            message: problemLine(tidy.output),
            output: tidy.output
        });
    }
    else if (tidy.diff) {
        const sections = parseTidyDiff(tidy.diff);
        const modSection = sections.find((s) => s.file === 'go.mod');
        let after = gomod;
        if (modSection) {
            const tidied = applyGoModDiff(gomodText, modSection);
            after = tidied === null ? null : await parseGoModText(go, ctx.scratch, tidied);
        }
        const changes = describeTidyChanges(gomod, after, sections, tidy.diff, repaired);
        findings.push({
            kind: 'untidy',
            file: rel(modSection ? 'go.mod' : 'go.sum'),
            message: sumText === null ? 'go.sum is missing; go mod tidy would create it' : summariseTidy(changes),
            changes
        });
    }
    // Module cache integrity.
    for (const p of verify.problems) {
        findings.push({
            kind: 'cache-modified',
            message: p.text,
            module: p.module,
            version: p.version,
            problem: p.problem,
            ...(p.path ? { path: p.path } : {})
        });
    }
    // go mod vendor copies from the module cache: with the cache modified, its tampered files would
    // be the reference, so vendor/ is compared again with modules downloaded afresh (and hash-checked).
    const vendorResult = vendor && verify.problems.length > 0 ? await vendorFromCleanCache() : vendor;
    if (vendorResult) {
        findings.push(...vendorResult.findings);
        skippedSteps.push(...vendorResult.skipped);
    }
    if (lookups) {
        findings.push(...lookups.findings);
        if (lookups.unavailable)
            skippedSteps.push({ step: 'retractions and deprecations', reason: `could not be checked: ${lookups.unavailable}` });
    }
    findings.push(...ignored);
    if (verify.error !== null)
        skippedSteps.push({ step: 'verify', reason: verify.error });
    await earlyVerify; // dropped, but its go processes must be done before the scratch directory goes
    return report(modPath, gomod);
}
function downloadFailures(r) {
    const records = parseJsonStream(r.stdout).filter((x) => x.Error);
    if (records.length > 0) {
        return records.map((x) => ({ module: x.Path, version: x.Version, reason: classifyGoError(x.Error), message: x.Error }));
    }
    if (r.exitCode === 0)
        return [];
    const m = /(?:go: )?(\S+?)@(v\S+?): /.exec(r.stderr);
    return [{ ...(m ? { module: m[1], version: m[2] } : {}), reason: classifyGoError(r.stderr), message: r.stderr.trim() }];
}
async function runTidy(go, ctx, modfile, gomodText, sumText, policy = ctx.policy) {
    const transient = (r) => r.exitCode !== 0 && !r.stdout.trim() && classifyGoError(r.stderr) === 'network';
    const failed = (r) => ({ kind: 'error', output: r.stderr.trim(), transient: transient(r) });
    if (ctx.tidyMode === 'auto') {
        const { value: r } = await retry(() => go(['mod', 'tidy', '-diff', `-modfile=${modfile}`]), transient, policy, ctx.clock);
        if (r.exitCode === 0)
            return { kind: 'ok', diff: '' };
        if (r.exitCode === 1 && r.stdout.startsWith('diff '))
            return { kind: 'ok', diff: r.stdout };
        if (!/flag provided but not defined: -diff/.test(r.stderr))
            return failed(r);
    }
    // Go < 1.23: tidy the scratch go.mod/go.sum and diff them ourselves.
    const { value: r } = await retry(() => go(['mod', 'tidy', `-modfile=${modfile}`]), transient, policy, ctx.clock);
    if (r.exitCode !== 0)
        return failed(r);
    const newMod = await (0,promises_.readFile)(modfile, 'utf8');
    const newSum = await (0,promises_.readFile)(modfile.replace(/\.mod$/, '.sum'), 'utf8').catch(() => '');
    return { kind: 'ok', diff: formatGoDiff('go.mod', gomodText, newMod) + formatGoDiff('go.sum', sumText ?? '', newSum) };
}
async function parseGoModText(go, scratch, text) {
    const plain = plainGoModJson(text);
    if (plain)
        return plain;
    const d = await (0,promises_.mkdtemp)((0,external_node_path_.join)(scratch, 'tidied-'));
    const file = (0,external_node_path_.join)(d, 'go.mod');
    await (0,promises_.writeFile)(file, text);
    const r = await go(['mod', 'edit', '-json', file]);
    return r.exitCode === 0 ? JSON.parse(r.stdout) : null;
}
function summariseTidy(c) {
    const parts = [];
    const n = (count, what) => {
        if (count)
            parts.push(`${count} ${what}`);
    };
    n(c.requiresAdded.length, 'require(s) to add');
    n(c.requiresRemoved.length, 'require(s) to remove');
    n(c.versionsChanged.length, 'version change(s)');
    n(c.indirectChanged.length, '// indirect marker(s) to fix');
    if (c.goDirective)
        parts.push(`go directive ${c.goDirective.from ?? 'unset'} → ${c.goDirective.to ?? 'unset'}`);
    if (c.toolchainDirective)
        parts.push(`toolchain ${c.toolchainDirective.from ?? 'unset'} → ${c.toolchainDirective.to ?? 'unset'}`);
    n(c.sumAdded.length, 'go.sum line(s) missing');
    n(c.sumRemoved.length, 'go.sum line(s) unused');
    const formatting = formattingOnly(c);
    if (formatting)
        return `go mod tidy would change only formatting: ${formatting}`;
    return `go mod tidy would change: ${parts.join(', ')}`;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(522);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(919);
;// CONCATENATED MODULE: ./src/go/hashpool.ts
/**
 * Hashing the module cache on worker threads and this thread (HashPool's lanes): the hashes
 * `go mod verify` compares with a module's .ziphash, computed file by file so that one large
 * module is spread over every lane. Hashing only reads.
 *
 * The pair check (hashModulePair). For a version whose zip and extracted tree are both in the
 * cache, go computes HashZip and HashDir, each Hash1 = sha256 over the lines
 * "<hex sha256 of the content>  <name>\n", names sorted by their bytes; the names are the zip's
 * entry names, and the tree's files as "<path>@<version>/<file>". When the zip's sorted names are
 * exactly the tree's sorted names (byte for byte, none repeated) and each tree file has exactly
 * the bytes of the entry of the same name, every line is the same, so HashDir equals HashZip.
 * So the zip is hashed as always (inflated, with every check archive/zip makes), and each tree
 * file is read alongside its entry and compared with the inflated bytes, piece by piece for a
 * large one, without hashing it; the tree is listed exactly as for HashDir (listTree). When
 * anything differs (the names, a file's size or bytes, a file that cannot be read, a tree that
 * cannot be listed), nothing is guessed: the tree is hashed on its own, as for a tree without its
 * zip (hashModuleDir), and the answer is the one hashing both always gave. A large zip is cut
 * into parts as for hashModuleZip, and each part compares its own files.
 */






/**
 * Zips of this many files or more are hashed on the worker threads only: each lane that takes a
 * part of a zip holds its plan (every entry's name and place: ~8 MB for a zip of 135,000 files,
 * and the buffers it was read into, which the lane keeps), so this thread taking a part would
 * double it. Counted, not sized: a few large files make a small plan, and this thread's help
 * matters for them (issue 16: a 16 MiB size limit made the 24-module benchmark 1.35× slower).
 */
const WORKERS_ONLY_ZIP_ENTRIES = 20_000;
/**
 * Zips of at most this many bytes (and one part's entries) are hashed on this thread at any time,
 * go running or not, and start no worker thread: under a millisecond of work, where a thread takes
 * tens of ms of CPU to start (issue 17: most of the test suite's checks, and small repositories).
 */
const HERE_ZIP_BYTES = 64 * 1024;
/**
 * The hashing threads' V8 young generation, in MiB. Their objects are short-lived (the buffers are
 * kept), and with more room the few that live across a part are promoted and pile up in the old
 * generation: while go-azure-sdk's 135,561-entry zip was hashed, a thread's heap grew from 13 to
 * 22 MiB. terraform under Node 24 (BENCHMARKS.md, ninth session): node's peak 144–151 MiB with 1
 * against 148–153 with 4 (16: 149–151), the CPU the same (the 24-module monorepo 0.997×, terraform
 * 1.010×, paired rounds).
 */
const HASH_THREAD_YOUNG_MB = 1;
/** Parts of one large zip or tree in flight at once; their lines are hashed in order as they come. */
const PARTS_IN_FLIGHT = 16;
/** Buffers of hashed parts' lines kept for later parts (HashPool.recycle): enough for every part in flight. */
const SPARE_BUFFERS = 2 * PARTS_IN_FLIGHT;
/**
 * The worker's whole program. It runs from its source text (`String(hashWorker)`), so it must
 * not use anything from this module's scope: only its argument and globals. Every request is
 * answered synchronously, in order.
 */
function hashWorker(env) {
    const { fs, zlib, crypto, path, readZipDirectory, zipEntryAt, zipNameReader, port } = env;
    const CHUNK = 1 << 20;
    const FORMAT = 'zip: not a valid zip file';
    const CHECKSUM = 'zip: checksum error';
    const EMPTY = crypto.createHash('sha256').digest('hex');
    // Reused buffers: thousands of small allocations per module would otherwise pile up in the
    // thread's heap between collections (tens of MB per thread).
    // One byte over CHUNK: data of at most CHUNK bytes fits with room to spare, so a full buffer means more.
    const input = Buffer.allocUnsafe(CHUNK + 1);
    const output = Buffer.allocUnsafe(CHUNK + 1);
    const block = Buffer.allocUnsafe(2 * CHUNK);
    const scratch = Buffer.allocUnsafe(256 << 10);
    // A tree file's bytes, read to be compared with its zip entry's (the pair check).
    const mirror = Buffer.allocUnsafe(CHUNK + 1);
    const fail = (message) => {
        throw new Error(message);
    };
    // Most files are small: one call hashes them without a Hash object (crypto.hash, Node >= 20.12).
    const sha256 = (data) => typeof crypto.hash === 'function' ? crypto.hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
    let table = null;
    const crc32 = (data, prev) => {
        if (typeof zlib.crc32 === 'function')
            return zlib.crc32(data, prev);
        if (!table) {
            table = new Uint32Array(256);
            for (let n = 0; n < 256; n++) {
                let c = n;
                for (let k = 0; k < 8; k++)
                    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
                table[n] = c >>> 0;
            }
        }
        let c = ~prev;
        for (const b of data)
            c = table[(c ^ b) & 0xff] ^ (c >>> 8);
        return ~c >>> 0;
    };
    const readAt = (fd, position, length, into) => {
        const out = into ?? Buffer.allocUnsafe(length);
        let n = 0;
        while (n < length) {
            const r = fs.readSync(fd, out, n, length - n, position + n);
            if (r === 0)
                break;
            n += r;
        }
        return out.subarray(0, n);
    };
    let inflater = null;
    const reusable = (() => {
        const s = zlib.createInflateRaw();
        const ok = typeof s._handle?.writeSync === 'function' && Object.prototype.toString.call(s._writeState) === '[object Uint32Array]' && s._writeState.length === 2;
        s.close();
        return ok;
    })();
    /**
     * Inflates the raw deflate data that `read(offset, length)` gives, `compressedSize` bytes in all.
     * With `take`, the output goes to it piece by piece; without, it is returned whole (at most
     * CHUNK bytes are expected: more is an error).
     */
    function inflate(read, compressedSize, size, take) {
        if (!reusable) {
            let data = Buffer.alloc(0);
            try {
                data = zlib.inflateRawSync(read(0, compressedSize), { maxOutputLength: size + 1 });
            }
            catch (err) {
                fail(`flate: ${err instanceof Error ? err.message : String(err)}`);
            }
            take?.(data);
            return data;
        }
        if (inflater && !inflater.destroyed)
            inflater.reset();
        else {
            inflater = zlib.createInflateRaw();
            inflater.on('error', () => { }); // seen synchronously through .destroyed/.errored below
        }
        const s = inflater;
        const state = s._writeState;
        let outOff = 0;
        for (let off = 0;;) {
            const piece = read(off, Math.min(CHUNK, compressedSize - off));
            off += piece.length;
            const last = off >= compressedSize || piece.length === 0;
            let inOff = 0;
            let inLen = piece.length;
            for (;;) {
                s._handle.writeSync(last ? zlib.constants.Z_FINISH : zlib.constants.Z_NO_FLUSH, piece, inOff, inLen, output, outOff, output.length - outOff);
                if (s.destroyed)
                    fail(`flate: ${s.errored?.message ?? 'inflate failed'}`);
                const [availOut, availIn] = [state[0], state[1]];
                const produced = output.length - outOff - availOut;
                if (take) {
                    if (produced > 0)
                        take(output.subarray(outOff, outOff + produced));
                }
                else
                    outOff += produced;
                inOff += inLen - availIn;
                inLen = availIn;
                if (availOut === 0) {
                    if (!take)
                        fail(FORMAT); // more than CHUNK bytes where at most CHUNK were announced
                    continue; // the output buffer filled up: more to come
                }
                // End of the deflate stream (bytes after it are ignored, as Go's reader does), or all input given.
                if (availIn > 0 || last)
                    return output.subarray(0, outOff);
                break;
            }
        }
    }
    // dirhash.HashDir: os.Open follows symbolic links; the file is read to its end.
    const hashFile = (file) => {
        const fd = fs.openSync(file, 'r');
        try {
            let n = 0;
            for (let r = 1; r > 0 && n < input.length; n += r)
                r = fs.readSync(fd, input, n, input.length - n, n);
            if (n <= CHUNK)
                return sha256(input.subarray(0, n));
            const h = crypto.createHash('sha256').update(input.subarray(0, n));
            for (let pos = n;;) {
                const r = fs.readSync(fd, input, 0, CHUNK, pos);
                if (r === 0)
                    break;
                h.update(input.subarray(0, r));
                pos += r;
            }
            return h.digest('hex');
        }
        finally {
            fs.closeSync(fd);
        }
    };
    // dirhash.DirFiles's walk: filepath.Walk (lstat, so a symbolic link is a file), names joined
    // with `/`, a name that is not UTF-8 an error. Each directory's entries come in byte order, and
    // `file` is told each file's relative name; when it says false the walk stops and returns false.
    const walkTree = (dir, file) => {
        if (!fs.lstatSync(dir).isDirectory())
            fail(`${dir} is not a directory`);
        const walk = (abs, rel) => {
            for (const d of fs.readdirSync(abs, { withFileTypes: true, encoding: 'buffer' }).sort((a, b) => Buffer.compare(a.name, b.name))) {
                const name = d.name.toString('utf8');
                if (!Buffer.from(name, 'utf8').equals(d.name))
                    fail(`${abs}: a file name that is not UTF-8`);
                const r = rel ? `${rel}/${name}` : name;
                if (d.isDirectory() ? !walk(path.join(abs, name), r) : !file(r))
                    return false;
            }
            return true;
        };
        return walk(dir, '');
    };
    // dirhash.DirFiles: the walk's files, sorted as Go sorts strings: by their UTF-8 bytes.
    const listTree = (dir) => {
        const out = [];
        walkTree(dir, (r) => {
            out.push(r);
            return true;
        });
        // UTF-16 order differs from byte order only around surrogates.
        if (out.some((f) => /[\ud800-\uffff]/.test(f)))
            return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    };
    /** dirhash.Hash1's summary lines for these files (in the order given). */
    const lines = (dir, prefix, files) => {
        let text = '';
        for (const f of files) {
            if (f.includes('\n'))
                fail('dirhash: filenames with newlines are not supported');
            text += `${hashFile(path.join(dir, f))}  ${prefix}/${f}\n`;
        }
        return text;
    };
    // The pair check: a tree file read alongside the zip entry of the same name, piece by piece as
    // the entry is inflated, and compared with the entry's bytes (not hashed). It never throws: a
    // file that cannot be opened or read, fewer bytes, more bytes or other bytes only make
    // `twin.same` false (the tree is then hashed as HashDir does, which meets the same thing).
    const twin = { fd: -1, at: 0, same: false };
    const twinOpen = (file) => {
        twin.at = 0;
        try {
            twin.fd = fs.openSync(file, 'r'); // follows a symbolic link, as os.Open in HashDir
            twin.same = true;
        }
        catch {
            twin.fd = -1;
            twin.same = false;
        }
    };
    /** The next bytes of the entry: the file must have the same ones at the same place. */
    const twinCompare = (data) => {
        for (let off = 0; twin.same && off < data.length; off += mirror.length) {
            const want = data.subarray(off, off + mirror.length);
            try {
                twin.same = readAt(twin.fd, twin.at, want.length, mirror).equals(want);
            }
            catch {
                twin.same = false;
            }
            twin.at += want.length;
        }
    };
    /** The entry is done: the file must end there too. Whether every byte was the same. */
    const twinClose = () => {
        if (twin.fd < 0)
            return false;
        try {
            if (twin.same)
                twin.same = readAt(twin.fd, twin.at, 1, mirror).length === 0;
        }
        catch {
            twin.same = false;
        }
        try {
            fs.closeSync(twin.fd);
        }
        catch {
            // nothing to do: the bytes were read
        }
        twin.fd = -1;
        return twin.same;
    };
    let plan = null;
    // The plan's two orders, kept for the next plan as readZipDirectory keeps the directory's buffers.
    let orders = new Uint32Array(0);
    /** Stored order is sorted in runs this many or fewer are merged; more (no zip go writes has) are sorted whole. */
    const MERGED_RUNS = 64;
    const nameOf = (p, k) => p.names(p.name[k]);
    /**
     * The stored indices in Hash1 order (names by their bytes; a repeated name's entries in stored
     * order) into `name`; whether a name is repeated. Go writes a module zip in about that order
     * (git's: a directory sorts as its name and a slash), so the stored order is one ascending run
     * (most zips: nothing to do) or a few (go-azure-sdk's 135,561 names: 2; the go toolchain's
     * 11,514: 31), which are merged, the names read as they come: they are never all held whole.
     * `names` reads the directory's names (the plan's reader).
     */
    const hashOrder = (dir, name, names) => {
        const { count, names: stored, nameAt, shared } = dir;
        // Where each ascending run starts: entry i is below entry i - 1, which it shares shared[i]
        // bytes with (the names decoded here in place, nothing allocated per name).
        const starts = [0];
        let repeated = false;
        let before = Buffer.allocUnsafe(256);
        let length = 0;
        for (let i = 0; i < count && starts.length <= MERGED_RUNS; i++) {
            const s = shared[i];
            const from = nameAt[i];
            const to = nameAt[i + 1];
            if (i > 0) {
                const c = stored.compare(before, s, length, from, to);
                if (c < 0)
                    starts.push(i);
                else if (c === 0)
                    repeated = true;
            }
            if (s + to - from > before.length) {
                const more = Buffer.allocUnsafe(2 * (s + to - from));
                before.copy(more, 0, 0, s);
                before = more;
            }
            length = s + stored.copy(before, s, from, to);
        }
        if (starts.length === 1) {
            // Stored in Hash1 order (most zips): a repeated name's entries are side by side.
            for (let i = 0; i < count; i++)
                name[i] = i;
            return repeated;
        }
        // Found again below, over every name (the scan above may have stopped early).
        repeated = false;
        if (starts.length > MERGED_RUNS) {
            // Sorted whole: every name read out of the front coding first.
            const whole = Buffer.allocUnsafe(nameAt[count] + shared.reduce((n, s) => n + s, 0));
            const at = new Uint32Array(count + 1);
            for (let i = 0; i < count; i++)
                at[i + 1] = at[i] + names(i).copy(whole, at[i]);
            for (let i = 0; i < count; i++)
                name[i] = i;
            name.sort((a, b) => whole.compare(whole, at[b], at[b + 1], at[a], at[a + 1]) || a - b);
            for (let k = 1; k < count && !repeated; k++)
                repeated = whole.compare(whole, at[name[k - 1]], at[name[k - 1] + 1], at[name[k]], at[name[k] + 1]) === 0;
            return repeated;
        }
        // The runs merged: each run's next entry is in a heap ordered by name, then stored index.
        starts.push(count);
        const runs = starts.slice(0, -1).map((from, r) => ({ next: from, end: starts[r + 1], names: zipNameReader(dir) }));
        const below = (a, b) => {
            const c = a.names(a.next).compare(b.names(b.next));
            return c < 0 || (c === 0 && a.next < b.next);
        };
        const heap = [...runs];
        const sift = (at) => {
            for (;;) {
                const [l, r] = [2 * at + 1, 2 * at + 2];
                let least = at;
                if (l < heap.length && below(heap[l], heap[least]))
                    least = l;
                if (r < heap.length && below(heap[r], heap[least]))
                    least = r;
                if (least === at)
                    return;
                [heap[at], heap[least]] = [heap[least], heap[at]];
                at = least;
            }
        };
        for (let at = (heap.length >> 1) - 1; at >= 0; at--)
            sift(at);
        let last = Buffer.allocUnsafe(256);
        let lastLength = -1;
        for (let k = 0; k < count; k++) {
            const run = heap[0];
            const i = run.next;
            const n = run.names(i);
            name[k] = i;
            if (!repeated && lastLength === n.length && n.compare(last, 0, lastLength) === 0)
                repeated = true;
            if (n.length > last.length)
                last = Buffer.allocUnsafe(2 * n.length);
            lastLength = n.copy(last);
            if (++run.next === run.end) {
                heap[0] = heap[heap.length - 1];
                heap.pop();
            }
            if (heap.length > 0)
                sift(0);
        }
        return repeated;
    };
    const planZip = (file, job) => {
        if (plan?.job === job)
            return plan;
        plan = null; // the previous zip's plan can go before this one is built
        const fd = fs.openSync(file, 'r');
        try {
            const dir = readZipDirectory((position, length) => readAt(fd, position, length, length <= scratch.length ? scratch : undefined), fs.fstatSync(fd).size);
            const { count } = dir;
            if (orders.length < 2 * count)
                orders = new Uint32Array(2 * count);
            const name = orders.subarray(0, count);
            const names = zipNameReader(dir);
            let read = name;
            if (hashOrder(dir, name, names)) {
                // A repeated name's entries are side by side, its last entry last: each reads that one.
                read = orders.subarray(count, 2 * count);
                const same = (k, l) => {
                    const a = Buffer.from(names(name[k]));
                    return a.equals(names(name[l]));
                };
                for (let k = count - 1; k >= 0; k--)
                    read[k] = k + 1 < count && same(k, k + 1) ? read[k + 1] : name[k];
            }
            plan = { job, file, dir, name, read, count, names };
            return plan;
        }
        finally {
            fs.closeSync(fd);
        }
    };
    // archive/zip File.Open + checksumReader: local header, size, CRC-32 and data descriptor checks.
    // With `compare`, the content also goes to twinCompare, as it comes.
    const hashEntry = (e, at, compare = false) => {
        const header = at(e.headerOffset, 30);
        if (header.length < 30)
            fail('unexpected EOF');
        if (header.readUInt32LE(0) !== 0x04034b50)
            fail(FORMAT);
        const body = e.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        if (e.name.length > 0 && e.name[e.name.length - 1] === 0x2f) {
            if (e.size !== 0)
                fail(FORMAT); // a directory entry reads as empty, and must claim nothing
            if (compare)
                twin.same = false; // no tree lists a directory as a file (never asked: the names differ first)
            return EMPTY;
        }
        if (e.method !== 0 && e.method !== 8)
            fail('zip: unsupported compression algorithm');
        const read = (offset, length) => at(body + offset, length, length <= CHUNK ? input : undefined);
        let crc = 0;
        let n = 0;
        let digest;
        if (e.size <= CHUNK) {
            // Small (most entries): the content whole, hashed in one call.
            const data = e.method === 8 ? inflate(read, e.compressedSize, e.size) : read(0, e.compressedSize);
            if (data.length > e.size)
                fail(FORMAT);
            n = data.length;
            crc = crc32(data, 0);
            if (compare)
                twinCompare(data);
            const hex = n === e.size ? sha256(data) : '';
            digest = () => hex;
        }
        else {
            const h = crypto.createHash('sha256');
            const take = (data) => {
                n += data.length;
                if (n > e.size)
                    fail(FORMAT);
                h.update(data);
                crc = crc32(data, crc);
                if (compare)
                    twinCompare(data);
            };
            if (e.method === 8)
                inflate(read, e.compressedSize, e.size, take);
            else {
                for (let off = 0; off < e.compressedSize;) {
                    const piece = read(off, Math.min(CHUNK, e.compressedSize - off));
                    if (piece.length === 0)
                        break;
                    take(piece);
                    off += piece.length;
                }
            }
            digest = () => h.digest('hex');
        }
        if (n !== e.size)
            fail('unexpected EOF');
        if (e.dataDescriptor) {
            const d = at(body + e.compressedSize, 16);
            const signed = d.length >= 4 && d.readUInt32LE(0) === 0x08074b50;
            if (d.length < (signed ? 16 : 12))
                fail('unexpected EOF');
            if (d.readUInt32LE(signed ? 4 : 0) !== e.crc32 || crc !== e.crc32)
                fail(CHECKSUM);
        }
        else if (e.crc32 !== 0 && crc !== e.crc32)
            fail(CHECKSUM);
        return digest();
    };
    const sinkOf = (out) => ({ buf: Buffer.from(out ?? new ArrayBuffer(64 << 10)), used: 0 });
    const whole = sinkOf(undefined);
    /** `<hex>  <name>\n`, the name written as its directory stores it: `prefix` then the rest. */
    const line = (s, hex, prefix, name) => {
        const n = hex.length + 3 + prefix.length + name.length;
        if (s.used + n > s.buf.length) {
            const more = Buffer.from(new ArrayBuffer(Math.max(2 * s.buf.length, s.used + n)));
            s.buf.copy(more, 0, 0, s.used);
            s.buf = more;
        }
        s.used += s.buf.write(hex, s.used, 'latin1');
        s.buf[s.used++] = 0x20;
        s.buf[s.used++] = 0x20;
        s.used += prefix.copy(s.buf, s.used);
        s.used += name.copy(s.buf, s.used);
        s.buf[s.used++] = 0x0a;
    };
    /**
     * Hash1's summary lines for entries [from, to) of the plan, written to `sink`. With `tree` (the
     * pair check), each entry's bytes are also compared with the file of the same name under
     * `tree.dir` (its name less the `tree.skip` bytes of "<prefix>/"), until one differs: `same`
     * says whether all did.
     */
    const zipLines = (p, from, to, sink, tree) => {
        const fd = fs.openSync(p.file, 'r');
        try {
            const d = p.dir;
            let lo = Infinity;
            let hi = 0;
            for (let k = from; k < to; k++) {
                const i = p.read[k];
                lo = Math.min(lo, d.headerOffset[i]);
                hi = Math.max(hi, d.headerOffset[i] + 30 + d.prefix.length + d.shared[i] + (d.nameAt[i + 1] - d.nameAt[i]) + d.compressedSize[i] + 16 + 1024);
            }
            // One read for a run of neighbouring entries (Go writes a module zip in about Hash1 order);
            // anything outside it is read on its own.
            const held = hi - lo <= block.length ? readAt(fd, lo, hi - lo, block) : Buffer.alloc(0);
            const at = (position, length, into) => position >= lo && position + length <= lo + held.length ? held.subarray(position - lo, position - lo + length) : readAt(fd, position, length, into);
            let previous = -1;
            let hex = '';
            let same = tree !== undefined;
            let compared = 0;
            for (let k = from; k < to; k++) {
                const name = nameOf(p, k);
                if (name.includes(0x0a))
                    fail('dirhash: filenames with newlines are not supported');
                const r = p.read[k];
                if (r === previous) {
                    same = false; // a repeated name: no tree has it twice (the pair job ruled it out)
                    line(sink, hex, d.prefix, name);
                    continue;
                }
                // The name's stored part only (no copy per entry): hashEntry reads just its last byte.
                const e = zipEntryAt(d, r, name);
                if (same) {
                    // The file's path in the tree: the whole name after "<module>@<version>/" (tree.skip bytes).
                    const file = tree.skip >= d.prefix.length ? name.toString('utf8', tree.skip - d.prefix.length) : Buffer.concat([d.prefix.subarray(tree.skip), name]).toString('utf8');
                    twinOpen(path.join(tree.dir, file));
                    compared++;
                    try {
                        hex = hashEntry(e, at, true);
                    }
                    finally {
                        same = twinClose();
                    }
                }
                else
                    hex = hashEntry(e, at);
                previous = r;
                line(sink, hex, d.prefix, name);
            }
            return { same, compared };
        }
        finally {
            fs.closeSync(fd);
        }
    };
    /** Where to cut the plan into parts of about `bytes` compressed bytes or `count` entries: [0, ..., entries]. */
    const cutsOf = (p, bytes, count) => {
        const cuts = [0];
        let size = 0;
        for (let i = 0; i < p.count; i++) {
            if (i > cuts[cuts.length - 1] && (size >= bytes || i - cuts[cuts.length - 1] >= count)) {
                cuts.push(i);
                size = 0;
            }
            size += p.dir.compressedSize[p.read[i]];
        }
        cuts.push(p.count);
        return cuts;
    };
    const summary = (text) => `h1:${crypto.createHash('sha256').update(text).digest('base64')}`;
    /** The whole zip's Hash1 when it is small, else where to cut it into parts of about `bytes` compressed bytes or `count` entries. */
    const zipJob = (file, job, bytes, count) => {
        const p = planZip(file, job);
        const cuts = cutsOf(p, bytes, count);
        if (cuts.length > 2)
            return { cuts, entries: p.count };
        whole.used = 0;
        zipLines(p, 0, p.count, whole);
        return { hash: summary(whole.buf.subarray(0, whole.used)), entries: p.count };
    };
    /**
     * Whether the tree's files, as HashDir lists them (listTree), have exactly the zip's names
     * ("<prefix>/<file>", byte for byte), none repeated. The tree is walked, not listed: each file's
     * name is looked up among the plan's sorted names (the next one first: a directory's files come
     * in that order), and the counts compared, so a tree of 135,000 files is never held as a list.
     * A tree that cannot be listed is not a twin: it is then hashed on its own, and fails there as
     * it does in HashDir.
     */
    const sameNames = (p, dir, prefix) => {
        for (let i = 1; i < p.count; i++)
            if (p.read[i] === p.read[i - 1])
                return false;
        // A whole name against the k-th in Hash1 order: its first bytes against the prefix, the rest against the stored part.
        const head = p.dir.prefix;
        const compare = (b, k) => b.compare(head, 0, head.length, 0, Math.min(b.length, head.length)) || b.compare(nameOf(p, k), 0, undefined, head.length);
        let last = -1;
        const known = (b) => {
            if (last + 1 < p.count && compare(b, last + 1) === 0)
                return (last += 1), true;
            let [lo, hi] = [0, p.count - 1];
            while (lo <= hi) {
                const mid = (lo + hi) >>> 1;
                const c = compare(b, mid);
                if (c === 0)
                    return (last = mid), true;
                if (c < 0)
                    hi = mid - 1;
                else
                    lo = mid + 1;
            }
            return false;
        };
        let files = 0;
        try {
            return walkTree(dir, (r) => ++files <= p.count && known(Buffer.from(`${prefix}/${r}`))) && files === p.count;
        }
        catch {
            return false;
        }
    };
    /** `zip` for a zip and its extracted tree: the zip hashed, and the tree compared with it, in one pass when small. */
    const pairJob = (file, job, dir, prefix, bytes, count) => {
        const p = planZip(file, job);
        const same = sameNames(p, dir, prefix);
        const cuts = cutsOf(p, bytes, count);
        if (cuts.length > 2)
            return { cuts, entries: p.count, same, compared: 0 };
        whole.used = 0;
        const r = zipLines(p, 0, p.count, whole, same ? { dir, skip: Buffer.byteLength(prefix) + 1 } : undefined);
        return { hash: summary(whole.buf.subarray(0, whole.used)), entries: p.count, same: r.same, compared: r.compared };
    };
    /** The answer, and the buffer that moves with it (a part's lines). */
    const handle = (m) => {
        if (m.op === 'ziplines' || m.op === 'pairlines') {
            const sink = sinkOf(m.out);
            const r = zipLines(planZip(m.file, m.job), m.from, m.to, sink, m.op === 'pairlines' ? { dir: m.dir, skip: Buffer.byteLength(m.prefix) + 1 } : undefined);
            const text = { buffer: sink.buf.buffer, length: sink.used };
            return [m.op === 'ziplines' ? text : { text, same: r.same, compared: r.compared }, text.buffer];
        }
        return [answer(m)];
    };
    const answer = (m) => {
        if (m.op === 'zip')
            return zipJob(m.file, m.job, m.bytes, m.count);
        if (m.op === 'pair')
            return pairJob(m.file, m.job, m.dir, m.prefix, m.bytes, m.count);
        if (m.op === 'lines')
            return lines(m.dir, m.prefix, m.files);
        const list = listTree(m.dir);
        if (list.length > m.limit)
            return { list };
        return { hash: summary(lines(m.dir, m.prefix, list)), files: list.length };
    };
    port.on('message', (m) => {
        if (m.op === 'forget') {
            if (plan?.job === m.job)
                plan = null;
            return; // no answer: the pool sends it to every lane, outside its one-request-per-lane count
        }
        try {
            const [result, moved] = handle(m);
            port.postMessage({ id: m.id, result }, moved ? [moved] : []);
        }
        catch (err) {
            port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
        }
    });
}
/**
 * Lowers the calling thread's scheduling priority (nice 10), on Linux, where a thread has a
 * priority of its own. Hashing is the long pole but can wait: the go processes and the main
 * thread, which starts them, decide when the build list is known, so on a runner with few CPUs
 * they go first and the hashing takes the rest. Elsewhere, or when not allowed: nothing.
 * Runs inside the thread from its source text, like hashWorker.
 */
function lowerThreadPriority(fs, os) {
    try {
        const tid = Number(/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
        if (!tid)
            return null;
        os.setPriority(tid, Math.max(os.getPriority(tid), 10));
        return os.getPriority(tid);
    }
    catch {
        return null;
    }
}
const WORKER_SOURCE = `'use strict';
const { parentPort } = require('node:worker_threads');
(${String(lowerThreadPriority)})(require('node:fs'), require('node:os'));
(${String(hashWorker)})({
  fs: require('node:fs'), zlib: require('node:zlib'), crypto: require('node:crypto'), path: require('node:path'),
  readZipDirectory: (${String(zipDirectoryReader)})(), zipEntryAt: ${String(zipEntryAt)},
  zipNameReader: ${String(zipNameReader)}, port: parentPort
});
`;
/**
 * Hashing lanes fed from one queue, one request per lane at a time: this thread and
 * `threads - 1` worker threads. This thread takes a request only when every worker is busy and
 * `thisThreadWhen` allows it (the engine: while no go process runs, as a request blocks this
 * thread, which starts go and reads its output, for its duration). It saves starting one thread
 * (tens of ms of CPU, a noticeable share of a check of one small module). Small zips are this
 * thread's at any time, and the worker threads start with the first request that is not: a
 * repository of small modules starts none. The workers run at a lower priority
 * (lowerThreadPriority); this thread cannot, as it also starts go.
 */
class HashPool {
    threads;
    thisThreadWhen;
    stats = { files: 0, compared: 0, zipEntries: 0, dirs: 0, here: 0, renewed: 0 };
    lanes = [];
    idle = [];
    busy = new Map();
    queue = [];
    nextId = 1;
    jobs = 1;
    broken = null;
    constructor(threads, thisThreadWhen = () => true) {
        this.threads = threads;
        this.thisThreadWhen = thisThreadWhen;
    }
    /** A module tree: its Hash1 when it has at most `limit` files, else its files to hash with lines(). */
    async tree(dir, prefix, limit) {
        this.stats.dirs++;
        const r = (await this.submit({ op: 'tree', dir, prefix, limit }));
        if ('hash' in r)
            this.stats.files += r.files;
        return r;
    }
    /** Hash1 summary lines (`<sha256 hex>  <prefix>/<file>\n`) for some files of a tree. */
    lines(dir, prefix, files) {
        this.stats.files += files.length;
        return this.submit({ op: 'lines', dir, prefix, files });
    }
    /** A number for one hashing of one zip, given with each of its requests. */
    job() {
        return this.jobs++;
    }
    /**
     * A zip's job is over (every part answered, or it failed; hashModuleZip and hashModulePair
     * always say so): the lanes that hold its plan drop it now rather than when their next zip comes
     * (a plan of a zip of 135,000 files is ~15 MB, held for the rest of the run otherwise), and the
     * last large job renews the worker threads (renewWorkers).
     */
    forget(job) {
        for (const lane of this.lanes)
            lane.postMessage({ op: 'forget', job });
        if (this.large.delete(job) && this.large.size === 0)
            this.renewWorkers();
    }
    /** Jobs of zips for worker threads only (`workers`) not yet forgotten. */
    large = new Set();
    /** Worker threads to end and replace once their request is answered (renewWorkers). */
    retiring = new Set();
    /** Threads being ended, awaited by close(). */
    stopping = [];
    /**
     * Every large zip's job (`workers` lanes, WORKERS_ONLY_ZIP_ENTRIES files or more) is forgotten:
     * each worker thread is ended and a fresh one started in its place, at once when idle, else when
     * its request is answered. An ended thread's memory goes back to the system at once: the buffers
     * a thread grew for such a zip (its directory, plan and heap, ~40 MB for go-azure-sdk's 135,000
     * files) would otherwise stay for the rest of the run, being kept for the next zip or waiting on
     * collections that need not come (issue 16, P5: terraform's peak). A thread costs tens of ms to
     * start; such a zip takes seconds.
     */
    renewWorkers() {
        for (const lane of this.lanes)
            if (!lane.here)
                this.retiring.add(lane);
        for (const lane of [...this.idle])
            if (this.retiring.has(lane))
                this.replace(lane);
        this.dispatch();
    }
    replace(lane) {
        this.retiring.delete(lane);
        for (const list of [this.lanes, this.idle]) {
            const at = list.indexOf(lane);
            if (at >= 0)
                list.splice(at, 1);
        }
        lane.retired = true;
        this.stats.renewed++;
        this.stopping.push(lane.stop());
        if (!this.broken)
            this.startWorker();
    }
    /** Zips of at least this many files go to worker threads only (WORKERS_ONLY_ZIP_ENTRIES; tests lower it). */
    workersOnlyZipEntries = WORKERS_ONLY_ZIP_ENTRIES;
    /** Zips of at most this many bytes are this thread's (HERE_ZIP_BYTES; tests lower it). */
    hereZipBytes = HERE_ZIP_BYTES;
    /**
     * Which lanes may take a zip's requests (see Lanes), from its size and the entry count of its
     * end record, read at the file's end (module zips have no comment). A zip64 count (0xffff) is
     * many; a zip that cannot be read, or has a comment, is `any` (its hashing finds what is wrong
     * with it).
     */
    lanesFor(file) {
        let fd = -1;
        try {
            fd = external_node_fs_.openSync(file, 'r');
            const size = external_node_fs_.fstatSync(fd).size;
            if (size < 22)
                return 'any';
            const end = Buffer.alloc(22);
            if (external_node_fs_.readSync(fd, end, 0, 22, size - 22) !== 22 || end.readUInt32LE(0) !== 0x06054b50)
                return 'any';
            const entries = end.readUInt16LE(10);
            if (entries >= Math.min(this.workersOnlyZipEntries, 0xffff))
                return 'workers';
            return size <= this.hereZipBytes && entries <= ZIP_TASK_ENTRIES ? 'here' : 'any';
        }
        catch {
            return 'any';
        }
        finally {
            if (fd >= 0)
                external_node_fs_.closeSync(fd);
        }
    }
    /** A module zip: its Hash1 when it is small, else where to cut it for zipLines(). */
    async zip(file, job, bytes, count, lanes = 'any') {
        if (lanes === 'workers')
            this.large.add(job);
        const r = (await this.submit({ op: 'zip', file, job, bytes, count }, lanes));
        if ('hash' in r)
            this.stats.zipEntries += r.entries;
        return r;
    }
    /** Hash1 summary lines for entries [from, to) of a zip, in Hash1 order. */
    zipLines(file, job, from, to, lanes = 'any') {
        this.stats.zipEntries += to - from;
        return this.submit({ op: 'ziplines', file, job, from, to }, lanes);
    }
    spare = [];
    /** A part's lines are hashed: its buffer goes back to a lane with a later part, to be written again (see Lines). */
    recycle(lines) {
        if (this.spare.length < SPARE_BUFFERS && lines.buffer.byteLength > 0)
            this.spare.push(lines.buffer);
    }
    /** A module zip and its extracted tree: the zip as zip() gives it, and whether the tree is its twin so far. */
    async pair(file, job, dir, prefix, bytes, count, lanes = 'any') {
        this.stats.dirs++;
        if (lanes === 'workers')
            this.large.add(job);
        const r = (await this.submit({ op: 'pair', file, job, dir, prefix, bytes, count }, lanes));
        if ('hash' in r)
            this.stats.zipEntries += r.entries;
        this.stats.compared += r.compared;
        return r;
    }
    /** zipLines() for entries [from, to), each compared with the tree's file of the same name. */
    async pairLines(file, job, dir, prefix, from, to, lanes = 'any') {
        this.stats.zipEntries += to - from;
        const r = (await this.submit({ op: 'pairlines', file, job, dir, prefix, from, to }, lanes));
        this.stats.compared += r.compared;
        return r;
    }
    async close() {
        this.fail(new Error('the hash pool is closed'));
        this.retiring.clear();
        await Promise.all([...this.lanes.splice(0).map((l) => l.stop()), ...this.stopping.splice(0)]);
    }
    submit(job, lanes = 'any') {
        return new Promise((resolve, reject) => {
            if (this.broken)
                return reject(this.broken);
            this.queue.push({ request: { ...job, id: this.nextId++ }, lanes, resolve, reject });
            if (this.lanes.length === 0)
                this.attach(this.thisThread());
            // Worker threads are started by the first request that is not this thread's alone.
            if (lanes !== 'here' && !this.workersStarted)
                this.startWorkers();
            this.dispatch();
        });
    }
    workersStarted = false;
    startWorkers() {
        this.workersStarted = true;
        for (let i = 1; i < Math.max(1, this.threads) && !this.broken; i++)
            this.startWorker();
    }
    startWorker() {
        let w;
        try {
            w = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: HASH_THREAD_YOUNG_MB } });
        }
        catch (e) {
            this.fail(e instanceof Error ? e : new Error(String(e)));
            return;
        }
        const stop = async () => {
            await w.terminate();
        };
        const lane = Object.assign(w, { here: false, stop });
        w.on('error', (e) => this.fail(e));
        w.on('exit', (code) => {
            if (!this.broken && !lane.retired)
                this.fail(new Error(`a hashing thread exited (${code})`));
        });
        this.attach(lane);
    }
    /** The lane on this thread: hashWorker listens on one end of a channel, the pool talks to the other. */
    thisThread() {
        const { port1, port2 } = new external_node_worker_threads_.MessageChannel();
        hashWorker({ fs: external_node_fs_, zlib: external_node_zlib_, crypto: external_node_crypto_, path: external_node_path_, readZipDirectory: zipDirectoryReader(), zipEntryAt: zipEntryAt, zipNameReader: zipNameReader, port: port2 });
        port2.unref(); // the pool's end is referenced while a request is out; this one never keeps the process alive
        return Object.assign(port1, {
            here: true,
            stop: () => {
                port1.close();
                return Promise.resolve();
            }
        });
    }
    attach(lane) {
        lane.unref();
        lane.on('message', (reply) => {
            const p = this.busy.get(lane);
            this.busy.delete(lane);
            this.idle.push(lane);
            if (p) {
                if (lane.here)
                    this.stats.here++;
                if ('error' in reply)
                    p.reject(new Error(reply.error));
                else
                    p.resolve(reply.result);
            }
            if (this.retiring.has(lane))
                this.replace(lane);
            this.dispatch();
        });
        this.lanes.push(lane);
        this.idle.push(lane);
    }
    dispatch() {
        while (this.idle.length && this.queue.length) {
            // Worker threads first: this thread only when they are all busy, and when allowed.
            let at = this.idle.findIndex((l) => !l.here);
            let take = 0;
            if (at < 0) {
                // This thread: any request when it is the only lane; else the first small one, or, when
                // allowed, the first that is not for worker threads only.
                const only = this.lanes.length === 1;
                const allowed = !only && this.thisThreadWhen();
                take = this.queue.findIndex((q) => only || q.lanes === 'here' || (allowed && q.lanes === 'any'));
                if (take >= 0)
                    at = 0;
            }
            if (at < 0)
                break;
            const lane = this.idle.splice(at, 1)[0];
            const p = this.queue.splice(take, 1)[0];
            this.busy.set(lane, p);
            lane.ref();
            const r = p.request;
            const out = r.op === 'ziplines' || r.op === 'pairlines' ? this.spare.pop() : undefined;
            if (out)
                lane.postMessage({ ...r, out }, [out]);
            else
                lane.postMessage(r);
        }
        // Idle lanes must not keep the process alive.
        for (const l of this.idle)
            l.unref();
    }
    fail(e) {
        this.broken ??= e;
        for (const p of [...this.busy.values(), ...this.queue.splice(0)])
            p.reject(e);
        this.busy.clear();
    }
}
/** Zip entries per request: about this many compressed bytes... */
const ZIP_TASK_BYTES = 1 << 20;
/** ...or this many entries. */
const ZIP_TASK_ENTRIES = 256;
/** Files of an extracted tree per request. */
const TREE_TASK_FILES = 64;
/** dirhash.HashZip over a module zip: every entry's name and content, as archive/zip reads them; a large zip is spread over the threads. */
async function hashModuleZip(pool, file) {
    const job = pool.job();
    const lanes = pool.lanesFor(file);
    try {
        const first = await pool.zip(file, job, ZIP_TASK_BYTES, ZIP_TASK_ENTRIES, lanes);
        if ('hash' in first)
            return first.hash;
        const h = external_node_crypto_.createHash('sha256');
        await inOrder(first.cuts.length - 1, (i) => pool.zipLines(file, job, first.cuts[i], first.cuts[i + 1], lanes), (lines) => hashLines(pool, h, lines));
        return `h1:${h.digest('base64')}`;
    }
    finally {
        pool.forget(job);
    }
}
/** A part's lines into the hash; then its buffer goes back to the pool for a later part (see Lines). */
function hashLines(pool, h, lines) {
    h.update(new Uint8Array(lines.buffer, 0, lines.length));
    pool.recycle(lines);
}
/**
 * Runs `count` parts, at most PARTS_IN_FLIGHT at a time, and hands their results to `take` in
 * order as they come: a large zip's or tree's lines are never all held at once.
 */
async function inOrder(count, start, take) {
    const flight = [];
    for (let i = 0; i < count; i++) {
        const p = start(i);
        p.catch(() => { }); // a rejection is thrown when its turn comes; until then it is not unhandled
        flight.push(p);
        if (flight.length >= PARTS_IN_FLIGHT)
            take(await flight.shift());
    }
    while (flight.length)
        take(await flight.shift());
}
/** dirhash.HashDir: every file under dir, named `<prefix>/<relative path>`; a large tree is spread over the threads. */
async function hashModuleDir(pool, dir, prefix) {
    const first = await pool.tree(dir, prefix, TREE_TASK_FILES);
    if ('hash' in first)
        return first.hash;
    const { list } = first;
    const h = external_node_crypto_.createHash('sha256');
    await inOrder(Math.ceil(list.length / TREE_TASK_FILES), (i) => pool.lines(dir, prefix, list.slice(i * TREE_TASK_FILES, (i + 1) * TREE_TASK_FILES)), (text) => h.update(text));
    return `h1:${h.digest('base64')}`;
}
/**
 * hashModuleZip and hashModuleDir at once, for a module version whose zip and tree are both in
 * the cache: the zip is hashed, and the tree's files compared with its entries, in one pass; a
 * large zip is spread over the threads as hashModuleZip spreads it, each part comparing its own
 * files. When the tree differs from the zip in any way, the tree is hashed on its own, as
 * hashModuleDir does: the answer is then exactly what hashing both gives.
 */
async function hashModulePair(pool, zip, dir, prefix) {
    const job = pool.job();
    const lanes = pool.lanesFor(zip);
    try {
        const first = await pool.pair(zip, job, dir, prefix, ZIP_TASK_BYTES, ZIP_TASK_ENTRIES, lanes);
        if ('hash' in first) {
            if (first.same)
                return { zip: first.hash, dir: first.hash, dirFromZip: true };
            return { zip: first.hash, dir: await hashModuleDir(pool, dir, prefix), dirFromZip: false };
        }
        const { cuts } = first;
        const h = external_node_crypto_.createHash('sha256');
        let twins = true;
        const zipParts = inOrder(cuts.length - 1, (i) => first.same
            ? pool.pairLines(zip, job, dir, prefix, cuts[i], cuts[i + 1], lanes)
            : pool.zipLines(zip, job, cuts[i], cuts[i + 1], lanes).then((text) => ({ text, same: false })), (part) => {
            hashLines(pool, h, part.text);
            twins &&= part.same;
        });
        // Names that differ are known at once: the tree is then hashed alongside the zip's parts.
        const [, apart] = await Promise.all([zipParts.finally(() => pool.forget(job)), first.same ? null : hashModuleDir(pool, dir, prefix)]);
        const hash = `h1:${h.digest('base64')}`;
        if (apart !== null)
            return { zip: hash, dir: apart, dirFromZip: false };
        if (twins)
            return { zip: hash, dir: hash, dirFromZip: true };
        return { zip: hash, dir: await hashModuleDir(pool, dir, prefix), dirFromZip: false };
    }
    finally {
        pool.forget(job); // again when the parts did (nothing then): also after a failure, and for a zip hashed whole
    }
}

;// CONCATENATED MODULE: ./src/engine/verify.ts
/**
 * The module cache check of `go mod verify`, done once per module version per run instead of
 * once per module that lists it. For each module version in the build list (cmd/go/internal/modcmd
 * verifyMod): nothing downloaded, nothing to check; a zip or extracted tree without .ziphash is
 * "missing ziphash"; otherwise the zip's hash and the tree's hash must equal .ziphash. A tree
 * whose zip is there too is compared with the zip in the same pass, and gets the zip's hash when
 * it has exactly the zip's files and bytes (then HashDir equals HashZip: see hashpool.ts); else
 * it is hashed on its own, as go does.
 *
 * The build list comes from `go list -m -json -mod=mod all` with the module's scratch go.mod: the
 * graph `go mod verify` loads, with the same go.mod checks against go.sum. Node only ever proves a
 * build list clean: a wrong hash cannot match .ziphash by accident. Anything else (a finding, an
 * unreadable file, a zip archive/zip would refuse, a thread failure) is handed to `go mod verify`
 * itself, whose report is the one given, in go's words.
 */







/** Module versions of one module hashed at once: enough to keep every thread busy, few enough to bound memory. */
const VERSIONS_IN_FLIGHT = 4;
function createModuleCacheVerifier(options) {
    const pool = new HashPool(options.threads, options.thisThreadWhen);
    const stats = { versions: 0, zipsHashed: 0, dirsHashed: 0, dirsFromZip: 0, reused: 0, fallbacks: 0, pool: pool.stats };
    // Keyed by path@version; a result is reused only while the files go looks at are as they were.
    // `owner`: the module (its scratch go.mod) whose check computed it.
    const memo = new Map();
    /** One version's result, and whether another module's check had already paid for it. */
    const check = async (path, version, owner) => {
        const paths = cachedModulePaths(options.modcache, path, version);
        const seen = await observe(paths, path);
        const signature = `${seen.zip} ${seen.dir} ${'text' in seen.ziphash ? `=${seen.ziphash.text}` : `!${seen.ziphash.code}`}`;
        const key = `${path}@${version}`;
        let known = memo.get(key);
        if (known?.signature !== signature) {
            known = { signature, result: verifyVersion(path, version, paths, seen), owner };
            memo.set(key, known);
            stats.versions++;
        }
        const reused = known.owner !== owner;
        if (reused)
            stats.reused++;
        return { result: await known.result, reused };
    };
    const verifyVersion = async (path, version, p, seen) => {
        const problem = (kind, file, text) => ({
            module: path,
            version,
            problem: kind,
            path: file,
            text: `${path} ${version}: ${text}`
        });
        if (!('text' in seen.ziphash)) {
            if (seen.zip === 'absent' && seen.dir === 'absent')
                return { sure: true, problems: [] };
            if (seen.ziphash.code === 'ENOENT') {
                return { sure: true, problems: [problem('missing-ziphash', p.ziphash, `missing ziphash: open ${p.ziphash}: no such file or directory`)] };
            }
            return { sure: false, reason: `${path} ${version}: ${seen.ziphash.message}` };
        }
        const want = goTrimSpace(seen.ziphash.text);
        const prefix = `${path}@${version}`;
        try {
            let zip = null;
            let dir = null;
            if (seen.zip === 'present' && seen.dir === 'present') {
                // Both: the tree is compared with the zip as the zip is hashed, and hashed only if it differs.
                stats.zipsHashed++;
                stats.dirsHashed++;
                const pair = await hashModulePair(pool, p.zip, p.dir, prefix);
                [zip, dir] = [pair.zip, pair.dir];
                if (pair.dirFromZip)
                    stats.dirsFromZip++;
            }
            else {
                [zip, dir] = await Promise.all([
                    seen.zip === 'present' ? (stats.zipsHashed++, hashModuleZip(pool, p.zip)) : null,
                    seen.dir === 'present' ? (stats.dirsHashed++, hashModuleDir(pool, p.dir, prefix)) : null
                ]);
            }
            const problems = [];
            if (zip !== null && zip !== want)
                problems.push(problem('zip-modified', p.zip, `zip has been modified (${p.zip})`));
            if (dir !== null && dir !== want)
                problems.push(problem('dir-modified', p.dir, `dir has been modified (${p.dir})`));
            return { sure: true, problems };
        }
        catch (e) {
            return { sure: false, reason: `${path} ${version}: ${wrapError(e).message}` };
        }
    };
    const fallback = async (modfile, run, log, reason) => {
        stats.fallbacks++;
        log.push(`module cache: checked with go mod verify (${reason})`);
        const r = await run(['mod', 'verify', `-modfile=${modfile}`]);
        if (r.exitCode === 0)
            return { problems: [], error: null };
        const problems = parseVerify(r.stderr);
        return { problems, error: problems.length ? null : firstErrorLine(r.stderr) };
    };
    return {
        stats,
        async verify(modfile, run, log, owner = modfile) {
            if (!options.modcache)
                return fallback(modfile, run, log, 'GOMODCACHE is unknown');
            const started = Date.now();
            // -mod=mod as go mod verify loads the graph: no vendor/ build list, no error for an inconsistent go.mod.
            let listed = await run(['list', '-m', '-json', '-mod=mod', `-modfile=${modfile}`, 'all']);
            if (listed.exitCode !== 0) {
                // go list -m all also fails when a version's .info cannot be read, though the graph loads
                // and go mod verify works: terraform's backend modules hold versions that only the root
                // module replaces (v0.0.0-00010101000000-000000000000, which no proxy serves). With -e every
                // version is listed, errors and all; the list is the whole build list when go mod graph
                // loads the graph (with -e a go.mod that cannot be read would leave modules out silently).
                const why = firstErrorLine(listed.stderr);
                const graph = await run(['mod', 'graph', `-modfile=${modfile}`]);
                if (graph.exitCode !== 0)
                    return fallback(modfile, run, log, `go list -m all failed: ${why}`);
                listed = await run(['list', '-m', '-e', '-json', '-mod=mod', `-modfile=${modfile}`, 'all']);
                if (listed.exitCode !== 0)
                    return fallback(modfile, run, log, `go list -m all failed: ${why}`);
                log.push(`module cache: go list -m all failed (${why}); the build list read with go list -m -e, the graph being whole`);
            }
            let results;
            try {
                const mods = parseJsonStream(listed.stdout).filter((m) => !m.Main && !!m.Version && m.Path !== 'go' && m.Path !== 'toolchain');
                results = await mapPool(mods, VERSIONS_IN_FLIGHT, (m) => check(m.Path, m.Version, owner));
            }
            catch (e) {
                return fallback(modfile, run, log, wrapError(e).message);
            }
            const problems = [];
            for (const { result } of results) {
                if (!result.sure)
                    return fallback(modfile, run, log, result.reason);
                problems.push(...result.problems);
            }
            const reused = results.filter((r) => r.reused).length;
            log.push(`module cache: ${results.length} module version(s) of the build list checked in ${Date.now() - started} ms` +
                (reused ? ` (${reused} already checked for another module)` : ''));
            if (problems.length === 0 || options.confirm === false)
                return { problems, error: null };
            const confirmed = await fallback(modfile, run, log, problems.map((p) => p.text).join('; '));
            if (confirmed.problems.length === 0)
                log.push('module cache: go mod verify does not confirm what node found; its report is the one given');
            return confirmed;
        },
        close: () => pool.close()
    };
}
/** What modfetch.DownloadDir, os.Stat(zip) and os.ReadFile(ziphash) tell go mod verify. */
async function observe(p, modulePath) {
    const code = (e) => e.code ?? 'EUNKNOWN';
    const [zip, dir, ziphash] = await Promise.all([
        // A zip that cannot be stat'ed for another reason than absence is still opened (and fails).
        (0,promises_.stat)(p.zip).then(() => 'present', (e) => (code(e) === 'ENOENT' ? 'absent' : 'present')),
        downloadDirPresence(p, modulePath),
        (0,promises_.readFile)(p.ziphash).then((b) => ({ text: b.toString('utf8') }), (e) => ({ code: code(e), message: wrapError(e).message }))
    ]);
    return { zip, dir, ziphash };
}
/** modfetch.DownloadDir: the tree counts only once extracted completely (no .partial) and with its .ziphash. */
async function downloadDirPresence(p, modulePath) {
    const st = await (0,promises_.stat)(p.dir).catch(() => null);
    if (!st?.isDirectory())
        return 'absent';
    const enoent = (e) => e.code === 'ENOENT';
    // Only absence counts as "does not exist" to go; any other error from these stats and it hashes the tree.
    const partial = await (0,promises_.stat)(p.partial).then(() => 'exists', (e) => (enoent(e) ? 'absent' : 'error'));
    if (partial === 'exists')
        return 'absent';
    if (partial === 'error' || modulePath === 'golang.org/fips140')
        return 'present';
    return (0,promises_.stat)(p.ziphash).then(() => 'present', (e) => (enoent(e) ? 'absent' : 'present'));
}

;// CONCATENATED MODULE: ./src/engine/policy.ts
/** Sets outcome and failed from the findings and the fail-on list. Nothing to check is an error, which fails unless fail-on is none. */
function decideOutcome(report) {
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    const failing = report.failOn.some((k) => report.counts[k] > 0);
    // A shard whose share is empty checked nothing, but the run it belongs to did find modules.
    const nothing = report.modules.length === 0 && !(report.shard && report.shard.modules.length > 0);
    const outcome = nothing ? 'error' : total > 0 ? 'findings' : 'clean';
    return { ...report, outcome, failed: failing || (outcome === 'error' && report.failOn.length > 0) };
}

;// CONCATENATED MODULE: ./src/version.ts
/** The released version, shown in reports. Kept in step with package.json by a test. */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/engine/engine.ts


















const SHOWN_ENV = ['GOVERSION', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOFLAGS', 'GOTOOLCHAIN', 'GOMODCACHE', 'GOINSECURE'];
/** Checks every module under options.root and returns the report. Never writes inside root. */
async function runEngine(options, deps) {
    forgetScans();
    // go processes running now: the module cache check hashes on this thread only while there are none.
    let running = 0;
    const go = {
        async run(args, o) {
            running++;
            try {
                return await deps.go.run(args, o);
            }
            finally {
                running--;
            }
        }
    };
    await (0,promises_.mkdir)(options.tempDir, { recursive: true });
    const scratchRoot = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'go-mod-hygiene-'));
    let goEnvironment;
    let discovery;
    try {
        // go env runs outside every module: a go.mod asking for a Go that cannot be had is that module's finding, not the run's end.
        [goEnvironment, discovery] = await Promise.all([
            readGoEnvironment(go, await emptyDirIn(scratchRoot), options.goEnv, SHOWN_ENV),
            discoverModules(options.root, options.modules, options.repoRoot ?? options.root)
        ]);
    }
    catch (e) {
        await (0,promises_.rm)(scratchRoot, { recursive: true, force: true });
        throw e;
    }
    const { values: goEnv, goSettings, env } = goEnvironment;
    const goVersion = parseGoVersionOutput(goEnv.GOVERSION ?? '') ?? 'unknown';
    // go's own configuration (go env -w, GOENV) may hold proxy credentials the inputs did not: go repeats them in its messages.
    for (const secret of credentialsIn(Object.values(goEnv)))
        deps.log.mask?.(secret);
    // This job's part: every module and go.work, or a shard's share of them.
    const part = options.shard ? await selectShard(options.root, options.repoRoot ?? options.root, discovery.modules, discovery.workspaces, options.shard) : discovery;
    if (options.shard)
        deps.log.info(`shard ${options.shard.index}/${options.shard.total}: ${part.modules.length} of ${discovery.modules.length} module(s), ${part.workspaces.length} of ${discovery.workspaces.length} go.work file(s)`);
    deps.log.info(`go ${goVersion}; ${discovery.modules.length} module(s) to check, ${discovery.skipped.length} skipped`);
    for (const s of discovery.skipped)
        deps.log.info(`skipped ${s.dir}: ${s.reason}`);
    for (const u of discovery.unreadable)
        deps.log.info(`not read: ${u.dir} ${u.problem}`);
    const notices = [];
    if (discovery.workspaces.length) {
        notices.push(`${discovery.workspaces.join(', ')} found: each module is checked on its own with GOWORK=off, the workspace separately.`);
    }
    if (discovery.modules.length === 0 && discovery.unreadable.length === 0)
        notices.push(`No go.mod found under ${options.root}${options.modules.length ? ' matching the modules input' : ''}.`);
    const modules = [];
    const workspaces = [];
    const repoRoot = options.repoRoot ?? options.root;
    const policy = { attempts: options.downloadAttempts, baseMs: options.retryBaseMs, maxMs: 30000, random: deps.random };
    const localTargets = new Set();
    const hashLookups = new HashLookups();
    const moduleCache = createModuleCacheVerifier({
        modcache: goEnv.GOMODCACHE ?? '',
        threads: Math.min(options.concurrency, (0,external_node_os_.availableParallelism)()),
        thisThreadWhen: () => running === 0
    });
    let lookingUp = Promise.resolve();
    try {
        // Every module's go.sum versions are looked up at once; the modules start as soon as they are asked.
        lookingUp = (await lookUpEveryGoSum(part.modules.map((dir) => (0,external_node_path_.join)(options.root, dir, 'go.sum')), { go, emptyDir: await emptyDirIn(scratchRoot), env, goSettings, policy, clock: deps.clock, shared: hashLookups, repoRoot })).done;
        const workspaceChecks = Promise.all(part.workspaces.map(async (file, i) => {
            const scratch = (0,external_node_path_.join)(scratchRoot, `w${i}`);
            await (0,promises_.mkdir)(scratch, { recursive: true });
            try {
                const r = await checkWorkspace(file, { go, clock: deps.clock, policy, root: options.root, repoRoot, scratch, env, goSettings, goVersion, hashLookups });
                deps.log.group(`workspace ${file}`, [...r.log, ...r.report.findings.map((f) => `${f.kind}: ${f.message}`)]);
                return r.report;
            }
            catch (e) {
                const { finding, log } = internalError('workspace', e, file);
                deps.log.group(`workspace ${file}`, log);
                return { file, uses: [], status: 'findings', findings: [finding], skippedSteps: [] };
            }
        }));
        // Each module's log is printed as soon as it finishes (a slow module holds no one back), numbered as it finishes.
        let finished = 0;
        const running = [];
        const progress = () => deps.log.progress?.({ total: part.modules.length, done: finished, running: [...running] });
        const print = (dir, lines) => {
            deps.log.group(`module ${++finished}/${part.modules.length}: ${dir}`, lines);
            running.splice(running.indexOf(dir), 1);
            progress();
        };
        const results = await mapPool(part.modules, options.concurrency, async (dir, i) => {
            running.push(dir);
            progress();
            const scratch = (0,external_node_path_.join)(scratchRoot, `m${i}`);
            await (0,promises_.mkdir)(scratch, { recursive: true });
            try {
                const { report, log, localTargets: targets } = await checkModule(dir, {
                    go,
                    clock: deps.clock,
                    policy,
                    root: options.root,
                    scratch,
                    env,
                    goSettings,
                    goVersion,
                    tidyMode: options.tidyMode,
                    repoRoot,
                    gomodcache: goEnv.GOMODCACHE ?? '',
                    lookups: options.lookups ?? true,
                    updates: options.updates ?? false,
                    moduleCache,
                    hashLookups
                });
                for (const t of targets)
                    localTargets.add(t);
                print(dir, [...log, ...report.findings.map((f) => `${f.kind}: ${f.message}`)]);
                return report;
            }
            catch (e) {
                const { finding, log } = internalError('module', e, dir === '.' ? 'go.mod' : `${dir}/go.mod`);
                print(dir, log);
                return crashed(dir, finding);
            }
        });
        // Directories that could not be read are reported once: by the first shard when sharded.
        modules.push(...results.map((m) => scrubScratchPaths(m, scratchRoot, m.dir)), ...(!options.shard || options.shard.index === 1 ? discovery.unreadable.map(notRead) : []));
        modules.sort((a, b) => compareDirs(a.dir, b.dir));
        workspaces.push(...(await workspaceChecks).map((w) => scrubScratchPaths(w, scratchRoot, '.')));
    }
    finally {
        await lookingUp; // its go calls must be done before the scratch directory goes
        await moduleCache.close();
        await (0,promises_.rm)(scratchRoot, { recursive: true, force: true });
    }
    // A local replacement inside the repository is fine only if that module is itself checked.
    const checkedDirs = new Set(discovery.modules.map((d) => (0,external_node_path_.resolve)(options.root, d)));
    for (const t of [...localTargets].sort()) {
        if (!checkedDirs.has(t))
            notices.push(`${(0,external_node_path_.relative)(options.root, t) || '.'} is the target of a local replace directive but was not checked (${discovery.skipped.find((s) => (0,external_node_path_.resolve)(options.root, s.dir) === t)?.reason ?? 'outside the checked directory'}).`);
    }
    const unchecked = modules.filter((m) => m.skippedSteps.some((s) => s.step === 'retractions and deprecations' && s.reason.startsWith('could not')));
    if (unchecked.length)
        notices.push(`Retractions and deprecations could not be checked for ${unchecked.length} module(s); see each module's details.`);
    const environment = riskySettings(goEnv, discovery.workspaces.length > 0, options.environ);
    const counts = emptyCounts();
    for (const f of allFindings({ environment, workspaces, modules }))
        counts[f.kind]++;
    const shownEnv = Object.fromEntries(SHOWN_ENV.filter((k) => k !== 'GOVERSION' && goEnv[k]).map((k) => [k, goEnv[k]]));
    const report = {
        schemaVersion: 1,
        tool: { name: 'go-mod-hygiene', version: VERSION },
        generatedAt: new Date(deps.clock.now()).toISOString(),
        root: options.root,
        go: { version: goVersion, env: shownEnv },
        workspace: discovery.workspaces[0] ?? null,
        workspaces,
        environment,
        modules,
        skipped: discovery.skipped,
        counts,
        failOn: options.failOn,
        outcome: 'clean',
        failed: false,
        notices,
        ...(options.shard
            ? {
                shard: {
                    ...options.shard,
                    modules: [...discovery.modules, ...discovery.unreadable.map((u) => u.dir)].sort(compareDirs),
                    workspaces: discovery.workspaces,
                    settings: { modules: options.modules, lookups: options.lookups ?? true, updates: options.updates ?? false }
                }
            }
            : {})
    };
    // Credentials in GOPROXY/GOSUMDB URLs reach the footer, the risky-setting findings and go's messages: none is stored.
    return decideOutcome(redactCredentials(report, credentialsIn([...Object.values(goEnv), ...Object.values(options.goEnv)])));
}
/** A directory that may hold a module but could not be read (or leads outside the repository). */
function notRead(u) {
    const finding = { kind: 'unreadable', file: u.dir, message: refusalMessage(u.dir, { reason: u.reason, problem: u.problem }), reason: u.reason };
    return { dir: u.dir, path: null, goVersion: null, toolchain: null, status: 'findings', findings: [finding], skippedSteps: [{ step: 'module', reason: `${u.dir} ${u.problem}` }], durationMs: 0 };
}
/** A module whose check stopped on an exception of this tool's own: nothing else is known of it. */
function crashed(dir, finding) {
    return { dir, path: null, goVersion: null, toolchain: null, status: 'findings', findings: [finding], skippedSteps: [], durationMs: 0 };
}
/**
 * go names the scratch copies it was given (`<scratch>/m0/download/go.mod`): shown to a user, that
 * is the module's own file, and any other scratch path is said to be one. Strings only change.
 */
function scrubScratchPaths(value, scratchRoot, dir) {
    const root = JSON.stringify(scratchRoot).slice(1, -1);
    const json = JSON.stringify(value);
    if (!json.includes(root))
        return value;
    const esc = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ownFile = new RegExp(`${esc}/[mw]\\d+/[^/"\\s]+/(?=go\\.(?:mod|sum)\\b)`, 'g');
    return JSON.parse(json.replace(ownFile, dir === '.' ? '' : `${dir}/`).split(root).join('<scratch>'));
}

;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Rendering untrusted strings (module paths, versions, go output, file names) into
 * GitHub-flavoured markdown, one rule per context:
 * - `code`: an inline code span; GitHub renders no HTML, mentions or references inside, and the
 *   fence is longer than any backtick run inside, so nothing can break out.
 * - `tableCode` (= `code(v, true)`): the same inside a table cell, where the row is split on `|`
 *   before code spans are seen.
 * - `codeBlock`: a fenced block the content cannot close.
 * - `text`: plain prose; every markdown, HTML, mention and autolink trigger made inert.
 * - `htmlCode`: inside raw HTML (`<summary>`), where markdown is not processed.
 * All of them first `sanitize`: characters that hide or reorder text never reach the reader.
 */
function longestRun(s, ch) {
    let best = 0;
    let run = 0;
    for (const c of s) {
        run = c === ch ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}
/**
 * Replaces what could disguise text with U+FFFD: control characters (other than tab/newline),
 * bidi overrides, isolates and marks, zero-width and other invisible characters (a path with a
 * zero-width space looks like another path).
 */
function sanitize(s) {
    // eslint-disable-next-line no-control-regex, no-misleading-character-class
    return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e0fff}]/gu, '\uFFFD');
}
/** Everything but letters, digits, space, `/` and `-` as a numeric character reference. */
function entities(s) {
    return s.replace(/[^A-Za-z0-9 /-]/gu, (c) => `&#${c.codePointAt(0)};`);
}
/**
 * An inline code span inside a GFM table cell. Rows are split on `|` before code spans are
 * parsed, and renderers disagree on whether `\\|` is an escaped backslash and a live pipe
 * (marked) or a backslash and an escaped pipe (cmark-gfm). A value with `|` or `\\` therefore
 * becomes `<code>` with every other character as an entity: no pipe, backslash or markup left
 * for any renderer, and GitHub links no mention inside `<code>`.
 */
function tableCode(value) {
    const s = sanitize(value).replace(/\r?\n/g, ' ');
    return /[|\\]/.test(s) ? `<code>${entities(s)}</code>` : escape_code(s);
}
/** An inline code span. `inTable`: one inside a table cell (see tableCode). */
function escape_code(value, inTable = false) {
    if (inTable)
        return tableCode(value);
    const s = sanitize(value).replace(/\r?\n/g, ' ');
    if (s === '')
        return '` `';
    const fence = '`'.repeat(longestRun(s, '`') + 1);
    const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
    return `${fence}${pad}${s}${pad}${fence}`;
}
/** A fenced code block that the content cannot close. */
function codeBlock(value, lang = '') {
    const s = sanitize(value).replace(/\n+$/, '');
    const fence = '`'.repeat(Math.max(3, longestRun(s, '`') + 1));
    return `${fence}${lang}\n${s}\n${fence}`;
}
/** Words, numbers and versions (`1.26.8`, `zip-modified`): nothing in them is markup in running text. */
const PLAIN_WORDS = /^[A-Za-z0-9][A-Za-z0-9 .+-]*$/;
/**
 * Plain text inside a line (not at its start): HTML, markdown syntax, mentions, references and
 * autolinks made inert. Plain words stay as they are, so the markdown stays readable.
 */
function escape_text(value) {
    const clean = sanitize(value);
    if (PLAIN_WORDS.test(clean) && !/www\./i.test(clean))
        return clean;
    return clean
        .replace(/\r?\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
        // GitHub links mentions and references in the rendered text, after escapes are gone: a zero-width space stops them.
        .replace(/@/g, '@\u200b')
        .replace(/#/g, '#\u200b')
        .replace(/:/g, '&#58;');
}
/** Text inside raw HTML (e.g. `<summary>`), where markdown is not processed: wrapped in `<code>`, entities escaped. */
function htmlCode(value) {
    const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '@': '&#64;', '#': '&#35;' };
    const s = sanitize(value)
        .replace(/\r?\n/g, ' ')
        .replace(/[&<>"'@#]/g, (c) => entities[c]);
    return `<code>${s}</code>`;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts



const KIND_LABEL = {
    untidy: 'untidy',
    'tidy-error': 'tidy error',
    'internal-error': 'go-mod-hygiene failed',
    unreadable: 'file not read',
    'checksum-mismatch': 'checksum mismatch',
    malformed: 'malformed file',
    'cache-modified': 'module cache modified',
    'proxy-modified': 'proxy serves modified module',
    'download-error': 'download error',
    'go-version': 'Go version',
    'vendor-inconsistent': 'vendor/modules.txt inconsistent',
    'vendor-modified': 'vendor/ not what go mod vendor writes',
    'workspace-error': 'go.work error',
    'replace-local': 'local replace that breaks elsewhere',
    'replace-conflict': 'conflicting replace',
    'workspace-sync': 'go work sync would change requirements',
    replace: 'replace directive',
    'replace-ignored': "dependency's replace ignored",
    retracted: 'retracted version',
    deprecated: 'deprecated module',
    'pseudo-version': 'pseudo-version',
    exclude: 'exclude directive',
    toolchain: 'toolchain line',
    'risky-setting': 'risky go setting',
    outdated: 'updates available'
};
/** At most this many file names are listed per vendor/ difference. */
const MAX_FILES = 20;
function plural(n, word, many = `${word}s`) {
    return `${n} ${n === 1 ? word : many}`;
}
/** The order kinds are listed and fixed in: go.sum integrity first (tidy and vendor results depend on it), then errors, then advisories. */
const KIND_ORDER = ['checksum-mismatch', 'malformed', ...FINDING_KINDS.filter((k) => k !== 'checksum-mismatch' && k !== 'malformed')];
/** `checksum mismatch ×2, untidy`: the kinds present, counted when more than one. */
function countsLine(m) {
    const by = new Map();
    for (const f of m.findings)
        by.set(f.kind, (by.get(f.kind) ?? 0) + 1);
    return KIND_ORDER.filter((k) => by.has(k))
        .map((k) => `${KIND_LABEL[k]}${by.get(k) > 1 ? ` ×${by.get(k)}` : ''}`)
        .join(', ');
}
/** The detail key of the run's go settings (a name no directory has). */
const ENVIRONMENT_KEY = '(go settings)';
function units(report) {
    const env = report.environment.length
        ? [{ dir: '.', key: ENVIRONMENT_KEY, name: 'go settings of this run', summaryName: 'go settings of this run', findings: report.environment, skippedSteps: [], kind: 'environment' }]
        : [];
    const works = report.workspaces.map((w) => ({
        dir: w.file,
        key: w.file,
        name: `workspace ${escape_code(w.file)}`,
        summaryName: `workspace ${htmlCode(w.file)}`,
        findings: w.findings,
        skippedSteps: w.skippedSteps,
        kind: 'workspace'
    }));
    const mods = report.modules.map((m) => ({
        dir: m.dir,
        key: m.dir,
        name: escape_code(m.dir),
        summaryName: `${htmlCode(m.dir)}${m.path ? ` ${htmlCode(m.path)}` : ''}`,
        findings: m.findings,
        skippedSteps: m.skippedSteps,
        kind: 'module'
    }));
    return [...env, ...works, ...mods];
}
/** Steps that did not run for a reason other than the user switching them off: their part is unknown, so never "clean". */
function notRun(m) {
    const n = m.skippedSteps.filter((x) => !x.reason.startsWith('switched off')).length;
    return n ? `${plural(n, 'step')} not run` : '';
}
/**
 * Which failures fail the step: every finding of a fail-on kind, or with only-new-issues (and a
 * known scope) only this PR's; the others are `older`, failures already there.
 */
function splitFailures(report, scope, onlyNewIssues) {
    const fails = (f) => report.failOn.includes(f.kind);
    if (!onlyNewIssues || !scope)
        return { failsStep: (_u, f) => fails(f), older: () => false };
    return { failsStep: (u, f) => fails(f) && scope(u.dir, f) === 'pr', older: (u, f) => fails(f) && scope(u.dir, f) === 'before' };
}
/** The first line: the verdict and the counts. */
function headline(report, scope, onlyNewIssues = false) {
    if (report.outcome === 'error' && report.modules.length === 0)
        return `⚠️ ${report.notices.map(escape_text).join(' ')}`;
    const all = units(report);
    const fails = (f) => report.failOn.includes(f.kind);
    const { failsStep, older } = splitFailures(report, scope, onlyNewIssues);
    const oni = onlyNewIssues && scope !== undefined;
    const failingModules = all.filter((u) => u.kind === 'module' && u.findings.some((f) => failsStep(u, f)));
    const failingOther = all.filter((u) => u.kind !== 'module' && u.findings.some((f) => failsStep(u, f)));
    const olderCount = all.reduce((c, u) => c + u.findings.filter((f) => older(u, f)).length, 0);
    const advisories = all.flatMap((u) => u.findings.filter((f) => !fails(f)));
    const n = report.modules.length;
    if (failingModules.length + failingOther.length + olderCount + advisories.length === 0) {
        // A step that did not run (for a reason other than being switched off) leaves its part unknown: never all clear.
        const incomplete = all.some((u) => notRun(u));
        if (incomplete)
            return `⚠️ ${plural(n, 'module')} checked, no findings, but some steps did not run (see below).`;
        return `✅ ${plural(n, 'module')} checked: tidy, go.sum matches the authoritative hashes, module cache verified.`;
    }
    const parts = [];
    const verb = failingModules.length === 1 ? 'fails' : 'fail';
    if (oni && failingModules.length) {
        parts.push(`**${failingModules.length} of ${plural(n, 'module')} ${verb} by this PR**`);
    }
    else if (failingModules.length) {
        const byPr = scope ? failingModules.filter((u) => u.findings.some((f) => fails(f) && scope(u.dir, f) === 'pr')).length : -1;
        parts.push(`**${failingModules.length} of ${plural(n, 'module')} ${verb}**${byPr >= 0 ? ` (${byPr} by this PR)` : ''}`);
    }
    else if (olderCount && !failingOther.length) {
        parts.push(`${plural(n, 'module')} checked, **passes**: nothing this PR changed fails`);
    }
    else {
        parts.push(`${plural(n, 'module')} checked`);
    }
    for (const u of failingOther)
        parts.push(u.kind === 'environment' ? '**risky go settings fail**' : `**${u.name} fails**`);
    if (olderCount)
        parts.push(`${plural(olderCount, 'failure')} already there`);
    const risky = report.environment.filter((f) => !fails(f)).length;
    if (advisories.length)
        parts.push(`${plural(advisories.length, 'advisory', 'advisories')}${risky ? ` (${plural(risky, 'risky go setting')})` : ''}`);
    const icon = report.failed ? '❌' : '⚠️';
    return `${icon} ${parts.join(' · ')}`;
}
/** The summary table: one row per module (the job summary's folded list of everything). */
function summaryTable(report, maxRows = Infinity) {
    // Modules with findings first when the table is cut, so what fails is never the part left out.
    const ordered = maxRows < report.modules.length ? [...report.modules].sort((a, b) => Number(b.findings.length > 0) - Number(a.findings.length > 0)) : report.modules;
    const omitted = Math.max(0, ordered.length - maxRows);
    const rows = ordered.slice(0, ordered.length - omitted).map((m) => {
        const status = m.findings.length === 0 ? (notRun(m) ? `⚠️ ${notRun(m)}` : '✅ clean') : `${report.failOn.some((k) => m.findings.some((f) => f.kind === k)) ? '❌' : '⚠️'} ${countsLine(m)}`;
        return `| ${escape_code(m.dir, true)} | ${m.path ? escape_code(m.path, true) : '—'} | ${status} |`;
    });
    if (omitted)
        rows.push(`| … | ${omitted} more module${omitted === 1 ? '' : 's'} | |`);
    return ['| directory | module | result |', '| --- | --- | --- |', ...rows].join('\n');
}
/** What to do about one kind of finding, short enough for the one-line list; null when the details say it better. */
function fixCommand(kind, dir, workspace = false) {
    const cd = dir === '.' ? 'go mod' : `go -C ${dir} mod`;
    switch (kind) {
        case 'untidy':
            return `run ${escape_code(`${cd} tidy`)}`;
        case 'tidy-error':
            return `fix the error below, then run ${escape_code(`${cd} tidy`)}`;
        case 'checksum-mismatch':
            return 'put the authoritative hashes in go.sum (diff below)';
        case 'malformed':
            return 'fix or delete the line below';
        case 'cache-modified':
            return `run ${escape_code('go clean -modcache')}`;
        case 'proxy-modified':
            return 'report it to whoever runs the proxy (details below)';
        case 'unreadable':
            return 'commit the file itself, not a link out of the repository';
        case 'download-error':
            return 'make the version below downloadable (private modules: GOPRIVATE and credentials)';
        case 'go-version':
            return `install the Go that go.mod asks for (setup-go with ${escape_code('go-version-file: go.mod')})`;
        case 'vendor-inconsistent':
        case 'vendor-modified':
            return `run ${escape_code(workspace ? 'go work vendor' : `${cd} vendor`)}`;
        case 'workspace-error':
            return 'fix the go.work line below';
        case 'workspace-sync':
            return `run ${escape_code('go work sync')}`;
        case 'replace-local':
            return 'point the replace below inside the repository';
        case 'replace-conflict':
            return 'keep one of the replacements below';
        case 'internal-error':
            return 're-run the job (a fault in go-mod-hygiene)';
        default:
            return null;
    }
}
/** One line of the failing list: directory, what fails (with whose it is on a PR), the fix. */
function failingLine(u, failing, scope) {
    const kinds = KIND_ORDER.filter((k) => failing.some((f) => f.kind === k));
    const whose = (k) => {
        if (!scope)
            return null;
        const s = new Set(failing.filter((f) => f.kind === k).map((f) => scope(u.dir, f)));
        return s.size > 1 ? 'both' : [...s][0];
    };
    const mark = { pr: '*this PR*', before: '*already there*', both: '*this PR and before*' };
    const perKind = kinds.map((k) => ({ kind: k, label: countsLine({ findings: failing.filter((f) => f.kind === k) }), whose: whose(k) }));
    const uniform = new Set(perKind.map((p) => p.whose)).size === 1;
    const what = perKind.map((p) => (p.whose && !uniform ? `${p.label} (${mark[p.whose]})` : p.label)).join(', ');
    const tail = uniform && perKind[0]?.whose ? ` · ${mark[perKind[0].whose]}` : '';
    const fixes = [...new Set(KIND_ORDER.filter((k) => kinds.includes(k)).map((k) => fixCommand(k, u.kind === 'module' ? u.dir : '.', u.kind === 'workspace') ?? `see ${KIND_LABEL[k]} below`))];
    return `- ❌ ${u.name}: ${what}${tail} — ${fixes.join(', then ')}`;
}
/** A go.sum line as committed: `module version[/go.mod] hash`. */
function sumLine(f, hash) {
    return `${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''} ${hash}`;
}
/** Longest diff line that fits a PR conversation column (780 px) without scrolling. */
const DIFF_COLUMNS = 96;
/**
 * Checksum mismatches as a diff of go.sum, one block per file and source: `-` the committed line,
 * `+` the authoritative one. A diff line cannot wrap, so when a go.sum line is wider than the
 * column the hashes go on their own lines under the module and version they belong to.
 */
function goSumDiff(fs) {
    const groups = new Map();
    for (const f of fs) {
        const key = `${f.file ?? 'go.sum'}\n${f.sourceName}`;
        groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    const out = [];
    for (const [key, group] of groups) {
        const [file, source] = key.split('\n');
        const fits = group.every((f) => 1 + sumLine(f, f.committed).length <= DIFF_COLUMNS && 1 + sumLine(f, f.authoritative).length <= DIFF_COLUMNS);
        const lines = [];
        for (const f of group) {
            lines.push(Number.isSafeInteger(f.line) && f.line > 0 ? `@@ -${f.line} +${f.line} @@` : '@@ @@');
            if (fits)
                lines.push(`-${sumLine(f, f.committed)}`, `+${sumLine(f, f.authoritative)}`);
            else
                lines.push(` ${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''}`, `-    ${f.committed}`, `+    ${f.authoritative}`);
        }
        out.push(`${escape_code(file)}: \`-\` committed, \`+\` authoritative (from ${escape_code(source)})`, codeBlock(lines.join('\n'), 'diff'));
    }
    return out.join('\n\n');
}
function tidyDetails(f, level) {
    const c = f.changes;
    const items = [];
    for (const r of c.requiresAdded)
        items.push(`- add ${escape_code(`${r.path} ${r.version}`)}${r.indirect ? ' (indirect)' : ''}`);
    for (const r of c.requiresRemoved)
        items.push(`- remove ${escape_code(`${r.path} ${r.version}`)}`);
    for (const r of c.versionsChanged)
        items.push(`- ${escape_code(r.path)}: ${escape_code(r.from)} → ${escape_code(r.to)}`);
    for (const r of c.indirectChanged)
        items.push(`- ${escape_code(r.path)}: ${r.indirect ? 'add' : 'remove'} ${escape_code('// indirect')}`);
    if (c.goDirective)
        items.push(`- go directive: ${escape_code(c.goDirective.from ?? 'unset')} → ${escape_code(c.goDirective.to ?? 'unset')}`);
    if (c.toolchainDirective)
        items.push(`- toolchain: ${escape_code(c.toolchainDirective.from ?? 'unset')} → ${escape_code(c.toolchainDirective.to ?? 'unset')}`);
    if (c.sumAdded.length)
        items.push(`- go.sum: ${plural(c.sumAdded.length, 'line')} missing`);
    if (c.sumRemoved.length)
        items.push(`- go.sum: ${plural(c.sumRemoved.length, 'line')} no longer needed`);
    const formatting = formattingOnly(c);
    if (formatting)
        items.push(`- ${formatting}`);
    else if (c.otherGoModLines.length)
        items.push(`- other go.mod edits: ${plural(c.otherGoModLines.length, 'line')}`);
    const parts = [items.join('\n')];
    if (c.againstCorrectedGoSum)
        parts.push('_Tidy ran against go.sum with the mismatched hashes corrected._');
    if (level === 'full')
        parts.push(codeBlock(c.diff, 'diff'));
    return parts.join('\n\n');
}
function fileList(label, files) {
    if (!files.length)
        return '';
    const shown = files.slice(0, MAX_FILES).map((f) => escape_code(f)).join(', ');
    return `- ${label} (${files.length}): ${shown}${files.length > MAX_FILES ? `, … ${files.length - MAX_FILES} more` : ''}`;
}
function vendorDetails(f, level) {
    const lines = [fileList('changed', f.changed), fileList('missing (go mod vendor writes them)', f.missing), fileList('extra (go mod vendor would delete them)', f.extra)].filter(Boolean);
    const parts = [lines.join('\n')];
    if (level === 'full' && f.modulesTxtDiff)
        parts.push(codeBlock(f.modulesTxtDiff, 'diff'));
    return parts.join('\n\n');
}
/** Updates as a list: a table of long module paths and pseudo-versions is wider than a PR column. */
function updatesList(f) {
    return f.updates.map((u) => `- ${escape_code(u.path)} ${escape_code(u.version)} → ${escape_code(u.latest)} (${u.behind})`).join('\n');
}
/** The go command whose output a finding shows, for the kinds whose content depends on the Go version (tidy's rules and vendor's layout change between releases). */
function producedBy(kind, workspace) {
    switch (kind) {
        case 'untidy':
            return 'go mod tidy';
        case 'workspace-sync':
            return 'go work sync';
        case 'vendor-modified':
        case 'vendor-inconsistent':
            return workspace ? 'go work vendor' : 'go mod vendor';
        default:
            return null;
    }
}
/** The details of one module (or workspace), at the given level; `goVersion` is the Go that produced them. */
function moduleDetails(m, level, workspace = false, goVersion) {
    const out = [];
    const kinds = KIND_ORDER.filter((k) => m.findings.some((f) => f.kind === k));
    for (const kind of kinds) {
        const fs = m.findings.filter((f) => f.kind === kind);
        out.push(`**${KIND_LABEL[kind]}**`);
        const by = producedBy(kind, workspace);
        // Another Go may tidy, sync or vendor differently: say which one this is.
        if (level !== 'none' && by && goVersion)
            out.push(`_Computed with go ${escape_text(goVersion)} (${escape_code(by)}):_`);
        if (level !== 'none') {
            if (kind === 'checksum-mismatch')
                out.push(goSumDiff(fs));
            else if (kind === 'untidy')
                out.push(tidyDetails(fs[0], level));
            else if (kind === 'cache-modified') {
                out.push(fs.map((f) => `- ${escape_code(`${f.module} ${f.version}`)}: ${escape_text(f.problem)}`).join('\n'));
            }
            else if (kind === 'vendor-modified') {
                out.push(vendorDetails(fs[0], level));
            }
            else if (kind === 'outdated') {
                out.push(updatesList(fs[0]));
            }
            else if (kind === 'workspace-sync') {
                for (const f of fs) {
                    out.push(`- ${escape_code(f.file ?? f.module)}`);
                    if (level === 'full')
                        out.push(codeBlock(f.diff, 'diff'));
                }
            }
            else {
                out.push(fs.map((f) => `- ${f.file ? `${escape_code(f.file + (f.line ? `:${f.line}` : ''))} ` : ''}${escape_code(f.message)}`).join('\n'));
                const outputs = fs.map((f) => ('output' in f ? f.output : 'detail' in f ? f.detail : '')).filter(Boolean);
                if (level === 'full' && outputs.length)
                    out.push(codeBlock(outputs.join('\n\n')));
            }
        }
        out.push(fixHint(kind, m.dir, workspace));
    }
    for (const s of m.skippedSteps)
        out.push(`_${escape_text(s.step)} not run:_ ${escape_code(s.reason)}`);
    return out.join('\n\n');
}
/** Steps not run in units that do not fail, one line per step and reason (a `lookups: false` run says it once, not per module). */
function notRunLines(us) {
    const groups = new Map();
    for (const u of us) {
        for (const s of u.skippedSteps) {
            const key = `${s.step}\n${s.reason}`;
            const g = groups.get(key) ?? { step: s.step, reason: s.reason, names: [] };
            g.names.push(u.name);
            groups.set(key, g);
        }
    }
    return [...groups.values()].map((g) => {
        const where = g.names.length <= 3 ? g.names.join(', ') : `${g.names.length} modules`;
        return `- ℹ️ ${where}: ${escape_text(g.step)} not run: ${escape_code(g.reason)}`;
    });
}
/**
 * The whole report as markdown. In order: the verdict; one line per failing module with its
 * fix; one line for the clean ones; each failure's details; advisories folded; then the notes.
 */
function renderMarkdown(report, options = {}) {
    const fails = (f) => report.failOn.includes(f.kind);
    const scope = options.scope;
    const oni = Boolean(options.onlyNewIssues && scope);
    const { failsStep, older } = splitFailures(report, scope, options.onlyNewIssues);
    // With only-new-issues each section says whose its failures are, so the lines need no marks.
    const lineScope = oni ? undefined : scope;
    const all = units(report);
    const failing = all.filter((u) => u.findings.some((f) => failsStep(u, f)));
    const olderUnits = all.filter((u) => u.findings.some((f) => older(u, f)));
    const notFailing = all.filter((u) => !u.findings.some(fails));
    const parts = [];
    if (options.title)
        parts.push(`### ${options.title}`);
    parts.push(headline(report, scope, options.onlyNewIssues));
    // The list: what fails, one line each, then the rest in one line.
    const list = [];
    const maxRows = options.maxRows ?? Infinity;
    let shortened = false;
    for (const u of failing.slice(0, maxRows))
        list.push(failingLine(u, u.findings.filter((f) => failsStep(u, f)), lineScope));
    if (failing.length > maxRows) {
        list.push(`- … ${failing.length - maxRows} more failing`);
        shortened = true;
    }
    const modules = all.filter((u) => u.kind === 'module');
    const clean = modules.filter((u) => u.findings.length === 0 && u.skippedSteps.length === 0).length;
    const advisoryOnly = modules.filter((u) => u.findings.length > 0 && !u.findings.some(fails)).length;
    const olderOnly = modules.filter((u) => olderUnits.includes(u) && !failing.includes(u)).length;
    const rest = [];
    if (clean && clean < modules.length)
        rest.push(`✅ ${plural(clean, 'module')} clean`);
    else if (clean && failing.length)
        rest.push(`✅ all ${plural(clean, 'module')} clean`);
    if (advisoryOnly)
        rest.push(`⚠️ ${plural(advisoryOnly, 'module')} with advisories only`);
    if (olderOnly)
        rest.push(`⚠️ ${plural(olderOnly, 'module')} with failures already there`);
    if (list.length && rest.length)
        list.push(`- ${rest.join(' · ')}`);
    else if (rest.length)
        list.push(rest.join(' · '));
    list.push(...notRunLines(notFailing));
    if (list.length)
        parts.push(list.join('\n'));
    // Details of what fails, open.
    const maxDetails = options.maxDetails ?? Infinity;
    const shownDetails = failing.slice(0, maxDetails);
    if (shownDetails.length < failing.length)
        shortened = true;
    for (const u of shownDetails) {
        const level = options.detail?.(u.key) ?? 'full';
        if (level !== 'full')
            shortened = true;
        const mine = u.findings.filter((f) => failsStep(u, f));
        const body = moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: mine, skippedSteps: u.skippedSteps }, level, u.kind === 'workspace', report.go.version);
        parts.push(`<details open><summary>❌ ${u.summaryName} — ${countsLine({ findings: mine })}</summary>\n\n${body}\n\n</details>`);
    }
    // only-new-issues: failures already there do not fail the step, but stay in sight, folded, after this PR's and before the advisories.
    if (olderUnits.length) {
        const rows = olderUnits.slice(0, Math.max(0, maxRows - failing.length));
        const detailed = olderUnits.slice(0, Math.max(0, maxDetails - failing.length));
        if (rows.length < olderUnits.length || detailed.length < olderUnits.length)
            shortened = true;
        const lines = rows.map((u) => failingLine(u, u.findings.filter((f) => older(u, f)), undefined));
        if (rows.length < olderUnits.length)
            lines.push(`- … ${olderUnits.length - rows.length} more with failures already there`);
        const blocks = detailed.map((u) => {
            const level = options.detail?.(u.key) ?? 'full';
            if (level !== 'full')
                shortened = true;
            const skippedSteps = failing.includes(u) ? [] : u.skippedSteps;
            return `#### ${u.name}\n\n${moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: u.findings.filter((f) => older(u, f)), skippedSteps }, level, u.kind === 'workspace', report.go.version)}`;
        });
        const count = olderUnits.reduce((c, u) => c + u.findings.filter((f) => older(u, f)).length, 0);
        const where = olderUnits.every((u) => u.kind === 'module') ? plural(olderUnits.length, 'module') : plural(olderUnits.length, 'place');
        const title = `⚠️ ${plural(count, 'failure')} already there in ${where}: not changed by this PR, not failing it (only-new-issues)`;
        parts.push(`<details><summary>${title}</summary>\n\n${[lines.join('\n'), ...blocks].join('\n\n')}\n\n</details>`);
    }
    // Advisories, folded. On a PR comment only those the PR touched (and the run's go settings, which the PR cannot be blamed for but which weaken the check).
    const advisoryLevel = options.advisories ?? 'full';
    const withAdvice = all
        .map((u) => ({ u, fs: u.findings.filter((f) => !fails(f) && (options.allModules || !scope || u.kind === 'environment' || scope(u.dir, f) === 'pr')) }))
        .filter((x) => x.fs.length > 0);
    const advisoryCount = all.reduce((n, u) => n + u.findings.filter((f) => !fails(f)).length, 0);
    const shownCount = withAdvice.reduce((n, x) => n + x.fs.length, 0);
    if (withAdvice.length && advisoryLevel !== 'none') {
        if (advisoryLevel !== 'full')
            shortened = true;
        const blocks = withAdvice.map(({ u, fs }) => `#### ${u.name}\n\n${moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: fs, skippedSteps: [] }, advisoryLevel, u.kind === 'workspace', report.go.version)}`);
        const where = withAdvice.every((x) => x.u.kind === 'module') ? plural(withAdvice.length, 'module') : plural(withAdvice.length, 'place');
        const title = `⚠️ ${plural(shownCount, 'advisory', 'advisories')} in ${where}${scope && !options.allModules ? ' on lines this PR changed' : ''} (not failing)`;
        parts.push(`<details><summary>${title}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`);
    }
    else if (withAdvice.length) {
        shortened = true;
    }
    const leftOut = advisoryCount - (advisoryLevel === 'none' ? 0 : shownCount);
    if (leftOut > 0 && options.fullReportHint) {
        const is = leftOut === 1 ? 'is' : 'are';
        const why = advisoryLevel === 'none' ? `${is} left out to fit` : `on lines this PR did not change ${is} left out`;
        parts.push(`_${plural(leftOut, 'advisory', 'advisories')} ${why}. ${options.fullReportHint}_`);
    }
    if (shortened && options.fullReportHint)
        parts.push(`_Some details were shortened to fit. ${options.fullReportHint}_`);
    if (options.allModules && report.modules.length > 1) {
        parts.push(`<details><summary>All ${plural(report.modules.length, 'module')}</summary>\n\n${summaryTable(report)}\n\n</details>`);
    }
    const foot = [];
    if (report.notices.length && report.modules.length)
        foot.push(...report.notices.map((n) => `ℹ️ ${escape_code(n)}`));
    if (report.skipped.length)
        foot.push(`Skipped: ${report.skipped.map((s) => `${escape_code(s.dir)} (${escape_code(s.reason)})`).join(', ')}`);
    const env = Object.entries(report.go.env)
        .filter(([k]) => k !== 'GOMODCACHE')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    foot.push(`<sub>go ${escape_code(report.go.version)}${env ? ` · ${escape_code(env)}` : ''} · go-mod-hygiene ${escape_text(report.tool.version)}</sub>`);
    parts.push(foot.join('\n\n'));
    return `${parts.join('\n\n')}\n`;
}
/** How to fix one kind of finding in a module, as the reader would type it. */
function fixHint(kind, dir, workspace = false) {
    const cd = dir === '.' ? 'go mod' : `go -C ${dir} mod`;
    switch (kind) {
        case 'untidy':
            return `Run ${escape_code(`${cd} tidy`)} and commit go.mod and go.sum.`;
        case 'checksum-mismatch':
            return ('Replace each committed hash with the authoritative one (or delete those lines and run ' +
                `${escape_code(`${cd} download`)}, which checks the checksum database again). Do not switch checksum ` +
                'verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure) to make this go away: a hash that ' +
                'disagrees with the checksum database means the go.sum was edited, or the code you build is not the code everyone else got.');
        case 'malformed':
            return `Fix the line shown, or delete it and run ${escape_code(`${cd} tidy`)}.`;
        case 'cache-modified':
            return `The module cache was changed after download: run ${escape_code('go clean -modcache')} and let the modules download again; if the cache came from a CI cache entry, delete that entry.`;
        case 'proxy-modified':
            return ('The module proxy served content that the checksum database contradicts, and go refused it. Report it to whoever runs ' +
                'the proxy (a proxy that rewrites public modules, or something between it and the runner); do not add the path to GONOSUMDB/GOPRIVATE to make this go away.');
        case 'unreadable':
            return 'Commit the file itself, not a symbolic link that leads outside the repository (or to a device); what needed it was not checked. Links inside the repository are followed.';
        case 'tidy-error':
            return `${escape_code(`${cd} tidy`)} fails: fix the error shown (often an import no module provides, or a require of a version that does not exist).`;
        case 'internal-error':
            return "A fault in go-mod-hygiene, not in this module: the check it names did not finish, so its result is unknown. Re-run the job; if it happens again, please open an issue with this step's log (it has the stack).";
        case 'download-error':
            return 'Check that the version exists and the proxy can serve it; private modules need GOPRIVATE and credentials.';
        case 'go-version':
            return `Install a Go new enough for this module on the runner (actions/setup-go with ${escape_code('go-version-file: go.mod')}).`;
        case 'vendor-inconsistent':
        case 'vendor-modified':
            return `Run ${escape_code(workspace ? 'go work vendor' : `${cd} vendor`)} and commit vendor/. Vendored files are never hashed by go: an edited one builds and passes ${escape_code('go mod verify')}.`;
        case 'workspace-error':
            return 'Fix go.work: every `use` must be a directory of this repository with a go.mod (or drop the line).';
        case 'workspace-sync':
            return `Run ${escape_code('go work sync')} and commit the go.mod files it changes, so each module builds on its own with the versions the workspace tests.`;
        case 'replace-local':
            return 'Point the replacement at a directory of this repository that has a go.mod, or require a published version instead: a path outside the checkout exists only on one machine.';
        case 'replace-conflict':
            return 'Keep one replacement per module (and version); go refuses to load a go.mod with conflicting ones.';
        case 'replace':
            return 'Make sure each replacement is still needed (one whose module nothing requires can be deleted); forks and pinned versions are not updated by tools like Renovate and Dependabot.';
        case 'replace-ignored':
            return "Only the main module's replace directives apply. If this module needs what the dependency's replacement gives, add the replacement (or a require of that version) to this go.mod.";
        case 'retracted':
            return `Upgrade to a version that is not retracted: ${escape_code(`${cd.replace(/ mod$/, '')} get <module>@latest`)}, then ${escape_code(`${cd} tidy`)}.`;
        case 'deprecated':
            return 'Follow the deprecation message: usually a move to another module.';
        case 'pseudo-version':
            return 'Prefer a tagged release when one exists; a commit pinned by hash gets no update notifications.';
        case 'exclude':
            return 'Make sure each exclude is still needed: it only affects this module as the main module, never its dependents.';
        case 'toolchain':
            return `Use actions/setup-go with ${escape_code('go-version-file: go.mod')} so the runner has the toolchain the module asks for.`;
        case 'risky-setting':
            return 'Remove the setting from the workflow environment or go.env unless it is intended; list only private module paths in GOPRIVATE/GONOSUMDB.';
        case 'outdated':
            return `Update with ${escape_code(`${cd.replace(/ mod$/, '')} get <module>@<version>`)} and ${escape_code(`${cd} tidy`)}, or let Renovate/Dependabot open the updates.`;
    }
}

;// CONCATENATED MODULE: ./src/report/terminal.ts



const terminal_KIND_ORDER = ['checksum-mismatch', 'malformed', ...FINDING_KINDS.filter((k) => k !== 'checksum-mismatch' && k !== 'malformed')];
function unmark(md) {
    return md.replace(/(`+) ?([^`]*?) ?\1/g, '$2');
}
function renderTerminal(report, options) {
    const paint = (code) => (s) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
    const red = paint('31');
    const green = paint('32');
    const yellow = paint('33');
    const bold = paint('1');
    const dim = paint('2');
    const fit = (s) => (s.length > options.width ? `${s.slice(0, Math.max(10, options.width - 1))}…` : s);
    const clean = (s) => sanitize(s).replace(/\r?\n/g, ' ');
    const fails = (f) => report.failOn.includes(f.kind);
    // A finding whose content another Go may compute differently says which Go it comes from.
    const label = (f, workspace) => `${KIND_LABEL[f.kind]}${producedBy(f.kind, workspace) ? ` (go ${clean(report.go.version)})` : ''}`;
    const out = [];
    const units = [
        ...report.workspaces.map((w) => ({ dir: w.file, cd: '.', findings: w.findings, workspace: true })),
        ...report.modules.map((m) => ({ dir: m.dir, cd: m.dir, findings: m.findings, workspace: false }))
    ];
    const failing = units.filter((u) => u.findings.some(fails));
    const advisories = [
        ...report.environment.map((f) => ({ dir: '(go settings)', f, workspace: false })),
        ...units.flatMap((u) => u.findings.filter((f) => !fails(f)).map((f) => ({ dir: u.dir, f, workspace: u.workspace })))
    ];
    const n = report.modules.length;
    if (report.outcome === 'error' && n === 0) {
        out.push(`${yellow('!')} ${clean(report.notices.join(' '))}`);
        return `${out.join('\n')}\n`;
    }
    const verdict = failing.length ? red(bold(`✗ ${failing.length} of ${n} failing`)) : green(bold(`✓ ${n} module${n === 1 ? '' : 's'} checked, nothing fails`));
    out.push(`go-mod-hygiene: ${verdict}${advisories.length ? ` · ${advisories.length} advisor${advisories.length === 1 ? 'y' : 'ies'}` : ''}`, '');
    if (!options.color)
        out[0] = fit(out[0]);
    for (const u of failing) {
        const fs = u.findings.filter(fails);
        const kinds = terminal_KIND_ORDER.filter((k) => fs.some((f) => f.kind === k));
        out.push(fit(`${red('✗')} ${bold(clean(u.dir))}  ${kinds.map((k) => KIND_LABEL[k]).join(', ')}`));
        const fixes = [...new Set(kinds.map((k) => fixCommand(k, u.cd)).filter((x) => x !== null))];
        if (fixes.length)
            out.push(fit(`    fix: ${unmark(fixes.join(', then '))}`));
    }
    const cleanCount = report.modules.filter((m) => m.findings.length === 0).length;
    if (cleanCount && failing.length + advisories.length > 0)
        out.push(`${green('✓')} ${cleanCount} module${cleanCount === 1 ? '' : 's'} clean`);
    for (const u of failing) {
        out.push('', bold(`── ${clean(u.dir)}`));
        for (const f of u.findings.filter(fails)) {
            out.push(fit(`${red(label(f, u.workspace))}: ${clean(f.message)}`));
            const detail = f.kind === 'untidy' ? f.changes.diff : 'output' in f ? f.output : 'detail' in f ? f.detail : '';
            if (f.kind === 'checksum-mismatch') {
                out.push(dim(`    ${clean(f.file ?? 'go.sum')}:${f.line ?? '?'}: ${clean(`${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''}`)}`));
                out.push(red(`    - ${clean(f.committed)}`), green(`    + ${clean(f.authoritative)}  (${clean(f.sourceName)})`));
            }
            else if (detail) {
                for (const line of sanitize(detail).replace(/\n+$/, '').split('\n'))
                    out.push(line.startsWith('+') ? green(`    ${line}`) : line.startsWith('-') ? red(`    ${line}`) : dim(`    ${line}`));
            }
        }
    }
    if (advisories.length) {
        out.push('', bold('advisories (they do not fail):'));
        for (const { dir, f, workspace } of advisories)
            out.push(fit(`${yellow('!')} ${clean(dir)}: ${label(f, workspace)}: ${clean(f.message)}`));
    }
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/report/json.ts


/** How long writing the report may take (a FIFO or a hung network mount would block forever). */
const REPORT_WRITE_TIMEOUT_MS = 10_000;
/** Writes the JSON report (schema: docs/report-schema.md), in bounded time. */
async function writeJsonReport(path, report, timeoutMs = REPORT_WRITE_TIMEOUT_MS) {
    const abort = new AbortController();
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => {
            abort.abort();
            reject(new Error(`writing took longer than ${timeoutMs / 1000} s`));
        }, timeoutMs);
        timer.unref();
    });
    try {
        await Promise.race([
            (async () => {
                await makeParents((0,external_node_path_.dirname)(path));
                await (0,promises_.writeFile)(path, `${JSON.stringify(report, null, 2)}\n`, { signal: abort.signal });
            })(),
            deadline
        ]);
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * mkdir -p one level at a time: node's recursive mkdir never returns for a path under /proc
 * (mkdir answers ENOENT for a parent that exists), so it is not used here.
 */
async function makeParents(dir) {
    const missing = [];
    for (let d = dir;; d = (0,external_node_path_.dirname)(d)) {
        try {
            if ((await (0,promises_.stat)(d)).isDirectory())
                break;
            throw new Error(`${d} is not a directory`);
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                throw e;
        }
        if ((0,external_node_path_.dirname)(d) === d)
            break;
        missing.unshift(d);
    }
    for (const d of missing) {
        await (0,promises_.mkdir)(d).catch((e) => {
            if (e.code !== 'EEXIST')
                throw e;
        });
    }
}

;// CONCATENATED MODULE: ./src/constants.ts
/** Names of inputs, outputs and state keys, as action.yml declares them. */
const constants_Inputs = {
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
};
const Outputs = {
    Result: 'result',
    Failed: 'failed',
    ReportPath: 'report-path',
    UntidyModules: 'untidy-modules',
    Mismatches: 'mismatches',
    CommentUrl: 'comment-url',
    AuditIssueUrl: 'audit-issue-url'
};

;// CONCATENATED MODULE: ./src/cache/settings.ts


/** Values accepted by the `cache` input. */
const CACHE_MODES = (/* unused pure expression or super */ null && (['read-write', 'read', 'off']));
const DEFAULT_CACHE_PREFIX = 'go-mod-hygiene';
/** `true`/`false` as setup-go users write them in the same job. */
const CACHE_BOOLEANS = { true: 'read-write', false: 'off' };
/** Parses the cache inputs. */
function settings_parseCacheSettings(input) {
    const value = input(Inputs.Cache).trim().toLowerCase() || 'read-write';
    const mode = CACHE_BOOLEANS[value] ?? value;
    if (!CACHE_MODES.includes(mode))
        throw new InputError(Inputs.Cache, value, `${CACHE_MODES.join(', ')} (or true = read-write, false = off)`);
    const prefix = input(Inputs.CachePrefix).trim() || DEFAULT_CACHE_PREFIX;
    // The service rejects commas in keys and keys over 512 characters; the hash part takes ~90.
    if (prefix.includes(',') || prefix.length > 256)
        throw new InputError(Inputs.CachePrefix, prefix, 'up to 256 characters, no commas');
    return { mode: mode, prefix };
}

;// CONCATENATED MODULE: ./src/go/private.ts
/**
 * Private modules: hands a token to the git processes that go starts, through
 * a temporary global git config that only those processes see.
 *
 * The token travels as an `http.<url>.extraHeader` (Basic auth), not inside
 * insteadOf URLs. Git 2.39 removes credentials from the URLs in its own error
 * messages, but a URL with credentials still reaches places we show or keep:
 * GIT_TRACE prints the `git remote-https <url>` command line, GIT_CURL_VERBOSE /
 * GIT_TRACE_CURL print curl's "Issue another request to this URL: 'https://user:token@…'",
 * the URL is in the argv of git-remote-https (visible in `ps`), and after a
 * successful fetch git hands URL credentials to the user's credential helper
 * (`credential.helper=store` wrote the token to ~/.git-credentials). A header is
 * sent up front (no 401 round trip), is redacted in git's traces, and never
 * enters the credential machinery. insteadOf is used only to send ssh-style
 * URLs of the same hosts to https.
 */


/** Environment variables preparePrivateAccess sets for go (and so for the git it runs). */
const PrivateEnv = {
    /** Replaces the user's global git config with ours, which includes it. */
    GitConfigGlobal: 'GIT_CONFIG_GLOBAL',
    /** 0: git fails instead of asking for a user name on a terminal. */
    GitTerminalPrompt: 'GIT_TERMINAL_PROMPT',
    /** Empty: git skips GIT_ASKPASS / core.askPass / SSH_ASKPASS programs (an editor's askpass would wait for a click). */
    GitAskpass: 'GIT_ASKPASS',
    /** never: Git Credential Manager shows no dialog. */
    GcmInteractive: 'GCM_INTERACTIVE',
    /** 1: git's traces redact the Authorization header even if the user set GIT_TRACE_REDACT=0. */
    GitTraceRedact: 'GIT_TRACE_REDACT'
};
/** User name GitHub expects with an installation or personal token; other forges accept any user name with a token. */
const TOKEN_USER = 'x-access-token';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`, 'i');
const SEGMENT_RE = /^[A-Za-z0-9._~-]+$/;
const EXAMPLES = 'a host name such as github.com or git.corp.example, optionally with a path prefix such as github.com/my-org';
/** Validates one private-hosts entry (a host name like github.com or git.corp.example, optionally with a path prefix like github.com/my-org); returns an error string or null. */
function private_checkPrivateHost(entry) {
    const shown = JSON.stringify(entry);
    if (entry.trim() === '')
        return `empty entry: give ${EXAMPLES}`;
    if (/\s/.test(entry))
        return `${shown} contains whitespace: give one host per entry`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
        return `${shown}: give the host without a scheme (github.com/my-org, not https://github.com/my-org)`;
    if (entry.includes('@'))
        return `${shown}: give the host without a user name (github.com, not git@github.com)`;
    if (/[*?[\]]/.test(entry))
        return `${shown}: wildcards are not supported, list each host`;
    const slash = entry.indexOf('/');
    const hostPort = slash < 0 ? entry : entry.slice(0, slash);
    const path = slash < 0 ? '' : entry.slice(slash + 1).replace(/\/+$/, '');
    const m = /^([^:]*)(?::(\d{1,5}))?$/.exec(hostPort);
    if (!m || !HOST_RE.test(m[1] ?? '') || hostPort.length > 253)
        return `${shown} is not ${EXAMPLES}`;
    if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))
        return `${shown}: port out of range`;
    if (path) {
        for (const seg of path.split('/')) {
            if (!SEGMENT_RE.test(seg) || seg === '.' || seg === '..')
                return `${shown}: the path prefix may hold only letters, digits and . _ ~ - between single slashes`;
        }
    }
    return null;
}
/** `GitHub.com/my-org/` → `github.com/my-org`. Assumes checkPrivateHost accepted the entry. */
function normalisePrivateHost(entry) {
    const slash = entry.indexOf('/');
    const host = (slash < 0 ? entry : entry.slice(0, slash)).toLowerCase();
    const path = slash < 0 ? '' : entry.slice(slash + 1).replace(/\/+$/, '');
    return path ? `${host}/${path}` : host;
}
/** A value in git-config double quotes. Git has no escape for a line break, so one is refused. */
function quoteValue(v) {
    if (/[\n\r\0]/.test(v))
        throw new Error('a git config value cannot contain a line break or NUL');
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`;
}
/** A subsection name (`[url "…"]`): only \ and " are escaped there. */
function quoteSubsection(v) {
    if (/[\n\r\0]/.test(v))
        throw new Error('a git config section name cannot contain a line break or NUL');
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
/** The Authorization header value for `token` (Basic, as actions/checkout sends it). */
function basicCredential(token) {
    return Buffer.from(`${TOKEN_USER}:${token}`, 'utf8').toString('base64');
}
/**
 * The temporary global config: the user's own config files first, then per
 * host the ssh → https rewrites and the Authorization header. `hosts` must be
 * normalised. An empty extraHeader first clears headers that an included file
 * set for the same URL, so exactly one Authorization header is sent.
 */
function renderPrivateConfig(token, hosts, includes) {
    const lines = ['# go-mod-hygiene: temporary git config for private modules; deleted when the run ends.'];
    if (includes.length) {
        lines.push('[include]');
        for (const p of includes)
            lines.push(`\tpath = ${quoteValue(p)}`);
    }
    const header = `Authorization: Basic ${basicCredential(token)}`;
    for (const entry of hosts) {
        const slash = entry.indexOf('/');
        const hostPort = slash < 0 ? entry : entry.slice(0, slash);
        const path = slash < 0 ? '' : `${entry.slice(slash + 1)}/`;
        const https = `https://${hostPort}/${path}`;
        // ssh has its own port: with an https port given, ssh URLs of that host cannot be mapped.
        if (!hostPort.includes(':')) {
            lines.push(`[url ${quoteSubsection(https)}]`);
            // go pings ssh://host/… and git+ssh://host/… when https fails; mapping them keeps go off port 22.
            for (const from of [`ssh://git@${hostPort}/`, `git+ssh://git@${hostPort}/`, `ssh://${hostPort}/`, `git+ssh://${hostPort}/`, `git@${hostPort}:`]) {
                lines.push(`\tinsteadOf = ${quoteValue(from + path)}`);
            }
        }
        lines.push(`[http ${quoteSubsection(https)}]`, '\textraHeader =', `\textraHeader = ${quoteValue(header)}`);
    }
    return `${lines.join('\n')}\n`;
}
async function exists(p) {
    try {
        await access(p);
        return true;
    }
    catch {
        return false;
    }
}
/** The files git reads as the global config in `env`, in git's order (GIT_CONFIG_GLOBAL replaces both defaults). */
async function userGlobalConfigs(env) {
    if (env.GIT_CONFIG_GLOBAL)
        return (await exists(env.GIT_CONFIG_GLOBAL)) ? [env.GIT_CONFIG_GLOBAL] : [];
    const candidates = [];
    if (env.XDG_CONFIG_HOME)
        candidates.push(join(env.XDG_CONFIG_HOME, 'git', 'config'));
    else if (env.HOME)
        candidates.push(join(env.HOME, '.config', 'git', 'config'));
    if (env.HOME)
        candidates.push(join(env.HOME, '.gitconfig'));
    const found = [];
    for (const c of candidates)
        if (await exists(c))
            found.push(c);
    return found;
}
/**
 * Writes the temporary config (mode 0600, in a fresh directory under
 * `tempDir`) and returns the environment that points go's git at it. `env` is
 * the environment go will run with; it decides which user config is included.
 * Throws on an unusable token or host entry, without repeating the token.
 */
async function preparePrivateAccess(token, hosts, tempDir, env) {
    if (token === '')
        throw new Error("Invalid input 'private-token': it is empty.");
    if ([...token].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
        throw new Error("Invalid input 'private-token': it contains a line break or another control character.");
    if (hosts.length === 0)
        throw new Error("Invalid input 'private-hosts': no host given for 'private-token'.");
    for (const h of hosts) {
        const problem = private_checkPrivateHost(h);
        if (problem)
            throw new Error(`Invalid input 'private-hosts': ${problem}.`);
    }
    const normalised = [...new Set(hosts.map(normalisePrivateHost))];
    const includes = await userGlobalConfigs(env);
    const text = renderPrivateConfig(token, normalised, includes);
    const dir = await mkdtemp(join(tempDir, 'gmh-git-'));
    const file = join(dir, 'gitconfig');
    try {
        await writeFile(file, text, { mode: 0o600, flag: 'wx' });
        await chmod(file, 0o600); // the umask cannot widen it, but make the intent explicit
    }
    catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
    }
    let removed = false;
    return {
        env: {
            [PrivateEnv.GitConfigGlobal]: file,
            [PrivateEnv.GitTerminalPrompt]: '0',
            [PrivateEnv.GitAskpass]: '',
            [PrivateEnv.GcmInteractive]: 'never',
            [PrivateEnv.GitTraceRedact]: '1'
        },
        hosts: normalised,
        secrets: [token, basicCredential(token)],
        async cleanup() {
            if (removed)
                return;
            await rm(dir, { recursive: true, force: true });
            removed = true;
        }
    };
}

;// CONCATENATED MODULE: ./src/go/proxyauth.ts
/**
 * Credentials for module proxies (Athens, Artifactory, Nexus, …): go sends them
 * from a .netrc (every Go, and GOAUTH's default `netrc` since 1.24). We write a
 * temporary one (0600, in a fresh directory) holding our entries first and then
 * the user's own .netrc entries, and point only our go processes at it with
 * NETRC: the user's files are read, never written, and go sends credentials only
 * over https. A GOAUTH the user set is kept: `netrc` is put in front of it when
 * it is not already there, so the user's own commands still answer for their hosts.
 */


const proxyauth_HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;
/**
 * Parses the `proxy-credentials` input: one `host user:token` per line (blank lines and `#`
 * comments skipped). Returns the entries, or the first problem (never repeating a secret).
 */
function proxyauth_parseProxyCredentials(text) {
    const entries = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const at = `line ${i + 1}`;
        const fields = line.split(/\s+/);
        if (fields.length !== 2)
            return { problem: `${at}: give a host and user:token separated by one space (tokens cannot contain spaces)` };
        const [rawHost, cred] = fields;
        const host = rawHost.replace(/^https:\/\//i, '').replace(/\/+$/, '').toLowerCase();
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
            return { problem: `${at}: credentials are sent over https only; give the host without a scheme` };
        if (!proxyauth_HOST_RE.test(host))
            return { problem: `${at}: ${JSON.stringify(rawHost)} is not a host name like goproxy.corp.example (a port may follow; no path)` };
        const colon = cred.indexOf(':');
        if (colon <= 0 || colon === cred.length - 1)
            return { problem: `${at}: give user:token after the host (the user name your proxy expects, then the token or password)` };
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f"]/.test(cred))
            return { problem: `${at}: the user or token contains a control character or a quote, which a .netrc cannot hold` };
        entries.push({ host, user: cred.slice(0, colon), password: cred.slice(colon + 1) });
    }
    return { entries };
}
/** The .netrc go reads in `env` when NETRC is not ours: NETRC, else ~/.netrc (~/_netrc first on Windows). */
async function userNetrc(env) {
    const home = env.HOME ?? env.USERPROFILE;
    const candidates = env.NETRC ? [env.NETRC] : home ? [...(process.platform === 'win32' ? [join(home, '_netrc')] : []), join(home, '.netrc')] : [];
    for (const c of candidates) {
        const text = await readFile(c, 'utf8').catch(() => null);
        if (text !== null)
            return text;
    }
    return '';
}
/** GOAUTH with `netrc` first unless it already names it; null when the user's setting can stay as it is. */
function goAuthWithNetrc(goauth) {
    const value = (goauth ?? '').trim();
    if (value === '')
        return null; // the default is netrc
    const commands = value.split(';').map((c) => c.trim());
    if (commands.some((c) => c.split(/\s+/)[0] === 'netrc'))
        return null;
    return ['netrc', ...commands].join('; ');
}
/**
 * Writes the temporary .netrc and returns the environment that points go at it. `env` is the
 * environment go runs with (for the user's NETRC/HOME/GOAUTH). Throws when GOAUTH=off, which
 * switches every credential off and cannot be combined with another method.
 */
async function prepareProxyAuth(entries, tempDir, env) {
    if ((env.GOAUTH ?? '').trim() === 'off')
        throw new Error('proxy-credentials cannot be used with GOAUTH=off in the environment, which switches every credential off: unset GOAUTH or drop proxy-credentials');
    const goauth = goAuthWithNetrc(env.GOAUTH);
    // Ours first: go keeps the first entry of a machine. The user's entries follow unless their GOAUTH left netrc out.
    const ours = entries.map((e) => `machine ${e.host} login ${e.user} password ${e.password}`).join('\n');
    const theirs = goauth === null ? await userNetrc(env) : '';
    const dir = await mkdtemp(join(tempDir, 'gmh-netrc-'));
    const file = join(dir, 'netrc');
    try {
        await writeFile(file, `${ours}\n${theirs ? `\n${theirs}\n` : ''}`, { mode: 0o600, flag: 'wx' });
        await chmod(file, 0o600);
    }
    catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
    }
    let removed = false;
    return {
        env: { NETRC: file, ...(goauth !== null ? { GOAUTH: goauth } : {}) },
        secrets: entries.flatMap((e) => [e.password, Buffer.from(`${e.user}:${e.password}`, 'utf8').toString('base64')]),
        hosts: [...new Set(entries.map((e) => e.host))],
        async cleanup() {
            if (removed)
                return;
            await rm(dir, { recursive: true, force: true });
            removed = true;
        }
    };
}

;// CONCATENATED MODULE: ./src/settings.ts









/** Default deadline of one go command, in seconds (input `command-timeout`, CLI `--command-timeout`). */
const DEFAULT_COMMAND_TIMEOUT_S = 600;
/** A bad input: the message names the input and what it accepts. */
class settings_InputError extends Error {
    constructor(input, value, accepted) {
        super(`Invalid input '${input}': ${JSON.stringify(value)}. Accepted: ${accepted}.`);
        this.name = 'InputError';
    }
}
/** Everything the action reads from its inputs and environment, parsed once. */
const MODES = (/* unused pure expression or super */ null && (['check', 'warm', 'publish', 'audit', 'merge']));
/** Parses the action's inputs. `env` is the process environment, passed in so tests control it. */
function parseSettings(input, env) {
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const tempDir = env.RUNNER_TEMP || tmpdir();
    const wd = input(Inputs.WorkingDirectory).trim();
    const reportPath = input(Inputs.ReportPath).trim();
    const goEnv = {};
    for (const [name, variable] of [
        [Inputs.GoProxy, 'GOPROXY'],
        [Inputs.GoPrivate, 'GOPRIVATE'],
        [Inputs.GoNoSumDb, 'GONOSUMDB']
    ]) {
        const v = input(name).trim();
        if (v)
            goEnv[variable] = v;
    }
    // The engine runs go with GOTOOLCHAIN=local unless the environment asks for something else.
    if (env.GOTOOLCHAIN)
        goEnv.GOTOOLCHAIN = env.GOTOOLCHAIN;
    const mode = input(Inputs.Mode).trim() || 'check';
    if (!MODES.includes(mode))
        throw new settings_InputError(Inputs.Mode, mode, MODES.join(', '));
    const pullRequest = input(Inputs.PullRequest).trim();
    if (pullRequest && mode !== 'publish')
        throw new settings_InputError(Inputs.PullRequest, pullRequest, 'nothing unless mode is publish');
    const comment = input(Inputs.Comment).trim() || 'auto';
    if (!['auto', 'always', 'never'].includes(comment))
        throw new settings_InputError(Inputs.Comment, comment, 'auto, always, never');
    const auditIssue = input(Inputs.AuditIssue).trim() || 'auto';
    if (!['auto', 'true', 'false'].includes(auditIssue))
        throw new settings_InputError(Inputs.AuditIssue, auditIssue, 'auto, true, false');
    const updates = input(Inputs.Updates).trim() || 'auto';
    if (!['auto', 'true', 'false'].includes(updates))
        throw new settings_InputError(Inputs.Updates, updates, 'auto, true, false');
    const lookups = parseBoolean(Inputs.Lookups, input(Inputs.Lookups), true);
    if (updates === 'true' && !lookups)
        throw new settings_InputError(Inputs.Updates, updates, `auto or false while ${Inputs.Lookups} is false (updates come from the same lookups)`);
    const privateToken = input(Inputs.PrivateToken).trim();
    const privateHosts = parseList(input(Inputs.PrivateHosts));
    if (privateToken && privateHosts.length === 0)
        throw new settings_InputError(Inputs.PrivateHosts, '', `one or more host names (e.g. github.com/your-org) when ${Inputs.PrivateToken} is set`);
    if (privateToken && /[\r\n]/.test(privateToken))
        throw new settings_InputError(Inputs.PrivateToken, '***', 'a single-line token');
    for (const h of privateHosts) {
        const problem = checkPrivateHost(h);
        if (problem)
            throw new settings_InputError(Inputs.PrivateHosts, h, `host names with an optional path prefix, like github.com/your-org (${problem})`);
    }
    const workingDirectory = wd ? resolve(workspace, wd) : workspace;
    const outside = relative(workspace, workingDirectory);
    if (outside === '..' || outside.startsWith(`..${sep}`) || isAbsolute(outside)) {
        throw new settings_InputError(Inputs.WorkingDirectory, wd, `a directory inside the workspace (${workspace}), relative to it or absolute`);
    }
    const proxyCredentials = parseProxyCredentials(input(Inputs.ProxyCredentials));
    if ('problem' in proxyCredentials)
        throw new settings_InputError(Inputs.ProxyCredentials, '***', `one \`host user:token\` per line (${proxyCredentials.problem})`);
    if (proxyCredentials.entries.length > 0 && (env.GOAUTH ?? '').trim() === 'off') {
        throw new settings_InputError(Inputs.ProxyCredentials, '***', 'no credentials while GOAUTH=off is set in the environment (it switches every credential off): unset GOAUTH');
    }
    const shard = parseShard(input(Inputs.Shard));
    if (shard && 'problem' in shard)
        throw new settings_InputError(Inputs.Shard, input(Inputs.Shard).trim(), shard.problem);
    if (shard && mode !== 'check' && mode !== 'audit')
        throw new settings_InputError(Inputs.Shard, input(Inputs.Shard).trim(), `nothing with mode: ${mode} (shards are check or audit jobs)`);
    const reports = parseList(input(Inputs.Reports)).map((p) => resolve(workspace, p));
    if (mode === 'merge' && reports.length === 0)
        throw new settings_InputError(Inputs.Reports, '', 'the files or directories holding the shards\' reports (where actions/download-artifact put them), required with mode: merge');
    return {
        mode: mode,
        pullRequest: pullRequest ? parseInteger(Inputs.PullRequest, pullRequest, 0, 1, 2 ** 31 - 1) : null,
        workingDirectory,
        modules: parseList(input(Inputs.Modules)),
        failOn: parseFailOn(input(Inputs.FailOn)),
        onlyNewIssues: parseBoolean(Inputs.OnlyNewIssues, input(Inputs.OnlyNewIssues), false),
        reportPath: reportPath ? (isAbsolute(reportPath) ? reportPath : resolve(workspace, reportPath)) : join(tempDir, 'go-mod-hygiene', 'report.json'),
        downloadAttempts: parseInteger(Inputs.DownloadAttempts, input(Inputs.DownloadAttempts), 3, 1, 10),
        concurrency: parseInteger(Inputs.Concurrency, input(Inputs.Concurrency), availableParallelism(), 1, 64),
        commandTimeoutMs: parseInteger(Inputs.CommandTimeout, input(Inputs.CommandTimeout), DEFAULT_COMMAND_TIMEOUT_S, 30, 7200) * 1000,
        tempDir,
        goEnv,
        lookups,
        updates: updates === 'auto' ? mode === 'audit' : updates === 'true',
        privateModules: privateToken ? { token: privateToken, hosts: privateHosts } : null,
        proxyCredentials: proxyCredentials.entries,
        shard,
        reports,
        cache: parseCacheSettings(input),
        github: {
            // A workflow that still sets the deprecated `token` meant that token (github-token then holds its default).
            token: input(Inputs.Token).trim() || input(Inputs.GitHubToken).trim(),
            comment: comment,
            commentKey: input(Inputs.CommentKey).trim() || `${env.GITHUB_WORKFLOW ?? 'workflow'}/${env.GITHUB_JOB ?? 'job'}`,
            suggestions: parseBoolean(Inputs.Suggestions, input(Inputs.Suggestions), true),
            auditIssue: auditIssue === 'auto' ? env.GITHUB_EVENT_NAME === 'schedule' : auditIssue === 'true',
            auditLabel: input(Inputs.AuditLabel).trim() || 'go-mod-hygiene'
        }
    };
}
function parseBoolean(name, value, fallback) {
    const v = value.trim().toLowerCase();
    if (v === '')
        return fallback;
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new settings_InputError(name, value, 'true, false');
}
/** Newline- or comma-separated list, blank entries and `#` comments dropped. */
function parseList(value) {
    return value
        .split(/[\n,]/)
        .map((s) => s.replace(/\s+#.*$/, '').trim())
        .filter((s) => s && !s.startsWith('#'));
}
/** Kinds and groups (`errors`, `advisories`, `all`), or `none`. Empty means `errors`. */
function parseFailOn(value) {
    const items = parseList(value);
    if (items.length === 0)
        return [...DEFAULT_FAIL_ON];
    if (items.length === 1 && items[0] === 'none')
        return [];
    const groups = { all: FINDING_KINDS, errors: DEFAULT_FAIL_ON, advisories: ADVISORY_KINDS };
    const chosen = new Set();
    for (const item of items) {
        const group = groups[item];
        if (group)
            group.forEach((k) => chosen.add(k));
        else if (isFindingKind(item))
            chosen.add(item);
        else
            throw new settings_InputError(constants_Inputs.FailOn, item, `none, or a list of groups (errors, advisories, all) and kinds (${FINDING_KINDS.join(', ')})`);
    }
    return FINDING_KINDS.filter((k) => chosen.has(k));
}
function parseInteger(name, value, fallback, min, max) {
    const v = value.trim();
    if (v === '')
        return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
        throw new settings_InputError(name, v, `a whole number from ${min} to ${max}`);
    return n;
}
/** Fails with an InputError unless `settings.workingDirectory` is a directory (checked once the settings are parsed). */
function checkWorkingDirectory(settings, input) {
    const given = input(Inputs.WorkingDirectory).trim() || '(the workspace)';
    let isDir;
    try {
        isDir = statSync(settings.workingDirectory).isDirectory();
    }
    catch {
        throw new settings_InputError(Inputs.WorkingDirectory, given, `an existing directory inside the workspace (${settings.workingDirectory} does not exist)`);
    }
    if (!isDir)
        throw new settings_InputError(Inputs.WorkingDirectory, given, `a directory inside the workspace, holding go.mod or modules below it (${settings.workingDirectory} is a file)`);
}

;// CONCATENATED MODULE: ./src/util/progress.ts

/** In a log, a module is said to be still running each time it passes another multiple of this. */
const LOG_EVERY_MS = 60_000;
/** Erases the line the cursor is on and goes back to its start. */
const CLEAR = '\r\x1b[K';
/** A name on one line, with nothing that moves the cursor or hides text. */
const oneLine = (s) => sanitize(s).replace(/[\t\n]/g, ' ');
/** `out` takes the status line or the log's lines; `raw` everything else written to the same stream (default `out`). */
function createProgress(mode, out, clock, columns = 80, raw = out) {
    let state = { total: 0, done: 0, running: [] };
    const since = new Map();
    const said = new Map();
    let drawn = false;
    let stopped = false;
    const clear = () => {
        if (drawn)
            out(CLEAR);
        drawn = false;
    };
    const status = () => {
        const now = clock.now();
        const oldest = Math.min(...state.running.map((n) => since.get(n) ?? now));
        const head = `… ${state.done}/${state.total} done, checking: `;
        const tail = ` (${Math.floor((now - oldest) / 1000)} s)`;
        // One character short of the width: a line that wraps cannot be redrawn in place.
        const room = Math.max(1, columns - 1 - head.length - tail.length);
        let names = state.running.map(oneLine).join(', ');
        if ([...names].length > room)
            names = `${[...names].slice(0, Math.max(0, room - 1)).join('')}…`;
        return `${head}${names}${tail}`;
    };
    return {
        update(next) {
            const now = clock.now();
            for (const n of next.running)
                if (!since.has(n))
                    since.set(n, now);
            for (const n of [...since.keys()]) {
                if (!next.running.includes(n)) {
                    since.delete(n);
                    said.delete(n);
                }
            }
            state = { total: next.total, done: next.done, running: [...next.running] };
        },
        tick() {
            if (stopped || state.running.length === 0)
                return;
            if (mode === 'terminal') {
                out(`${drawn ? CLEAR : ''}${status()}`);
                drawn = true;
                return;
            }
            const now = clock.now();
            for (const n of state.running) {
                const minutes = Math.floor((now - (since.get(n) ?? now)) / LOG_EVERY_MS);
                if (minutes >= 1 && minutes > (said.get(n) ?? 0)) {
                    said.set(n, minutes);
                    out(`still checking ${oneLine(n)} (${(minutes * LOG_EVERY_MS) / 1000} s)\n`);
                }
            }
        },
        write(s) {
            clear();
            raw(s);
        },
        stop() {
            clear();
            stopped = true;
        }
    };
}
/** Calls `progress.tick()` every second on `clock` until the returned function is called. */
function tickEverySecond(progress, clock) {
    let stopped = false;
    void (async () => {
        while (!stopped) {
            await clock.sleep(1000);
            if (!stopped)
                progress.tick();
        }
    })();
    return () => {
        stopped = true;
        progress.stop();
    };
}

;// CONCATENATED MODULE: ./src/util/commands.ts

/**
 * Could the runner read a workflow command in this text? It reads `::name::` at a line start (after
 * leading whitespace) and the legacy `##[name]` anywhere in a line; `\r` and `\n` both end a line.
 * Neither form exists without `::` or `##[`, whatever the line breaks.
 */
function mayIssueCommand(text) {
    return text.includes('::') || text.includes('##[');
}
/** A token for `::stop-commands::`: random, so text from a repository cannot guess it and resume commands early. */
function randomToken() {
    return `gmh${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`;
}
/**
 * The lines to print so that nothing in `lines` can issue a workflow command: the lines as they
 * are when none could, else between `::stop-commands::<token>` and `::<token>::`, with a token
 * the lines do not contain (the runner compares it case-insensitively).
 */
function inertLines(lines, newToken = randomToken) {
    if (!lines.some(mayIssueCommand))
        return [...lines];
    const all = lines.join('\n').toLowerCase();
    let token = newToken();
    while (all.includes(token.toLowerCase()))
        token = newToken();
    return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

;// CONCATENATED MODULE: ./src/cli/run.ts

















// For the entry file, which loads this module on the work thread with one dynamic import.

const USAGE = `usage: go-mod-hygiene [dir] [options]
       go-mod-hygiene --demo         check the bundled example offline (nothing to install)

Checks every Go module under dir (default .): go mod tidy, every go.sum line
against the checksum database or proxy, and the module cache (go mod verify).
Nothing in dir is modified.

options:
  --format F               what to print on stdout: terminal (the default on a terminal; colour
                           unless NO_COLOR), markdown (the default into a pipe or file), json
  --modules GLOBS          comma-separated module directory globs, !glob excludes
  --fail-on KINDS          comma-separated finding kinds, or none/all
  --report FILE            also write the JSON report to FILE
  --concurrency N          modules checked at once (default: CPU count)
  --download-attempts N    attempts on transient network errors (default 3)
  --no-lookups             skip retraction/deprecation lookups (one proxy request per required module)
  --updates                list newer versions of direct dependencies (as mode: audit does)
  --repo-root DIR          local replacements must stay inside DIR (default: the enclosing git checkout)
  --quiet                  no progress on stderr
  --verbose                each module's go commands and findings on stderr (default: one line
                           per module as it finishes, ✓ clean, ✗ failing, ! advisories only;
                           on a terminal, a status line of the modules still running)
  --version                print the version and exit
  --demo                   check the bundled example (offline)

exit status: 0 clean or nothing failing, 1 findings that fail by policy, 2 usage or run error
             (a bad argument, dir not a directory, go not runnable), 3 no go.mod found under dir
             (nothing was checked). When --report cannot be written the report is still printed,
             the error goes to stderr and the status follows the findings. Interrupted
             (SIGINT, SIGTERM, SIGHUP): 130, 143, 129, its temporary files removed.`;
/** Exit statuses, as the usage text documents them. */
const Exit = { Ok: 0, Findings: 1, Usage: 2, NoModules: 3 };
/** Runs the CLI and returns its exit status. */
async function runCli(argv, io) {
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({
            args: argv,
            allowPositionals: true,
            options: {
                format: { type: 'string' },
                modules: { type: 'string', default: '' },
                'fail-on': { type: 'string', default: '' },
                report: { type: 'string' },
                concurrency: { type: 'string', default: '' },
                'download-attempts': { type: 'string', default: '' },
                'command-timeout': { type: 'string', default: '' },
                quiet: { type: 'boolean', default: false },
                verbose: { type: 'boolean', default: false },
                'no-lookups': { type: 'boolean', default: false },
                updates: { type: 'boolean', default: false },
                'repo-root': { type: 'string' },
                version: { type: 'boolean', default: false },
                demo: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false }
            }
        });
    }
    catch (e) {
        io.stderr(`${wrapError(e).message}\n${USAGE}\n`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        io.stdout(`${USAGE}\n`);
        return Exit.Ok;
    }
    if (values.version) {
        io.stdout(`go-mod-hygiene ${VERSION}\n`);
        return Exit.Ok;
    }
    if (positionals.length > 1) {
        // Silently checking only the first would pass a CI step that meant to check them all.
        io.stderr(`go-mod-hygiene checks one directory (and every module under it); got ${positionals.length}: ${positionals.join(' ')}. Run it once per directory, or point it at their common parent with --modules to pick modules.\n`);
        return Exit.Usage;
    }
    const format = values.format ?? (io.terminal ? 'terminal' : 'markdown');
    if (format !== 'markdown' && format !== 'json' && format !== 'terminal') {
        io.stderr(`--format: ${JSON.stringify(format)}. Accepted: terminal, markdown, json.\n`);
        return Exit.Usage;
    }
    const env = Object.fromEntries(Object.entries(io.env).filter((e) => e[1] !== undefined));
    if (values.demo && positionals.length) {
        io.stderr(`--demo checks the bundled example; it takes no directory (got ${positionals[0]}).\n`);
        return Exit.Usage;
    }
    let root = (0,external_node_path_.resolve)(positionals[0] ?? '.');
    let exampleCache = null;
    if (values.demo) {
        // The bundled example: its own offline proxy and a private module cache, so no network is needed.
        const example = (0,external_node_path_.join)(io.packageRoot, 'example');
        root = (0,external_node_path_.join)(example, 'repo');
        exampleCache = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(io.tempDir ?? (0,external_node_os_.tmpdir)(), 'go-mod-hygiene-example-'));
        Object.assign(env, { GOPROXY: `file://${(0,external_node_path_.join)(example, 'proxy')}`, GONOSUMDB: 'example.com', GOMODCACHE: (0,external_node_path_.join)(exampleCache, 'mod'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' });
    }
    const given = positionals[0] ?? '.';
    let kind;
    try {
        kind = (0,external_node_fs_.statSync)(root).isDirectory() ? 'dir' : 'file';
    }
    catch {
        kind = 'missing';
    }
    if (kind !== 'dir') {
        // `example` named the bundled demo before --demo existed; now it is a directory like any other.
        const hint = kind === 'missing' && given === 'example' ? ' (the bundled example is --demo)' : '';
        io.stderr(`go-mod-hygiene: ${given}: ${kind === 'missing' ? 'no such directory' : 'is a file, not a directory'}${hint}. Give the directory holding go.mod, or a parent of several modules (default .).\n`);
        return Exit.Usage;
    }
    let failOn = DEFAULT_FAIL_ON;
    try {
        failOn = parseFailOn(values['fail-on']);
    }
    catch {
        // Said where the engine's options are parsed, below.
    }
    // Between the finished modules' lines: a status line on a terminal, a line per long-running module in a CI log, nothing in a pipe.
    const clock = io.clock ?? realClock;
    const progressMode = values.quiet ? null : io.stderrTerminal ? 'terminal' : io.env.GITHUB_ACTIONS === 'true' ? 'log' : null;
    // A directory's name in a CI log line could otherwise issue a workflow command.
    const logLine = (s) => io.stderr(`${inertLines(s.replace(/\n$/, '').split('\n')).join('\n')}\n`);
    const progress = progressMode ? createProgress(progressMode, progressMode === 'log' ? logLine : io.stderr, clock, io.stderrTerminal?.columns, io.stderr) : null;
    const log = values.quiet ? { info() { }, warning() { }, group() { } } : stderrLogger(io, values.verbose ? null : failOn, progress);
    let timeoutMs;
    try {
        timeoutMs = parseInteger('--command-timeout', values['command-timeout'], DEFAULT_COMMAND_TIMEOUT_S, 30, 7200) * 1000;
    }
    catch (e) {
        io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
        return Exit.Usage;
    }
    const stopTicking = progress ? tickEverySecond(progress, clock) : null;
    try {
        const report = await runEngine({
            root,
            modules: parseList(values.modules),
            failOn: parseFailOn(values['fail-on']),
            downloadAttempts: parseInteger('--download-attempts', values['download-attempts'], 3, 1, 10),
            concurrency: parseInteger('--concurrency', values.concurrency, (0,external_node_os_.availableParallelism)(), 1, 64),
            tempDir: io.tempDir ?? (0,external_node_os_.tmpdir)(),
            tidyMode: 'auto',
            goEnv: env.GOTOOLCHAIN ? { GOTOOLCHAIN: env.GOTOOLCHAIN } : {},
            retryBaseMs: 1000,
            repoRoot: values['repo-root'] ? (0,external_node_path_.resolve)(values['repo-root']) : gitCheckoutOf(root),
            lookups: !values['no-lookups'],
            updates: values.updates,
            environ: env
        }, {
            go: createGoRunner({ goBinary: env.GO_BINARY || 'go', env, timeoutMs }),
            clock: realClock,
            random: Math.random,
            log
        });
        stopTicking?.();
        // In a workflow step the runner reads stdout too: `##[error]` in a path is a command anywhere in a line.
        if (format === 'json') {
            // No JSON line starts with `::`, and `#` written as \u0023 (the same JSON value) ends `##[`: still valid for jq.
            io.stdout(`${JSON.stringify(report, null, 2).replace(/##\[/g, '#\\u0023[')}\n`);
        }
        else if (format === 'terminal') {
            io.stdout(renderTerminal(report, { color: Boolean(io.terminal) && !io.env.NO_COLOR, width: io.terminal?.columns ?? 100 }));
        }
        else {
            const md = renderMarkdown(report, { title: 'go-mod-hygiene', allModules: true });
            // Wrapped only where the runner can read it: not when redirected to a file.
            io.stdout(io.env.GITHUB_ACTIONS === 'true' && !io.stdoutIsFile ? `${inertLines(md.replace(/\n$/, '').split('\n')).join('\n')}\n` : md);
        }
        if (values.report) {
            // One output among several: its failure is said, the printed report stands and the status follows the findings.
            await writeJsonReport((0,external_node_path_.resolve)(values.report), report).catch((e) => io.stderr(`go-mod-hygiene: --report: the JSON report could not be written to ${(0,external_node_path_.resolve)(values.report)}: ${wrapError(e).message}\n`));
        }
        if (report.modules.length === 0 && report.outcome === 'error')
            return Exit.NoModules;
        return report.failed ? Exit.Findings : Exit.Ok;
    }
    catch (e) {
        io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
        return 2;
    }
    finally {
        stopTicking?.();
        if (exampleCache)
            (0,external_node_fs_.rmSync)(exampleCache, { recursive: true, force: true });
    }
}
/**
 * Progress on stderr. Repository text in it loses terminal control characters (escape sequences,
 * `\r` that overwrites a line) and, inside a workflow step, where the runner reads commands from
 * stderr too, cannot issue a workflow command. With `oneLine` (the fail-on kinds), each finished module or workspace is one
 * line, ✓ clean, ✗ failing by policy, ! advisories only, with its finding kinds; with null
 * (--verbose), its whole log: go commands and findings.
 */
function stderrLogger(io, oneLine, progress) {
    const inActions = io.env.GITHUB_ACTIONS === 'true';
    // Through the progress display, which clears its status line before anything else is written.
    const write = progress ? (s) => progress.write(s) : io.stderr;
    const emit = (lines) => write(`${(inActions ? inertLines(lines) : lines).join('\n')}\n`);
    const title = (t) => sanitize(t).replace(/\n/g, ' ');
    const summary = (t, lines, failOn) => {
        // The engine ends each group with one `kind: message` line per finding.
        const kinds = FINDING_KINDS.filter((k) => lines.some((l) => l.startsWith(`${k}: `)));
        const mark = kinds.some((k) => failOn.includes(k)) ? '✗' : kinds.length ? '!' : '✓';
        return `${mark} ${title(t)}${kinds.length ? ` — ${kinds.join(', ')}` : ''}`;
    };
    return {
        info: (m) => emit(sanitize(m).split('\n')),
        warning: (m) => emit(`warning: ${sanitize(m)}`.split('\n')),
        group: (t, lines) => emit(oneLine ? [summary(t, lines, oneLine)] : [`── ${title(t)}`, ...lines.flatMap((l) => sanitize(l).split('\n')).map((l) => `   ${l}`)]),
        // Escaped as @actions/core escapes command data.
        ...(progress ? { progress: (state) => progress.update(state) } : {}),
        ...(inActions ? { mask: (secret) => write(`::add-mask::${secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`) } : {})
    };
}
/** The nearest directory at or above `dir` holding .git, else `dir`. */
function gitCheckoutOf(dir) {
    for (let d = dir;; d = (0,external_node_path_.dirname)(d)) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, '.git')))
            return d;
        if ((0,external_node_path_.dirname)(d) === d)
            return dir;
    }
}
function packageRootFrom(bundleFile) {
    // dist/cli/index.js → the package root two levels up.
    return (0,external_node_path_.resolve)((0,external_node_path_.dirname)(bundleFile), '..', '..');
}


/***/ })

};
