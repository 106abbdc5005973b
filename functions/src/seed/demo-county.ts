import crypto from 'node:crypto';
import { maskIdNumber, genderOf } from '@shared/domain/id-number';
import { maskPhone } from '@shared/domain/masking';
import type { DataProtector } from '../adapters/data-protector';
import type { Db } from '../ports/db';
import { birthDate, chineseName, mobile, rng, syntheticIdNumber, type Rng } from './synthetic';

/** 清河县 — a fictional county: 2 townships, 4 villages, 3 groups each, ~200 households of synthetic people. */
const COUNTY = { id: 'qh', name: '清河县', region: '610528' };
const TOWNSHIPS = [
  { id: 'qh-al', name: '安乐镇', villages: [{ id: 'qh-al-hx', name: '红星村' }, { id: 'qh-al-lw', name: '柳湾村' }] },
  { id: 'qh-sq', name: '石桥乡', villages: [{ id: 'qh-sq-sq', name: '石桥村' }, { id: 'qh-sq-yz', name: '杨庄村' }] },
];
const GROUP_NAMES = ['一组', '二组', '三组'];
const HOUSEHOLDS_PER_GROUP = [17, 17, 16];

export const DEMO = {
  farmer: 'farmer',
  gridMember: 'grid',
  countyAreaId: COUNTY.id,
  /** The farmer's household lives in 安乐镇 红星村 一组, where the demo grid member works. */
  farmerGroupId: 'qh-al-hx-1',
};

type Member = {
  name: string; relation: string; birth: string; id: string; phone: string | null; health: string;
  disability: number | null; labour: string; schooling: string;
};

function schoolingAt(age: number, r: Rng): string {
  if (age < 3) return 'none';
  if (age < 6) return 'preschool';
  if (age < 12) return 'primary';
  if (age < 15) return 'junior';
  if (age < 18) return r.chance(0.7) ? 'senior' : 'vocational';
  if (age < 22) return r.chance(0.4) ? 'college' : 'none';
  return 'none';
}

function person(
  r: Rng, relation: string, age: number, year: number, taken: Set<string>, surname?: string,
  gender: 'male' | 'female' = r.chance(0.5) ? 'male' : 'female',
): Member {
  const birth = birthDate(r, age, year);
  const id = syntheticIdNumber(r, COUNTY.region, birth, gender, taken);
  const roll = r.next();
  const health = roll < 0.7 ? 'healthy' : roll < 0.85 ? 'chronic' : roll < 0.92 ? 'serious' : 'disabled';
  const labour =
    age < 16 || age > 75 || health === 'serious' ? 'none'
    : health === 'disabled' ? r.pick(['lost', 'weak'])
    : health === 'chronic' || age > 60 ? 'weak'
    : r.chance(0.3) ? 'skilled' : 'ordinary';
  return {
    name: chineseName(r, genderOf(id), relation === 'child' || relation === 'grandchild' ? surname : undefined),
    relation, birth, id, phone: relation === 'head' || (relation === 'spouse' && r.chance(0.5)) ? mobile(r) : null,
    health, disability: health === 'disabled' ? r.int(1, 4) : null, labour, schooling: schoolingAt(age, r),
  };
}

function family(r: Rng, year: number, taken: Set<string>): Member[] {
  const headAge = r.int(32, 78);
  const head = person(r, 'head', headAge, year, taken, undefined, r.chance(0.8) ? 'male' : 'female');
  const surname = Array.from(head.name)[0];
  const members = [head];
  const spouseGender = genderOf(head.id) === 'male' ? 'female' : 'male';
  if (r.chance(0.8)) members.push(person(r, 'spouse', Math.max(20, headAge + r.int(-5, 3)), year, taken, undefined, spouseGender));
  const kids = headAge < 65 ? r.int(0, 3) : r.int(0, 1);
  for (let i = 0; i < kids; i++) members.push(person(r, 'child', Math.max(0, headAge - r.int(22, 34)), year, taken, surname));
  if (headAge < 50 && r.chance(0.3)) members.push(person(r, 'parent', headAge + r.int(22, 30), year, taken));
  if (headAge > 60 && r.chance(0.3)) members.push(person(r, 'grandchild', r.int(2, 14), year, taken, surname));
  return members;
}

