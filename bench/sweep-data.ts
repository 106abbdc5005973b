/**
 * The sweep benchmark's data (bench/sweep.ts): the demo county grown to a county's grid, and N open cases made with
 * set-based SQL, 1 % of them due at the sweep's clock.
 */
import type { Db } from '../functions/src/ports/db';
import { chineseName, rng } from '../functions/src/seed/synthetic';

export interface GridCounts { townships: number; villages: number; groups: number; staff: number }

const TOWNSHIP_NAMES = ['河东', '河西', '青山', '白水', '柳林', '桥头', '高坪', '马家', '双河', '新集', '黄土', '金沟'];
const VILLAGE_FIRST = ['东', '西', '南', '北', '前', '后', '上', '下', '新', '老'];
const VILLAGE_SECOND = ['庄', '湾', '坪', '沟', '岭', '塘', '坝', '寨'];
const GROUP_NAMES = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组'];
const VILLAGES_PER_TOWNSHIP = 20;
/** Surnames and given names for the heads (the sweep's messages show the surname). */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟刚勇毅俊峰强军平保东文辉力明永健秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤';

/**
 * The demo county (2 townships, 4 villages, 12 groups) grown by 12 townships of 20 villages of 8 groups, on the
 * demo's path scheme ('/qh/qh-t03/qh-t03-v01/qh-t03-v01-1/'), with one grid member per group, one cadre per village
 * and one reviewer per township, so that every reminder and escalation has exactly one recipient.
 */
export async function growGrid(db: Db): Promise<GridCounts> {
  const r = rng(51515);
  const areas: [string, string, string, string, string][] = []; // id, parent, level, name, path
  const staff: [string, string, string, string][] = []; // username, name, role, area
  TOWNSHIP_NAMES.forEach((tName, ti) => {
    const tId = `qh-t${String(ti + 3).padStart(2, '0')}`;
    const tPath = `/qh/${tId}/`;
    areas.push([tId, 'qh', 'township', `${tName}镇`, tPath]);
    staff.push([`township-${tId}`, chineseName(r, 'female'), 'township_reviewer', tId]);
    for (let vi = 0; vi < VILLAGES_PER_TOWNSHIP; vi++) {
      const n = (ti * 7 + vi) % (VILLAGE_FIRST.length * VILLAGE_SECOND.length);
      const vName = `${VILLAGE_FIRST[n % VILLAGE_FIRST.length]}${VILLAGE_SECOND[Math.floor(n / VILLAGE_FIRST.length)]}村`;
      const vId = `${tId}-v${String(vi + 1).padStart(2, '0')}`;
      const vPath = `${tPath}${vId}/`;
      areas.push([vId, tId, 'village', vName, vPath]);
      staff.push([`village-${vId}`, chineseName(r, 'male'), 'village_cadre', vId]);
      GROUP_NAMES.forEach((gName, gi) => {
        const gId = `${vId}-${gi + 1}`;
        areas.push([gId, vId, 'group', gName, `${vPath}${gId}/`]);
        staff.push([`grid-${gId}`, chineseName(r, r.chance(0.6) ? 'male' : 'female'), 'grid_member', gId]);
      });
    }
  });
  await db.query(
    `insert into areas (id, parent_id, level, name, path)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [0, 1, 2, 3, 4].map((c) => areas.map((a) => a[c])),
  );
  await db.query(
    `insert into users (username, name, role, area_id) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [0, 1, 2, 3].map((c) => staff.map((s) => s[c])),
  );
  // the demo's villages and townships without a cadre or reviewer of their own get one
  await db.query(
    `insert into users (username, name, role, area_id)
     select x.role_prefix || a.id, '补充' || x.label, x.role, a.id
       from areas a join (values ('village', 'village-', '村干部', 'village_cadre'), ('township', 'township-', '审核员', 'township_reviewer'))
            as x(level, role_prefix, label, role) on x.level = a.level
      where not exists (select 1 from users u where u.area_id = a.id and u.role = x.role)`,
  );
  const [counts] = await db.query<GridCounts>(
    `select count(*) filter (where level = 'township')::int as townships, count(*) filter (where level = 'village')::int as villages,
            count(*) filter (where level = 'group')::int as groups,
            (select count(*)::int from users where role <> 'farmer') as staff
       from areas`,
  );
  return counts;
}

