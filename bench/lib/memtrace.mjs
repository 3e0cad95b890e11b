// Preloaded with `node --import` to see where node's memory goes: every 100 ms it samples
// process.memoryUsage() (rss, this thread's V8 heap, external memory, ArrayBuffers) and the RSS's
// anonymous and file-backed parts (/proc/self/status), and, on exit,
// writes the peak of each, the breakdown at the RSS peak and VmHWM as JSON to $GMH_MEMTRACE_FILE.
// With GMH_MEMTRACE_SERIES=1 every sample is kept. Worker threads' heaps show only in rss. The
// file is also written whenever the RSS peak grows by 10 MiB, so a run can be read (or stopped)
// midway.
import { readFileSync, writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const t0 = Date.now();
const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
let atPeak = null;
const series = [];
let written = 0;
const write = () => {
  const hwm = Number(/VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  const mib = Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1048576)]));
  if (process.env.GMH_MEMTRACE_FILE) writeFileSync(process.env.GMH_MEMTRACE_FILE, JSON.stringify({ hwmMiB: Math.round(hwm / 1024), peakMiB: mib, atPeak, series }, null, 1));
};
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  // RssAnon is what the process allocated; RssFile is mapped files (node's own binary, mostly).
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  const s = {
    t: Date.now() - t0,
    ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v / 1048576)])),
    anon: Math.round(kb('RssAnon') / 1024),
    file: Math.round(kb('RssFile') / 1024)
  };
  if (m.rss >= peak.rss) atPeak = s;
  if (process.env.GMH_MEMTRACE_SERIES) series.push(s);
  if (peak.rss > written + (10 << 20)) {
    written = peak.rss;
    write();
  }
};
setInterval(sample, 100).unref();
process.on('exit', () => {
  sample();
  write();
});
