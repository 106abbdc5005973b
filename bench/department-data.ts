/**
 * The department benchmark's data (bench/department.ts): a registry of N members in the demo county grown to a
 * county's grid (bench/sweep-data.ts growGrid), inserted in batches with the app's own DataProtector (AES-GCM
 * ciphertext and keyed lookup hash of every ID number, as the household import stores them), and a 医保 (medical
 * self-pay) csv in the kind's template columns whose rows mostly name registry members.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { departmentTemplate } from '@shared/domain/department-data';
import { idCheckChar, maskIdNumber } from '@shared/domain/id-number';
import type { DataProtector } from '../functions/src/adapters/data-protector';
import type { Db } from '../functions/src/ports/db';
import { chineseName, rng, type Rng } from '../functions/src/seed/synthetic';

/** The benchmark's clock (as the sweep's): the file's dates and the people's ages are relative to it. */
export const NOW = new Date('2026-11-20T02:00:00Z');
const TODAY_MS = Date.UTC(2026, 10, 20);

/** Regions of the registry's ID numbers (not the demo's 610528, so none collides with the demo's people). */
const REGIONS = ['610581', '610582', '610583', '610584', '610585', '610586', '610587', '610588'];
/** Region of the people the registry does not know (the unmatched rows). */
const OUTSIDE_REGION = '620102';

/** Household sizes in turn: 5, 4, 3 … (4 on average). */
const SIZES = [5, 4, 3];
const RELATIONS = ['head', 'spouse', 'child', 'child', 'parent'] as const;

/** In the file: 1 row in 20 names somebody outside the registry; 1 in 500 is a bill of ≥ 10,000 yuan. */
export const UNMATCHED_EVERY = 20;
export const LARGE_EVERY = 500;
/** The rows name members of this share of the registry (so about a third of them have two bills in the file). */
const ACTIVE_SHARE = 0.7;
/** Mixes the rows so that the file follows no order of the registry. */
const STRIDE = 7919;
const HOSPITALS = ['清河县人民医院', '清河县中医医院', '市第一人民医院', '市中心医院', '安乐镇卫生院', '石桥乡卫生院', '省人民医院', '市妇幼保健院'];