/**
 * `cases` households spread over every group, each with its head (the sweep names the household by the head's
 * surname), one open case and the one open task of the case's state, as the workflow would have them: 60 % 入户核实
 * (grid member), 15 % 民主评议 (village cadre), 10 % 乡镇审核 (township reviewer), 15 % 帮扶走访 (grid member).
 * Due dates: every 100th case is due — alternately overdue by 1–20 days and due within the reminder window
 * (today … today + remindDaysBefore) — and the rest fall due 1–58 days after the window. The due rows are spread
 * evenly through the tables (no locality to help the sweep).
 */
export async function generateCases(db: Db, cases: number, today: string, remindDays: number): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    await db.query(sql, params);
    console.log(`    ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step('plan', `create temp table bench_groups as
    select (row_number() over (order by id))::int - 1 as k, id, path from areas where level = 'group'`);
  await step('rows', `create temp table bench_gen as
    select i, gen_random_uuid() as household_id, gen_random_uuid() as case_id, g.id as area_id, g.path as area_path,
           case when i % 100 = 0 then
                  case when (i / 100) % 2 = 0 then $1::date - 1 - (i / 200) % 20
                       else $1::date + (i / 200) % ($4::int + 1) end
                else $1::date + $4::int + 1 + abs(hashint4(i)) % 58 end as due_on,
           abs(hashint4(i + 1000003)) % 100 as pick
      from generate_series(1, $2::int) i join bench_groups g on g.k = i % $3::int`,
  [today, cases, (await db.query<{ n: number }>(`select count(*)::int as n from areas where level = 'group'`))[0].n, remindDays]);
  await step('households', `insert into households (id, number, code, area_id, area_path, category, lifted_year, created_at, updated_at)
    select household_id, '6105289' || lpad(i::text, 9, '0'), md5('bench-code-' || i), area_id, area_path,
           case when pick % 10 < 3 then 'lifted' else 'ordinary' end, case when pick % 10 < 3 then 2014 + pick % 7 end,
           timestamptz '2024-01-01', timestamptz '2024-01-01'
      from bench_gen`);
  await step('heads', `insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked,
                                            health, labour, schooling)
    select household_id,
           substr($1, 1 + abs(hashint4(i * 7)) % char_length($1), 1) || substr($2, 1 + abs(hashint4(i * 13)) % char_length($2), 1),
           'head', 'male', date '1950-01-01' + i % 15000, 'synthetic:' || i, md5('bench-id-' || i),
           '6105**********' || lpad((i % 10000)::text, 4, '0'), 'healthy', 'ordinary', 'none'
      from bench_gen`, [SURNAMES, GIVEN]);
  await step('cases', `insert into cases (id, household_id, status, clue_date, facts, created_at, updated_at)
    select case_id, household_id,
           case when pick < 60 then 'verifying' when pick < 75 then 'deliberating' when pick < 85 then 'township_review' else 'tracking' end,
           due_on - case when pick < 85 then 15 else 60 end,
           case when pick < 85 then '{"notice":null,"openObjectionIds":[],"identifiedOn":null,"eliminationProposedOn":null}'::jsonb
                else jsonb_build_object('notice', null, 'openObjectionIds', '[]'::jsonb, 'identifiedOn', due_on - 45, 'eliminationProposedOn', null) end,
           (due_on - 60)::timestamptz, (due_on - 30)::timestamptz
      from bench_gen`);
  await step('tasks', `insert into tasks (case_id, kind, assignee_role, area_id, area_path, due_on, created_at)
    select case_id,
           case when pick < 60 then 'verify' when pick < 75 then 'deliberate' when pick < 85 then 'township_review' else 'track' end,
           case when pick < 60 then 'grid_member' when pick < 75 then 'village_cadre' when pick < 85 then 'township_reviewer' else 'grid_member' end,
           area_id, area_path, due_on, (due_on - 30)::timestamptz
      from bench_gen`);
  await db.exec('drop table bench_gen; drop table bench_groups');
  await step('analyze', 'analyze');
  await step('checkpoint', 'checkpoint');
}
