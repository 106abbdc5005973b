/**
 * Child process of bench/awareness.ts: a fresh embedded database with the demo county grown to a county's grid and
 * registry (bench/department-data.ts), the demo's two explainers published, then quizzes and openings made with
 * set-based SQL: the head of 85 % of households took a quiz (9 in 10 knew the declaration conditions), a third of
 * them a retake; 90 % of households opened both explainers. Then the 知晓率 dashboard (functions/src/app/quizzes.ts
 * awareness) is timed for the county, its largest township and that township's largest village's unreached list,
 * and the baseline: households counted by township in one plain query. Sends the figures to the parent.
 */
import { awareness, unreachedHouseholds } from '../functions/src/app/quizzes';
import { createDeps } from '../functions/src/deps';
import type { Actor } from '../functions/src/http/auth';
import { seedDemoCounty } from '../functions/src/seed/demo-county';
import { seedDemoExplainers } from '../functions/src/seed/demo-explainers';
import { findUserBy } from '../functions/src/store/users';
import { generateRegistry, NOW } from './department-data';
import { growGrid } from './sweep-data';

export interface AwarenessRun {
  label: string;
  ms: number[];
  households: number;
  aware: number;
}

export interface AwarenessResult {
  households: number;
  members: number;
  attempts: number;
  openings: number;
  madeSeconds: number;
  runs: AwarenessRun[];
  baselineMs: number[];
}

async function main(dataDir: string, members: number, rounds: number): Promise<AwarenessResult> {
  const started = performance.now();
  const deps = await createDeps({ ...process.env, DATA_DIR: dataDir });
  const db = deps.db;
  await seedDemoCounty(db, deps.protector, NOW);
  await growGrid(db);
  await generateRegistry(db, deps.protector, members, () => {});
  await seedDemoExplainers(deps, NOW);
  const [grid] = await db.query<{ id: string }>(`select id from users where username = 'grid'`);
  await db.query(
    `insert into quiz_attempts (household_id, member_id, taken_by, taker_role, mode, question_ids, created_at, completed_at,
                                correct, total, knows_declaration, client_key)
     select m.household_id, m.id, $2, 'grid_member', 'visit', '{}', $1::timestamptz - k * interval '1 day',
            $1::timestamptz - k * interval '1 day', 4, 5, abs(hashtext(m.id::text || k)) % 10 <> 0, m.id::text || '-' || k
       from members m cross join generate_series(1, 2) k
      where m.relation = 'head' and m.removed_at is null and abs(hashtext(m.household_id::text)) % 100 < 85
        and (k = 1 or abs(hashtext(m.id::text)) % 3 = 0)`,
    [NOW, grid.id],
  );
  await db.query(
    `insert into explainer_opens (explainer_id, explainer_version_id, household_id, user_id, role, opened_at, client_key)
     select v.explainer_id, v.id, h.id, $2, 'grid_member', $1, h.id::text || v.id::text
       from households h cross join explainer_versions v
      where abs(hashtext(h.id::text)) % 100 < 90`,
    [NOW, grid.id],
  );
  await db.query('analyze');
  const [counts] = await db.query<{ households: number; members: number; attempts: number; openings: number }>(
    `select (select count(*) from households)::int as households, (select count(*) from members)::int as members,
            (select count(*) from quiz_attempts)::int as attempts, (select count(*) from explainer_opens)::int as openings`);
  const madeSeconds = (performance.now() - started) / 1000;

  const user = await findUserBy(db, 'username', 'county');
  if (!user) throw new Error('no county account in the demo county');
  const actor: Actor = { userId: user.id, role: user.role, areaId: user.area_id, areaPath: user.area_path, householdId: null };
  const [{ township }] = await db.query<{ township: string }>(
    `select a.id as township from areas a join households h on h.area_path like a.path || '%'
      where a.level = 'township' group by a.id order by count(*) desc, a.id limit 1`);
  const [{ village }] = await db.query<{ village: string }>(
    `select a.id as village from areas a join households h on h.area_path like a.path || '%'
      where a.level = 'village' and a.parent_id = $1 group by a.id order by count(*) desc, a.id limit 1`, [township]);

  const timed = async <T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const t = performance.now();
    const value = await f();
    return { ms: performance.now() - t, value };
  };
  const runs: AwarenessRun[] = [];
  for (const [label, areaId] of [['county', undefined], ['township', township]] as const) {
    const run: AwarenessRun = { label, ms: [], households: 0, aware: 0 };
    for (let i = 0; i < rounds; i++) {
      const { ms, value } = await timed(() => awareness(deps, actor, areaId ? { areaId } : {}, NOW));
      run.ms.push(ms);
      run.households = value.area.households;
      run.aware = value.area.aware;
    }
    runs.push(run);
  }
  const unreached: AwarenessRun = { label: 'village unreached', ms: [], households: 0, aware: 0 };
  for (let i = 0; i < rounds; i++) {
    const { ms, value } = await timed(() => unreachedHouseholds(deps, actor, { villageId: village }, NOW));
    unreached.ms.push(ms);
    unreached.households = value.households.length;
  }
  runs.push(unreached);
  const baselineMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    baselineMs.push((await timed(() => db.query(
      `select split_part(area_path, '/', 3) as township, count(*)::int from households where area_path like '/qh/%' group by 1`,
    ))).ms);
  }
  await db.close();
  return { ...counts, madeSeconds, runs, baselineMs };
}

const [dataDir, members, rounds] = process.argv.slice(2);
main(dataDir, Number(members), Number(rounds)).then((r) => process.send?.(r), (err) => {
  console.error(err);
  process.exit(1);
});
