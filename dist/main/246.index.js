export const id = 246;
export const ids = [246];
export const modules = {

/***/ 7246:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DG: () => (/* binding */ descendants),
/* harmony export */   closeDefaultSpawner: () => (/* binding */ closeDefaultSpawner),
/* harmony export */   er: () => (/* binding */ defaultSpawner),
/* harmony export */   mS: () => (/* binding */ signalIfSame)
/* harmony export */ });
/* unused harmony exports spawnDirect, HELPER_SOURCE, HELPER_IDLE_MS, SpawnerClient, startTime */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


/** Starts go from this process, without a shell. */
const spawnDirect = (file, args, cwd, env, on) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
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
const send = (m) => { if (process.connected) process.send(m); };
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
            proc = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(this.node, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {}, serialization: 'json' });
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
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
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
            tasks = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(`/proc/${p}/task`);
        }
        catch {
            return;
        }
        for (const t of tasks) {
            let children;
            try {
                children = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${p}/task/${t}/children`, 'utf8');
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


/***/ })

};
