/**
 * HTTP throughput and latency of two endpoints, ours (bench/server.ts: the local gateway + handlers) against a bare
 * node:http server doing the same database work (bench/bare-server.ts). Each server runs in its own child process on
 * a fresh embedded database, so the load generator (autocannon, here) never shares the server's event loop.
 * Every round starts a fresh child per server; the rounds alternate which server goes first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type AutocannonRequest, type RequestSpec, type Result } from 'autocannon';
import { isChildMessage, type ChildMessage, type ReadyMessage, type TableCounts } from './protocol';
import { formatNumber, median, type Benchmark, type BenchContext, type Row } from './types';

type ServerKind = 'ours' | 'bare';
const SERVER_FILE: Record<ServerKind, string> = { ours: 'server.ts', bare: 'bare-server.ts' };
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const START_TIMEOUT_MS = 120_000;

interface LoadStats {
  rps: number;
  p50: number;
  p99: number;
  /** 2xx responses, warm-up included. */
  ok: number;
}

interface Endpoint {
  key: 'tasks' | 'declarations';
  label: string;
  requests(ready: ReadyMessage): RequestSpec[];
}

const TASKS: Endpoint = {
  key: 'tasks',
  label: 'GET /api/tasks',
  requests: (ready) => [{ method: 'GET', path: '/api/tasks', headers: { authorization: `Bearer ${ready.gridToken}` } }],
};