/** Seeds the demo county into an empty database; does nothing when areas exist. Returns whether it seeded. */
export async function seedDemoCounty(db: Db, protector: DataProtector, today: Date): Promise<boolean> {
  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from areas');
  if (n > 0) return false;
  const r = rng(20241);
  const year = today.getUTCFullYear();
  const taken = new Set<string>();

  await db.transaction(async (tx) => {
    await tx.query(`insert into areas (id, parent_id, level, name, path) values ($1, null, 'county', $2, $3)`, [
      COUNTY.id, COUNTY.name, `/${COUNTY.id}/`,
    ]);
    for (const y of [year - 1, year, year + 1]) {
      await tx.query(
        `insert into policies (area_id, year, monitoring_line_yuan, identification_days, notice_min_days, plan_days)
         values ($1, $2, 7300, 15, 5, 10)`,
        [COUNTY.id, y],
      );
    }
    const users: [string, string, string, string | null, string | null, string | null][] = [];
    let hhSeq = 0;
    for (const [ti, t] of TOWNSHIPS.entries()) {
      const tPath = `/${COUNTY.id}/${t.id}/`;
      await tx.query(`insert into areas values ($1, $2, 'township', $3, $4)`, [t.id, COUNTY.id, t.name, tPath]);
      for (const [vi, v] of t.villages.entries()) {
        const vPath = `${tPath}${v.id}/`;
        await tx.query(`insert into areas values ($1, $2, 'village', $3, $4)`, [v.id, t.id, v.name, vPath]);
        for (const [gi, gName] of GROUP_NAMES.entries()) {
          const gId = `${v.id}-${gi + 1}`;
          const gPath = `${vPath}${gId}/`;
          await tx.query(`insert into areas values ($1, $2, 'group', $3, $4)`, [gId, v.id, gName, gPath]);
          users.push([`grid-${gId}`, chineseName(r, r.chance(0.6) ? 'male' : 'female'), 'grid_member', gId, null, null]);
          for (let k = 0; k < HOUSEHOLDS_PER_GROUP[gi]; k++) {
            hhSeq++;
            const number = `${COUNTY.region}${String(ti + 1).padStart(2, '0')}${String(vi + 1).padStart(2, '0')}` +
              `${String(gi + 1).padStart(2, '0')}${String(k + 1).padStart(4, '0')}`;
            const lifted = r.chance(0.3);
            const [h] = await tx.query<{ id: string }>(
              `insert into households (number, code, area_id, area_path, category, lifted_year, low_income, extreme_poverty)
               values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
              [number, crypto.randomBytes(16).toString('base64url'), gId, gPath, lifted ? 'lifted' : 'ordinary',
                lifted ? r.int(2014, 2020) : null, r.chance(0.1), r.chance(0.03)],
            );
            const members = family(r, year, taken);
            await insertMembers(tx, h.id, members, protector);
            if (hhSeq === 1) users.push(['farmer', members[0].name, 'farmer', null, h.id, null]);
          }
        }
      }
    }
    users.push(
      ['village', chineseName(r, 'male'), 'village_cadre', 'qh-al-hx', null, null],
      ['township', chineseName(r, 'female'), 'township_reviewer', 'qh-al', null, null],
      ['county', chineseName(r, 'male'), 'county_admin', COUNTY.id, null, null],
      ['dept-medical', chineseName(r, 'female'), 'department_user', COUNTY.id, null, '医保局'],
      ['inspector', chineseName(r, 'male'), 'inspector', COUNTY.id, null, null],
      // a farmer whose WeChat is not yet bound to a household: scanning a code asks them to bind
      ['farmer-new', '新用户', 'farmer', null, null, null],
    );
    // the demo grid member is the one of the farmer's group
    const demoGrid = users.find((u) => u[0] === `grid-${DEMO.farmerGroupId}`)!;
    demoGrid[0] = DEMO.gridMember;
    for (const [username, name, role, areaId, householdId, department] of users) {
      await tx.query(
        `insert into users (username, name, role, area_id, household_id, department) values ($1, $2, $3, $4, $5, $6)`,
        [username, name, role, areaId, householdId, department],
      );
    }
  });
  return true;
}

async function insertMembers(tx: Pick<Db, 'query'>, householdId: string, members: Member[], p: DataProtector) {
  const cols = members.map((m) => [
    m.name, m.relation, genderOf(m.id), m.birth, p.encrypt(m.id), p.lookupHash(m.id), maskIdNumber(m.id),
    m.phone ? p.encrypt(m.phone) : null, m.phone ? p.lookupHash(m.phone) : null, m.phone ? maskPhone(m.phone) : null,
    m.health, m.disability, m.labour, m.schooling,
  ]);
  const columns = cols[0].map((_, i) => cols.map((row) => row[i]));
  await tx.query(
    `insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked,
                          phone_cipher, phone_hash, phone_masked, health, disability_level, labour, schooling)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::text[])`,
    [householdId, ...columns],
  );
}
