import { createDeps } from '../deps';
import { SCHEDULES, runSchedule, type ScheduleName } from '../handlers/schedules';

/**
 * `npm run sweep -- [dispatchPushes|sweepDeadlines|advanceNotices|remindMonthlyVisits|all]`: runs the scheduled jobs
 * once against the configured database (DATA_DIR / DATABASE_URL) and prints what each did. With the embedded
 * database, stop `npm start` first (one process per data directory); `npm start` runs them on an interval anyway.
 */
async function main(): Promise<number> {
  const arg = process.argv[2] ?? 'all';
  const names = Object.keys(SCHEDULES) as ScheduleName[];
  if (arg !== 'all' && !names.includes(arg as ScheduleName)) {
    console.error(`用法: npm run sweep -- [${names.join('|')}|all]`);
    return 1;
  }
  const deps = await createDeps();
  try {
    // the deadline sweep and the notice advance first, so that what they write is dispatched in the same run
    const order: ScheduleName[] = ['advanceNotices', 'sweepDeadlines', 'remindMonthlyVisits', 'dispatchPushes'];
    for (const name of arg === 'all' ? order : [arg as ScheduleName]) {
      console.log(`${name}: ${JSON.stringify(await runSchedule(name, deps))}`);
    }
    return 0;
  } finally {
    await deps.db.close();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
