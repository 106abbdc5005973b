import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PublishExplainerRequest } from '@shared/contracts/awareness';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { publishExplainer } from '../../functions/src/app/explainers';
import { findCurrentVersions } from '../../functions/src/store/explainers';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';

/**
 * Explainer versions on every database adapter: what is in force for a household (findCurrentVersions, which the
 * quizzes draw from too), and publishing under concurrency — on PostgreSQL with a real pool, where requests overlap:
 * next versions of one explainer never share a number, and one client key stores one version however many retries race.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-explainers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('explainers');

const HX1 = '/qh/qh-al/qh-al-hx/qh-al-hx-1/'; // 红星村一组
const LW1 = '/qh/qh-al/qh-al-lw/qh-al-lw-1/'; // 柳湾村一组
const SQ1 = '/qh/qh-sq/qh-sq-sq/qh-sq-sq-1/'; // 石桥乡 石桥村一组
let seq = 0;
const req = (over: Partial<PublishExplainerRequest> = {}): PublishExplainerRequest => ({
  clientKey: `store-${++seq}-${Date.now()}`, topic: 'other', title: `明白纸${seq}`, source: '## 标题\n家庭年人均纯收入低于{{监测线}}可以申报。',
  areaId: 'qh', validFrom: '2026-01-01', validTo: null, questions: [], ...over,
});

describe.each(adapters)('explainer versions on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let county: Actor;

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `data-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    const [u] = await db.query<{ id: string }>(`select id from users where username = 'county'`);
    county = { userId: u.id, role: 'county_admin', areaId: 'qh', areaPath: '/qh/', householdId: null };
  });
  afterAll(() => db.close());

  const titles = async (areaPath: string, today: string) => (await findCurrentVersions(db, areaPath, today)).map((v) => `${v.title}@${v.version}`).sort();

  test('in force: for the area or one above it, valid that day, the latest such version of each explainer', async () => {
    const a = (await publishExplainer(deps, county, req({ title: '全县' }), clock.now())).explainer;
    await publishExplainer(deps, county, req({ explainerId: a.explainerId, title: '全县', validFrom: '2026-12-01' }), clock.now());
    await publishExplainer(deps, county, req({ title: '安乐镇', areaId: 'qh-al' }), clock.now());
    await publishExplainer(deps, county, req({ title: '红星村', areaId: 'qh-al-hx', validTo: '2026-11-30' }), clock.now());
    // a later version for one village only: elsewhere the earlier version stays in force
    const b = (await publishExplainer(deps, county, req({ title: '乙' }), clock.now())).explainer;
    await publishExplainer(deps, county, req({ explainerId: b.explainerId, title: '乙', areaId: 'qh-al-lw' }), clock.now());

    expect(await titles(HX1, '2026-11-20')).toEqual(['乙@1', '全县@1', '安乐镇@1', '红星村@1']);
    expect(await titles(LW1, '2026-11-20')).toEqual(['乙@2', '全县@1', '安乐镇@1']);
    expect(await titles(SQ1, '2026-11-20')).toEqual(['乙@1', '全县@1']);
    expect(await titles(HX1, '2026-12-01')).toEqual(['乙@1', '全县@2', '安乐镇@1']);
    expect(await titles(HX1, '2025-12-31')).toEqual([]);
    // a village's path itself (the area, not a household's group) works the same way
    expect(await titles('/qh/qh-al/qh-al-hx/', '2026-11-20')).toEqual(['乙@1', '全县@1', '安乐镇@1', '红星村@1']);
  });

  test('next versions published at once get distinct numbers; racing retries of one key store one version', async () => {
    const first = (await publishExplainer(deps, county, req({ title: '并发' }), clock.now())).explainer;
    const next = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      publishExplainer(deps, county, req({ explainerId: first.explainerId, title: '并发', source: `## 第${i}稿\n内容${i}。` }), clock.now())));
    expect(next.map((r) => r.explainer.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);

    const same = req({ title: '重试' });
    const results = await Promise.all(Array.from({ length: 6 }, () => publishExplainer(deps, county, same, clock.now())));
    expect(new Set(results.map((r) => r.explainer.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [{ n, e }] = await db.query<{ n: number; e: number }>(
      `select count(*)::int as n, count(distinct explainer_id)::int as e from explainer_versions where client_key = $1`, [same.clientKey],
    );
    expect([n, e]).toEqual([1, 1]);
    // the explainer rows of the losing tries were rolled back with them
    const [{ orphans }] = await db.query<{ orphans: number }>(
      'select count(*)::int as orphans from explainers e where not exists (select 1 from explainer_versions v where v.explainer_id = e.id)',
    );
    expect(orphans).toBe(0);
  });
});