export const householdUuid = (h: number) => {
  const hex = crypto.createHash('md5').update(`bench-hh-${h}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export interface BenchMember {
  household: number;
  name: string;
  relation: (typeof RELATIONS)[number];
  gender: 'male' | 'female';
  birth: string;
  idNumber: string;
  health: 'healthy' | 'chronic' | 'serious' | 'disabled';
  disability: number | null;
  labour: 'skilled' | 'ordinary' | 'weak' | 'lost' | 'none';
  schooling: string;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How many households N members make (sizes 5, 4, 3 in turn, the last one cut short). */
export function householdCount(members: number): number {
  let h = 0;
  for (let n = 0; n < members; h++) n += SIZES[h % SIZES.length];
  return h;
}

/**
 * The registry's members, household by household, deterministic; ID numbers valid (GB 11643 check character),
 * unique, and carrying the member's birth date.
 */
export function* registryMembers(members: number): Generator<BenchMember> {
  const r = rng(60606);
  const used = new Map<string, number>(); // region+birth+gender → IDs given
  const idFor = (birth: string, gender: 'male' | 'female'): string => {
    for (const region of REGIONS) {
      const key = `${region}${birth}${gender}`;
      const n = used.get(key) ?? 0;
      if (n >= 500) continue;
      used.set(key, n + 1);
      const first17 = `${region}${birth.replaceAll('-', '')}${String(2 * n + (gender === 'male' ? 1 : 0)).padStart(3, '0')}`;
      return first17 + idCheckChar(first17);
    }
    throw new Error(`no ID number left for ${birth}`);
  };
  let made = 0;
  for (let h = 0; made < members; h++) {
    const size = Math.min(SIZES[h % SIZES.length], members - made);
    const headAge = r.int(28, 75);
    const headGender = r.chance(0.8) ? 'male' : 'female';
    const surname = chineseName(r, headGender).slice(0, 1);
    for (let k = 0; k < size; k++) {
      const relation = RELATIONS[k];
      const age = relation === 'head' ? headAge
        : relation === 'spouse' ? Math.max(20, headAge + r.int(-5, 3))
          : relation === 'child' ? Math.max(0, headAge - r.int(22, 34)) : Math.min(95, headAge + r.int(22, 30));
      const gender = relation === 'head' ? headGender : relation === 'spouse' ? (headGender === 'male' ? 'female' : 'male')
        : r.chance(0.5) ? 'male' : 'female';
      const birth = isoDay(TODAY_MS - (age * 365.25 + r.int(1, 360)) * 86_400_000);
      const roll = r.next();
      const health = roll < 0.7 ? 'healthy' : roll < 0.85 ? 'chronic' : roll < 0.92 ? 'serious' : 'disabled';
      const labour = age < 16 || age > 75 || health === 'serious' ? 'none'
        : health === 'disabled' ? (r.chance(0.5) ? 'lost' : 'weak')
          : health === 'chronic' || age > 60 ? 'weak' : r.chance(0.3) ? 'skilled' : 'ordinary';
      const schooling = age < 3 ? 'none' : age < 6 ? 'preschool' : age < 12 ? 'primary' : age < 15 ? 'junior'
        : age < 18 ? 'senior' : 'none';
      yield {
        household: h, name: chineseName(r, gender, relation === 'child' ? surname : relation === 'head' ? surname : undefined),
        relation, gender, birth, idNumber: idFor(birth, gender), health, disability: health === 'disabled' ? r.int(1, 4) : null,
        labour, schooling,
      };
      made++;
    }
  }
}

export interface RegistryStats {
  households: number;
  members: number;
  groups: number;
  /** Seconds spent hashing and encrypting ID numbers (in JS), of the whole. */
  protectSeconds: number;
}

/**
 * Households spread over every group (one after another round the groups), with 上年人均纯收入 6,000–29,999 yuan,
 * 30 % 脱贫户; then the members in batches, each ID number encrypted and hashed by the app's DataProtector exactly as
 * the household import stores it. Returns the ID numbers and names by member index (for the file).
 */
export async function generateRegistry(
  db: Db, protector: DataProtector, members: number, log: (label: string, seconds: number) => void,
): Promise<{ stats: RegistryStats; ids: string[]; names: string[]; householdOf: Int32Array }> {
  let t = performance.now();
  const households = householdCount(members);
  const [{ groups }] = await db.query<{ groups: number }>(`select count(*)::int as groups from areas where level = 'group'`);
  await db.query(
    `insert into households (id, number, code, area_id, area_path, category, lifted_year, income_per_capita_yuan,
                             created_at, updated_at)
     select md5('bench-hh-' || h)::uuid, '6105819' || lpad(h::text, 9, '0'), md5('bench-code-' || h), g.id, g.path,
            case when h % 10 < 3 then 'lifted' else 'ordinary' end, case when h % 10 < 3 then 2014 + h % 7 end,
            6000 + (h * 7919) % 24000, timestamptz '2024-01-01', timestamptz '2024-01-01'
       from generate_series(0, $1::int - 1) h
       join (select (row_number() over (order by id))::int - 1 as k, id, path from areas where level = 'group') g
         on g.k = h % $2::int`,
    [households, groups],
  );
  log(`${households} households`, (performance.now() - t) / 1000);

  t = performance.now();
  let protectMs = 0;
  const ids: string[] = new Array(members);
  const names: string[] = new Array(members);
  const householdOf = new Int32Array(members);
  const BATCH = 20_000;
  let batch: BenchMember[] = [];
  let index = 0;
  const flush = async () => {
    const p0 = performance.now();
    const cipher = batch.map((m) => protector.encrypt(m.idNumber));
    const hash = batch.map((m) => protector.lookupHash(m.idNumber));
    protectMs += performance.now() - p0;
    await db.query(
      `insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked, health,
                            disability_level, labour, schooling, created_at)
       select md5('bench-hh-' || h)::uuid, name, relation, gender, birth, cipher, hash, masked, health, disability,
              labour, schooling, timestamptz '2024-01-01'
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::int[], $11::text[], $12::text[])
              as x(h, name, relation, gender, birth, cipher, hash, masked, health, disability, labour, schooling)`,
      [batch.map((m) => m.household), batch.map((m) => m.name), batch.map((m) => m.relation), batch.map((m) => m.gender),
        batch.map((m) => m.birth), cipher, hash, batch.map((m) => maskIdNumber(m.idNumber)), batch.map((m) => m.health),
        batch.map((m) => m.disability), batch.map((m) => m.labour), batch.map((m) => m.schooling)],
    );
    batch = [];
  };
  for (const m of registryMembers(members)) {
    ids[index] = m.idNumber;
    names[index] = m.name;
    householdOf[index] = m.household;
    index++;
    batch.push(m);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  log(`${members} members (of which ${(protectMs / 1000).toFixed(1)} s AES-GCM + HMAC)`, (performance.now() - t) / 1000);
  return { stats: { households, members, groups, protectSeconds: protectMs / 1000 }, ids, names, householdOf };
}

/** Which registry member row i of the file names, or -1 for somebody outside the registry. */
export function memberOfRow(i: number, members: number): number {
  if (i % UNMATCHED_EVERY === UNMATCHED_EVERY - 1) return -1;
  const active = Math.floor(members * ACTIVE_SHARE);
  return Math.floor((((i * STRIDE) % active) * members) / active);
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** The self-pay of row i in fen: 20–3,000 yuan, or 10,000–39,999 yuan for 1 row in LARGE_EVERY. */
export function selfPayFen(i: number): number {
  return i % LARGE_EVERY === 7 ? (10_000 + ((i * 31) % 30_000)) * 100 + 50 : (20 + ((i * 97) % 2_980)) * 100 + (i % 100);
}

export interface FileStats {
  rows: number;
  bytes: number;
  /** Rows naming a registry member / somebody else. */
  matchable: number;
  outside: number;
  /** Rows with a bill of ≥ 10,000 yuan, and the distinct households they belong to. */
  largeRows: number;
  largeHouseholds: number;
}

/**
 * The 医保 file: the template's header, then `rows` rows (身份证号, 姓名, 结算日期 in three of the accepted spellings,
 * 医疗机构, 医疗总费用, 医保报销金额, 个人自付金额), dated in the 11 months before NOW, UTF-8 with a BOM as Excel saves it.
 */
export async function writeMedicalCsv(
  file: string, rows: number, ids: string[], names: string[], householdOf: Int32Array,
): Promise<FileStats> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res())));
  const header = departmentTemplate('medical')[0];
  await write(`\uFEFF${header.join(',')}\r\n`);
  const r: Rng = rng(70707);
  const members = ids.length;
  let matchable = 0;
  let largeRows = 0;
  const largeHouseholds = new Set<number>();
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const j = memberOfRow(i, members);
    let id: string;
    let name: string;
    if (j >= 0) {
      id = ids[j];
      name = names[j];
      matchable++;
    } else {
      const gender = i % 2 ? 'male' : 'female';
      const birth = isoDay(Date.UTC(1950, 0, 1) + ((i * 13) % 25_000) * 86_400_000).replaceAll('-', '');
      const first17 = `${OUTSIDE_REGION}${birth}${String(i % 1000).padStart(3, '0')}`;
      id = first17 + idCheckChar(first17);
      name = chineseName(r, gender);
    }
    const on = new Date(TODAY_MS - (1 + ((i * 37) % 330)) * 86_400_000);
    const [y, m, d] = [on.getUTCFullYear(), on.getUTCMonth() + 1, on.getUTCDate()];
    const date = i % 10 === 3 ? `${y}/${m}/${d}` : i % 10 === 6 ? `${y}年${m}月${d}日` : isoDay(on.getTime());
    const self = selfPayFen(i);
    const fund = self * (1 + (i % 3));
    if (self >= 1_000_000) {
      largeRows++;
      if (j >= 0) largeHouseholds.add(householdOf[j]);
    }
    chunk += `${id},${name},${date},${HOSPITALS[i % HOSPITALS.length]},${yuan(self + fund)},${yuan(fund)},${yuan(self)}\r\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((res) => out.end(() => res()));
  return {
    rows, bytes: fs.statSync(file).size, matchable, outside: rows - matchable, largeRows, largeHouseholds: largeHouseholds.size,
  };
}