const DECLARATIONS: Endpoint = {
  key: 'declarations',
  label: 'POST /api/declarations',
  requests(ready) {
    let seq = 0; // one per request: a new clientKey every time, and the next farmer (household) in turn
    return [{
      method: 'POST',
      path: '/api/declarations',
      setupRequest(req: AutocannonRequest): AutocannonRequest {
        const n = seq++;
        const farmer = ready.farmers[n % ready.farmers.length];
        return {
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${farmer.token}` },
          body: JSON.stringify({
            householdId: farmer.householdId, riskTypes: ['illness'], description: '家中老人住院，医药费负担较重',
            consent: true, clientKey: `bench-${n.toString(36).padStart(8, '0')}`,
          }),
        };
      },
    }];
  },
};

/** Children still running, killed (and their data dirs removed) if the bench exits early. */
const live = new Set<ServerChild>();
process.on('exit', () => {
  for (const s of live) s.killNow();
});

class ServerChild {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly ready: ReadyMessage,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.ready.port}`;
  }

  static async start(kind: ServerKind, root: string): Promise<ServerChild> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
    const child = fork(path.join(__dirname, SERVER_FILE[kind]), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '', APP_ENV: 'bench', WECHAT_APP_ID: '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await nextMessage(child, 'ready', START_TIMEOUT_MS);
      const server = new ServerChild(child, dataDir, ready);
      live.add(server);
      return server;
    } catch (err) {
      child.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`${kind} server did not start: ${(err as Error).message}`);
    }
  }

  async counts(): Promise<TableCounts> {
    this.child.send({ type: 'counts' });
    return (await nextMessage(this.child, 'counts', 30_000)).counts;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.send({ type: 'stop' });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    live.delete(this);
  }

  killNow(): void {
    this.child.kill('SIGKILL');
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess, type: T, timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (m: unknown) => {
      if (isChildMessage(m) && m.type === type) {
        done();
        resolve(m as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`child exited (code ${code}, signal ${signal}) before sending '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no '${type}' from the child within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Any failed request fails the benchmark: a fast error page must never pass for throughput. */
function assertClean(what: string, r: Result | undefined, firstFailure: string): void {
  if (!r) return;
  if (r.non2xx || r.errors || r.timeouts || r.mismatches || r['2xx'] === 0) {
    const codes = Object.entries(r.statusCodeStats).map(([code, s]) => `${code}×${s.count}`).join(', ');
    throw new Error(
      `${what}: ${r['2xx']} 2xx, ${r.non2xx} non-2xx (${codes}), ${r.errors} errors, ${r.timeouts} timeouts` +
      (firstFailure ? `; first failure: ${firstFailure}` : ''),
    );
  }
}

async function load(what: string, url: string, requests: RequestSpec[], seconds: number): Promise<LoadStats> {
  let firstFailure = '';
  const capture = (status: number, body: string) => {
    if ((status < 200 || status >= 300) && !firstFailure) firstFailure = `HTTP ${status} ${body.slice(0, 400)}`;
  };
  const result = await autocannon({
    url, connections: CONNECTIONS, duration: seconds, warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    requests: requests.map((r) => ({ ...r, onResponse: capture })),
  });
  assertClean(`${what} (warm-up)`, result.warmup, firstFailure);
  assertClean(what, result, firstFailure);
  return {
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
    ok: result['2xx'] + (result.warmup?.['2xx'] ?? 0),
  };
}

/** One GET before the load: both servers must list the same tasks, and as many as the fixture made. */
async function checkTaskList(kind: ServerKind, server: ServerChild): Promise<void> {
  const res = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${server.ready.gridToken}` } });
  const body = (await res.json()) as { tasks?: unknown[] };
  if (res.status !== 200 || body.tasks?.length !== server.ready.gridOpenTasks) {
    throw new Error(`${kind}: GET /api/tasks answered ${res.status} with ${body.tasks?.length} tasks, ` +
      `expected 200 with ${server.ready.gridOpenTasks}: ${JSON.stringify(body).slice(0, 400)}`);
  }
}

interface Turn {
  round: number;
  kind: ServerKind;
  setupMs: number;
  farmers: number;
  gridTasks: number;
  stats: Record<Endpoint['key'], LoadStats>;
  /** Rows written per stored declaration during the declarations load. */
  written: { clues: number; casesOpened: number; eventsPerClue: number };
}

async function serverTurn(ctx: BenchContext, round: number, kind: ServerKind): Promise<Turn> {
  const server = await ServerChild.start(kind, ctx.root);
  try {
    await checkTaskList(kind, server);
    const measure = (ep: Endpoint) => load(`${kind} ${ep.label}`, server.url, ep.requests(server.ready), ctx.seconds);
    // the task list first, while both servers hold identical data
    const tasks = await measure(TASKS);
    const before = await server.counts();
    const declarations = await measure(DECLARATIONS);
    const after = await server.counts();

    const clues = after.clues - before.clues;
    // a 2xx that stored nothing would be a fake: every accepted declaration must have left its clue behind
    if (clues < declarations.ok) {
      throw new Error(`${kind}: ${declarations.ok} declarations answered 2xx but only ${clues} clues were stored`);
    }
    const written = {
      clues, casesOpened: after.cases - before.cases,
      eventsPerClue: Math.round(((after.caseEvents - before.caseEvents) / clues) * 1000) / 1000,
    };
    const show = (ep: Endpoint, st: LoadStats) =>
      `${ep.label}: ${formatNumber(st.rps)} req/s p50 ${st.p50} ms p99 ${st.p99} ms`;
    console.log(
      `  round ${round} ${kind.padEnd(4)}  setup ${(server.ready.setupMs / 1000).toFixed(1)} s  ` +
      `${show(TASKS, tasks)}  |  ${show(DECLARATIONS, declarations)}  ` +
      `(${written.clues} clues, ${written.casesOpened} cases opened, ${written.eventsPerClue} events/clue)`,
    );
    return {
      round, kind, setupMs: server.ready.setupMs, farmers: server.ready.farmers.length,
      gridTasks: server.ready.gridOpenTasks, stats: { tasks, declarations }, written,
    };
  } finally {
    await server.stop();
  }
}

/** autocannon records latency in whole milliseconds. */
function ms(v: number): string {
  return `${formatNumber(v, Number.isInteger(v) ? 0 : 1)} ms`;
}

function ratio(ours: number, bare: number): string {
  return `${(ours / bare).toFixed(2)}×`;
}

export const httpBenchmark: Benchmark = {
  name: 'http',
  async run(ctx) {
    const turns: Turn[] = [];
    for (let round = 1; round <= ctx.rounds; round++) {
      const order: ServerKind[] = round % 2 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const kind of order) turns.push(await serverTurn(ctx, round, kind));
    }
    const med = (kind: ServerKind, key: Endpoint['key'], stat: 'rps' | 'p50' | 'p99') =>
      median(turns.filter((t) => t.kind === kind).map((t) => t.stats[key][stat]));

    const rows: Row[] = [];
    for (const ep of [DECLARATIONS, TASKS]) {
      const rps = [med('ours', ep.key, 'rps'), med('bare', ep.key, 'rps')] as const;
      const p50 = [med('ours', ep.key, 'p50'), med('bare', ep.key, 'p50')] as const;
      const p99 = [med('ours', ep.key, 'p99'), med('bare', ep.key, 'p99')] as const;
      rows.push(
        { measure: `${ep.label} — req/s`, ours: formatNumber(rps[0]), baseline: formatNumber(rps[1]), ratio: ratio(...rps) },
        { measure: `${ep.label} — latency p50`, ours: ms(p50[0]), baseline: ms(p50[1]), ratio: ratio(...p50) },
        { measure: `${ep.label} — latency p99`, ours: ms(p99[0]), baseline: ms(p99[1]), ratio: ratio(...p99) },
      );
    }
    const first = turns[0];
    const writes = (kind: ServerKind) => {
      const t = turns.filter((x) => x.kind === kind);
      return `${formatNumber(median(t.map((x) => x.written.clues)))} declarations stored, ` +
        `${median(t.map((x) => x.written.casesOpened))} of them opening a case`;
    };
    const notes = [
      `HTTP rows: baseline = a bare node:http server doing the same SQL writes/read on the same kind of database ` +
      `(bench/bare-server.ts) — for a declaration only the writes, none of ours' reads (clientKey replay lookup, ` +
      `household check, policy, case row lock, case summary); ratio = median(ours) ÷ median(bare), so below 1× for req/s and above 1× for latency ` +
      `means ours is slower. Each server in its own child process on a fresh PGlite (migrations, demo seed, ` +
      `${first.farmers} farmer accounts, one per household); autocannon in ` +
      `the parent, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${ctx.seconds} s per endpoint; ` +
      `latency as autocannon records it, in whole milliseconds; ` +
      `no non-2xx, errors or timeouts (the bench fails otherwise).`,
      `POST /api/declarations rotates over every household's farmer with a new clientKey each time; in a ` +
      `median turn ours had ${writes('ours')}, bare ${writes('bare')}; the others joined the household's open case. ` +
      `GET /api/tasks is the demo grid member's list: ${first.gridTasks} open tasks ` +
      `(one preparatory declaration per household of the group), measured before the declarations.`,
    ];
    return { rows, notes, raw: turns };
  },
};

