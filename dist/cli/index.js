#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 581:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_url__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _util_thread_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(714);






if (node_worker_threads__WEBPACK_IMPORTED_MODULE_4__.isMainThread) {
    // The check runs on a thread whose young generation is capped (see util/thread.ts). There
    // process.stdout is not the terminal, so whether it is one (and its width) is read here.
    const terminals = {
        stdoutIsFile: (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.fstatSync)(1).isFile(),
        terminal: process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : null,
        stderrTerminal: process.stderr.isTTY ? { columns: process.stderr.columns || 80 } : null
    };
    // A reader that goes away (`go-mod-hygiene | head`): what is left to print is dropped, the check
    // runs to its end and the status still follows its findings, with no stack trace of node's.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (e) => {
            if (e.code !== 'EPIPE')
                throw e;
        });
    }
    // The run's scratch copies (go.mod, go.sum, vendor/ of the repository) go into a directory of
    // its own, removed at the end, and also when the run is interrupted (Ctrl-C, a CI job's
    // cancellation, `timeout`): node would otherwise end at once and leave them in the temp
    // directory. The status is then the shell's for that signal; a second signal ends it at once.
    let tempDir;
    try {
        // Made when missing, as the check always did with its own.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), { recursive: true });
        tempDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'go-mod-hygiene-cli-'));
    }
    catch (e) {
        process.stderr.write(`go-mod-hygiene: no temporary directory can be made in ${(0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)()} (TMPDIR): ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
    }
    // Retried: an interrupted go may still be writing in it. What cannot be removed is said, and the
    // status stays the run's (or the signal's).
    const removeTemp = () => {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(tempDir, { recursive: true, force: true, maxRetries: 3 });
        }
        catch (e) {
            process.stderr.write(`go-mod-hygiene: its temporary directory ${tempDir} could not be removed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
    };
    let thread;
    let interrupted = false;
    for (const [signal, status] of [
        ['SIGINT', 130],
        ['SIGTERM', 143],
        ['SIGHUP', 129]
    ]) {
        process.once(signal, () => {
            interrupted = true;
            process.exitCode = status;
            // The check first, so that nothing it does makes its directories again; then the directory.
            // The go helper sees this process go and ends the go processes it started.
            void Promise.resolve(thread?.terminate()).finally(() => {
                removeTemp();
                process.exit(status);
            });
        });
    }
    // This thread waits, then ends on its own once the thread's output is through.
    // An error the check does not catch is a run error: status 2, as the usage text says, not 1 (findings).
    try {
        const status = await (0,_util_thread_js__WEBPACK_IMPORTED_MODULE_5__/* .runOnWorkThread */ .oW)(new URL(import.meta.url), { argv: process.argv.slice(2), terminals, tempDir }, 2, (t) => (thread = t));
        if (!interrupted)
            process.exitCode = status;
    }
    finally {
        removeTemp();
    }
}
else {
    const { argv, terminals, tempDir } = node_worker_threads__WEBPACK_IMPORTED_MODULE_4__.workerData;
    // One import, so that the bundle has one lazily loaded chunk for it, the go spawner included.
    const { runCli, packageRootFrom, closeDefaultSpawner } = await Promise.all(/* import() */[__nccwpck_require__.e(934), __nccwpck_require__.e(348)]).then(__nccwpck_require__.bind(__nccwpck_require__, 348));
    process.exitCode = await runCli(argv, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        env: process.env,
        packageRoot: packageRootFrom((0,node_url__WEBPACK_IMPORTED_MODULE_0__.fileURLToPath)(import.meta.url)),
        tempDir,
        ...terminals
    });
    // The go helper's time and its go processes' are the CLI's: it is waited for, not left to init.
    await closeDefaultSpawner();
    // Nothing still pending (a write to a path that never answers, a go child past its deadline)
    // holds the CLI open: on this thread, process.exit() ends the thread and everything it started.
    process.exit();
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 714:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   oW: () => (/* binding */ runOnWorkThread)
/* harmony export */ });
/* unused harmony exports WORK_THREAD_YOUNG_MB, WORK_THREAD_OLD_MB */
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The check's own thread. The action and the CLI run their work on a worker thread whose V8
 * young generation is capped, and the process's main thread only waits for it.
 *
 * Why: V8 grows a thread's young generation (up to 16 MiB semi-spaces) once enough has survived
 * its collections, so a long check ends up holding ~30 MiB of mostly empty young generation.
 * Node's --max-semi-space-size would cap it, but an action cannot pass node flags
 * (`runs.using: node24`), and node ignores the flag once running; a worker thread's
 * `resourceLimits` can. Measured under Node 24 (BENCHMARKS.md, eighth session): etcd's peak
 * RSS 139–143 → 132–135 MiB, moby's 162–168 → 147–148 MiB; a small run pays ~8 MiB for the second
 * isolate and ~3% in time (its young generation is collected more often).
 */

/** The work thread's young generation, in MiB (the hashing threads have their own: HASH_THREAD_YOUNG_MB). */
const WORK_THREAD_YOUNG_MB = 4;
/**
 * The work thread's old generation limit, in MiB: 50 times the most a check has been seen to keep
 * live there (~20 MiB, kubernetes), so not a limit a repository meets. Given, it is what V8 sizes
 * the old generation's growth by: with a machine's default (4 GiB here, on 24 GiB) V8 lets the old
 * generation grow to ~3× what the last full collection kept before it collects again, with 1 GiB
 * to well under 2×. kubernetes under Node 24 (BENCHMARKS.md, tenth session): the thread's heap
 * reached 46 MiB with ~14 MiB live, and node's peak 148–150 MiB; with the limit, 126 MiB. The
 * 24-module monorepo's CPU the same (1.002×, 4 paired rounds).
 */
const WORK_THREAD_OLD_MB = 1024;
/**
 * Runs the module at `entry` (the calling entry file itself: it tells the two threads apart with
 * `isMainThread`) on a worker thread with `data` as its workerData, and resolves to the exit
 * status it ends with: its `process.exitCode` or `process.exit(code)`. An error the thread does
 * not catch is written to stderr with its stack, as node writes an uncaught error, and the status
 * is then `uncaught` (node's own is 1; the CLI's status for a run error is 2). `started` gets
 * the thread (to end it early).
 *
 * The caller must then let the main thread end on its own (set `process.exitCode`, never call
 * `process.exit()`): the thread's stdout and stderr reach the process's through this thread's
 * event loop, and exiting on the thread's end drops what is still on its way (in a pipe, most of
 * a large report).
 */
function runOnWorkThread(entry, data = null, uncaught = 1, started) {
    return new Promise((resolve) => {
        let failed = false;
        const thread = new node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.Worker(entry, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORK_THREAD_YOUNG_MB, maxOldGenerationSizeMb: WORK_THREAD_OLD_MB } });
        started?.(thread);
        thread.on('error', (e) => {
            failed = true;
            process.stderr.write(`${e instanceof Error ? (e.stack ?? String(e)) : String(e)}\n`);
        });
        thread.on('exit', (code) => resolve(failed ? uncaught : code));
    });
}


/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(581);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
