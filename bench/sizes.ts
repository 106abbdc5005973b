/**
 * Client sizes: the WeChat mini-program's main package (what every user downloads before the first page; WeChat
 * refuses more than 2 MB) and the H5 build's initial JavaScript. Builds a client whose dist is missing
 * (BENCH_REBUILD=1: always); a failed build becomes a "build failed" row, not a crash.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { formatBytes, type Benchmark, type BenchContext, type Row } from './types';

const WEAPP_MAIN_LIMIT = 2 * 1024 * 1024;
const BUILD_TIMEOUT_MS = 10 * 60_000;

type Target = 'weapp' | 'h5';
const ENTRY: Record<Target, string> = { weapp: 'app.json', h5: 'index.html' };

/** Builds when the entry file is missing; returns why it could not, or null. */
function ensureBuilt(ctx: BenchContext, target: Target, notes: string[]): string | null {
  const entry = path.join(ctx.root, 'client/dist', target, ENTRY[target]);
  if (fs.existsSync(entry) && process.env.BENCH_REBUILD !== '1') {
    const built = fs.statSync(entry).mtime.toISOString().slice(0, 16).replace('T', ' ');
    notes.push(`The ${target} client was measured as already built (${built} UTC); BENCH_REBUILD=1 rebuilds it.`);
    return null;
  }
  console.log(`  building ${target} (npm run build:${target}) …`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', `build:${target}`], {
    cwd: ctx.root, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (r.status === 0 && fs.existsSync(entry)) {
    notes.push(`The ${target} client was built by this run (npm run build:${target}, ${seconds} s).`);
    return null;
  }
  const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  console.error(`  npm run build:${target} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${tail}`);
  notes.push(`npm run build:${target} failed (exit ${r.status ?? r.signal}); see the console output of the run.`);
  return 'build failed';
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

interface AppJson {
  subPackages?: { root: string }[];
  subpackages?: { root: string }[];
}

/** Every file of the weapp build outside the subpackage roots app.json declares (source maps excluded). */
function weappMainPackage(distDir: string): { bytes: number; files: number; subpackageRoots: string[] } {
  const app = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson;
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/^\/+|\/+$/g, ''));
  let bytes = 0;
  let files = 0;
  for (const file of walk(distDir)) {
    const rel = path.relative(distDir, file).split(path.sep).join('/');
    if (rel.endsWith('.map') || roots.some((r) => rel.startsWith(`${r}/`))) continue;
    bytes += fs.statSync(file).size;
    files++;
  }
  return { bytes, files, subpackageRoots: roots };
}

/** The .js files index.html loads by <script src>, each gzipped on its own as a server would send it. */
function h5InitialJs(distDir: string): { raw: number; gzip: number; files: string[] } {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/gi)) {
    const src = m[1].split(/[?#]/)[0];
    if (/^(https?:)?\/\//.test(src) || !src.endsWith('.js')) continue;
    files.push(src.replace(/^\.?\//, ''));
  }
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const content = fs.readFileSync(path.join(distDir, f));
    raw += content.length;
    gzip += zlib.gzipSync(content, { level: 9 }).length;
  }
  return { raw, gzip, files };
}

export const sizesBenchmark: Benchmark = {
  name: 'sizes',
  async run(ctx) {
    const notes: string[] = [];
    const rows: Row[] = [];
    const dist = (t: Target) => path.join(ctx.root, 'client/dist', t);
    const raw: Record<string, unknown> = {};

    const weappFailure = ensureBuilt(ctx, 'weapp', notes);
    if (weappFailure) {
      rows.push({ measure: 'weapp main package', ours: weappFailure, baseline: '2 MB (WeChat limit)', ratio: '—' });
    } else {
      const w = weappMainPackage(dist('weapp'));
      raw.weapp = w;
      rows.push({
        measure: 'weapp main package', ours: formatBytes(w.bytes), baseline: '2 MB (WeChat limit)',
        ratio: `${((w.bytes / WEAPP_MAIN_LIMIT) * 100).toFixed(0)} % of limit`,
      });
      notes.push(`weapp main package: the ${w.files} files of client/dist/weapp outside the subpackage roots ` +
        `(${w.subpackageRoots.join(', ') || 'none'}), .map files excluded.`);
    }

    const h5Failure = ensureBuilt(ctx, 'h5', notes);
    if (h5Failure) {
      rows.push({ measure: 'H5 initial JS', ours: h5Failure, baseline: '—', ratio: '—' });
    } else {
      const h = h5InitialJs(dist('h5'));
      raw.h5 = h;
      rows.push(
        { measure: 'H5 initial JS, raw', ours: formatBytes(h.raw), baseline: '—', ratio: '—' },
        { measure: 'H5 initial JS, gzip -9', ours: formatBytes(h.gzip), baseline: '—', ratio: '—' },
      );
      notes.push(`H5 initial JS: the scripts client/dist/h5/index.html loads (${h.files.join(', ')}), ` +
        `gzip per file; lazy route chunks not counted.`);
    }
    return { rows, notes, raw };
  },
};
