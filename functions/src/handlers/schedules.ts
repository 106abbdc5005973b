import { drainPushes } from '../app/dispatcher';
import { advanceNotices as advance, remindMonthlyVisits as remindVisits, sweepDeadlines as sweep } from '../app/sweeps';
import { getDeps, type Deps } from '../deps';
import { log } from '../http/log';

/**
 * The scheduled functions. `schedule` is what serverless.yml declares (EventBridge, UTC; a test keeps them equal);
 * `localEveryMs` is how often `npm start` runs the same job; `npm run sweep -- <name>` runs one once.
 * Every job may run twice in a row or twice at once without telling anyone twice (see app/sweeps.ts).
 */
export const SCHEDULES = {
  /** Pending pushes out, failed ones retried with backoff. */
  dispatchPushes: { schedule: 'rate(1 minute)', localEveryMs: 10_000, run: (d: Deps, now: Date) => drainPushes(d, now) },
  /** Deadlines approaching and overdue, escalation. */
  sweepDeadlines: { schedule: 'rate(1 hour)', localEveryMs: 60_000, run: (d: Deps, now: Date) => sweep(d, now) },
  /** Notices past their last day with no open objection → township review. 00:10 in China. */
  advanceNotices: { schedule: 'cron(10 16 * * ? *)', localEveryMs: 5 * 60_000, run: (d: Deps, now: Date) => advance(d, now) },
  /** The month's visits, to each grid member, once a month. 08:00 in China on the 1st. */
  remindMonthlyVisits: { schedule: 'cron(0 0 1 * ? *)', localEveryMs: 60 * 60_000, run: (d: Deps, now: Date) => remindVisits(d, now) },
} as const;

export type ScheduleName = keyof typeof SCHEDULES;

/** Runs one job now with the process's deps; logs and returns its report. */
export async function runSchedule(name: ScheduleName, deps?: Deps): Promise<unknown> {
  const d = deps ?? (await getDeps());
  const started = Date.now();
  const report = await SCHEDULES[name].run(d, d.clock.now());
  log('info', 'scheduled job done', { job: name, ms: Date.now() - started, report });
  return report;
}

export const dispatchPushes = () => runSchedule('dispatchPushes');
export const sweepDeadlines = () => runSchedule('sweepDeadlines');
export const advanceNotices = () => runSchedule('advanceNotices');
export const remindMonthlyVisits = () => runSchedule('remindMonthlyVisits');

/** `npm start`: every job on its local interval, the first run at once; a job never overlaps itself. Returns a stop. */
export function runSchedulesLocally(deps: Deps): () => void {
  const timers = (Object.keys(SCHEDULES) as ScheduleName[]).map((name) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await runSchedule(name, deps);
      } catch (err) {
        log('error', 'scheduled job failed', { job: name, error: err instanceof Error ? err.stack : String(err) });
      } finally {
        running = false;
      }
    };
    void tick();
    return setInterval(tick, SCHEDULES[name].localEveryMs);
  });
  return () => timers.forEach(clearInterval);
}
