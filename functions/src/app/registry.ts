import type { LoginResponse } from '@shared/contracts/auth';
import { CASE_STATUS_LABELS } from '@shared/contracts/case';
import type { Role } from '@shared/contracts/common';
import type {
  AddMemberRequest, BindHouseholdRequest, HouseholdDetailResponse, SearchResponse, StaffPanel, VisitView,
} from '@shared/contracts/registry';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { checkIdNumber, genderOf, birthDateOf, maskIdNumber } from '@shared/domain/id-number';
import { maskPhone } from '@shared/domain/masking';
import type { Deps } from '../deps';
import { coversArea, issueToken, type Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { appendAudit } from '../store/audit';
import { PLACE_COLUMNS, PLACE_JOINS, placeOf, type PlaceRow } from '../store/areas';
import { findHousehold, loadHouseholdView, type HouseholdRef } from '../store/households';
import { findUserBy, userView } from '../store/users';
import { assertCanSee } from './households';

/** Who may do what with a household in their area. */
const VISITORS: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer'];
const EDITORS: readonly Role[] = ['village_cadre', 'township_reviewer', 'county_admin'];
/** Roles whose work needs a whole ID number now and then (verification, approval); each view is audited. */
const ID_VIEWERS: readonly Role[] = ['village_cadre', 'township_reviewer', 'county_admin'];

export const BIND_MAX_FAILURES = 5;
export const BIND_LOCK_MINUTES = 60;

// ---------- 绑定: a farmer binds their WeChat to the household they scanned ----------

/**
 * The farmer proves they belong to the household by the head's name and the last four characters of any
 * member's ID number. Five failures within an hour lock binding for that household for the rest of the hour.
 * Attempts on one household are serialised by a row lock, so a burst cannot slip past the count.
 */
export async function bindHousehold(
  deps: Deps, actor: Actor, code: string, input: BindHouseholdRequest, now: Date,
): Promise<LoginResponse> {
  if (actor.role !== 'farmer') throw new AppError('AUTH.FORBIDDEN');
  const outcome = await deps.db.transaction(async (tx) => {
    const [h] = await tx.query<{ id: string }>('select id from households where code = $1 for update', [code]);
    if (!h) return { error: 'HOUSEHOLD.NOT_FOUND' as const };
    if (actor.householdId) return { error: actor.householdId === h.id ? null : ('HOUSEHOLD.ALREADY_BOUND' as const), householdId: h.id };
    const since = new Date(now.getTime() - BIND_LOCK_MINUTES * 60_000);
    const [{ failures }] = await tx.query<{ failures: number }>(
      `select count(*)::int as failures from bind_attempts where household_id = $1 and not ok and at > $2`, [h.id, since],
    );
    if (failures >= BIND_MAX_FAILURES) return { error: 'HOUSEHOLD.BIND_LOCKED' as const };
    const [match] = await tx.query<{ ok: boolean }>(
      `select exists (select 1 from members where household_id = $1 and removed_at is null
                       and relation = 'head' and name = $2)
          and exists (select 1 from members where household_id = $1 and removed_at is null
                       and right(id_masked, 4) = $3) as ok`,
      [h.id, input.headName, input.idLast4],
    );
    await tx.query('insert into bind_attempts (household_id, user_id, at, ok) values ($1, $2, $3, $4)', [
      h.id, actor.userId, now, match.ok,
    ]);
    if (!match.ok) {
      // the failed attempt is kept (committed) even though the answer is a refusal
      const left = BIND_MAX_FAILURES - failures - 1;
      return { error: left > 0 ? ('HOUSEHOLD.BIND_MISMATCH' as const) : ('HOUSEHOLD.BIND_LOCKED' as const), left };
    }
    await tx.query('update users set household_id = $2 where id = $1', [actor.userId, h.id]);
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'household.bind', householdId: h.id,
      after: { userId: actor.userId },
    });
    return { error: null, householdId: h.id };
  });
  if (outcome.error === 'HOUSEHOLD.BIND_MISMATCH' && 'left' in outcome) {
    throw new AppError('HOUSEHOLD.BIND_MISMATCH', `户主姓名或身份证号后四位不对，还可以再试${outcome.left}次`);
  }
  if (outcome.error) throw new AppError(outcome.error);
  const user = (await findUserBy(deps.db, 'id', actor.userId))!;
  const token = await issueToken(
    { userId: user.id, role: user.role, areaId: user.area_id, areaPath: user.area_path, householdId: user.household_id },
    deps.config, now,
  );
  return { token, user: userView(user) };
}

// ---------- the household as staff see it ----------

async function staffPanel(sql: Sql, actor: Actor, householdId: string): Promise<StaffPanel> {
  const cases = await sql.query<{ id: string; status: 'verifying'; clue_date: string; is_open: boolean; created_at: Date }>(
    'select id, status, clue_date, is_open, created_at from cases where household_id = $1 order by created_at desc',
    [householdId],
  );
  const visits = await sql.query<{ id: string; visited_on: string; visitor_name: string; findings: string }>(
    `select v.id, v.visited_on, u.name as visitor_name, v.findings from visits v join users u on u.id = v.visitor_id
      where v.household_id = $1 order by v.visited_on desc, v.created_at desc limit 50`,
    [householdId],
  );
  return {
    cases: cases.map((c) => ({
      id: c.id, status: c.status, statusLabel: CASE_STATUS_LABELS[c.status], clueDate: c.clue_date, isOpen: c.is_open,
      openedAt: c.created_at.toISOString(),
    })),
    visits: visits.map(visitView),
    can: {
      recordVisit: VISITORS.includes(actor.role),
      edit: EDITORS.includes(actor.role),
      viewIdNumbers: ID_VIEWERS.includes(actor.role),
    },
  };
}

function visitView(v: { id: string; visited_on: string; visitor_name: string; findings: string }): VisitView {
  return { id: v.id, visitedOn: v.visited_on, visitorName: v.visitor_name, findings: v.findings };
}

/** The household page: the farmer's own, or a staff member's within their area with history and permissions. */
export async function householdDetail(
  deps: Deps, actor: Actor, by: 'id' | 'code', value: string, now: Date,
): Promise<HouseholdDetailResponse> {
  return deps.db.transaction(async (tx) => {
    const h = assertCanSee(actor, await findHousehold(tx, by, value));
    return {
      household: await loadHouseholdView(tx, h.id, chinaDate(now)),
      staff: actor.role === 'farmer' ? null : await staffPanel(tx, actor, h.id),
    };
  });
}

// ---------- 入户走访 ----------

export async function recordVisit(
  deps: Deps, actor: Actor, householdId: string, input: { visitedOn: string; findings: string; clientKey: string }, now: Date,
): Promise<{ created: boolean; visit: VisitView }> {
  if (!VISITORS.includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  if (input.visitedOn > chinaDate(now)) throw new AppError('VISIT.DATE_IN_FUTURE');
  return deps.db.transaction(async (tx) => {
    const h = assertCanSee(actor, await findHousehold(tx, 'id', householdId), VISITORS);
    type Row = { id: string; household_id: string; visited_on: string; findings: string };
    const [inserted] = await tx.query<Row>(
      `insert into visits (household_id, visited_on, visitor_id, findings, client_key, created_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (visitor_id, client_key) do nothing
       returning id, household_id, visited_on, findings`,
      [h.id, input.visitedOn, actor.userId, input.findings, input.clientKey, now],
    );
    // a retry: read the stored one in a new statement, which sees a concurrent retry's committed row too
    const [row] = inserted
      ? [inserted]
      : await tx.query<Row>('select id, household_id, visited_on, findings from visits where visitor_id = $1 and client_key = $2', [
        actor.userId, input.clientKey,
      ]);
    const rowInserted = Boolean(inserted);
    if (!rowInserted && (row.household_id !== h.id || row.visited_on !== input.visitedOn || row.findings !== input.findings)) {
      throw new AppError('VISIT.KEY_REUSED');
    }
    const [{ name }] = await tx.query<{ name: string }>('select name from users where id = $1', [actor.userId]);
    return { created: rowInserted, visit: visitView({ ...row, visitor_name: name }) };
  });
}

// ---------- search within the area ----------

/**
 * By a member's name (any part), by 户编号 (prefix), or by the last digits of an ID number (up to four, matched
 * against the masked form — the whole number is never searched in plain text).
 */
export async function searchHouseholds(deps: Deps, actor: Actor, q: string): Promise<SearchResponse> {
  if (actor.role === 'farmer' || actor.role === 'department_user' || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const limit = 50;
  const digits = /^\d{1,3}[\dXx]?$/.test(q) && q.length <= 4 ? q.toUpperCase() : null;
  const rows = await deps.db.query<PlaceRow & {
    id: string; number: string; head_name: string; by: 'name' | 'number' | 'id_digits'; member_name: string | null;
    id_masked: string | null;
  }>(
    `with hits as (
       select h.id, 'number' as by, null::text as member_name, null::text as id_masked
         from households h where h.number like $2 || '%' and h.area_path like $1 || '%'
       union all
       select m.household_id, 'name', m.name, m.id_masked from members m join households h on h.id = m.household_id
        where m.removed_at is null and m.name like '%' || $2 || '%' and h.area_path like $1 || '%'
       union all
       select m.household_id, 'id_digits', m.name, m.id_masked from members m join households h on h.id = m.household_id
        where $3::text is not null and m.removed_at is null and m.id_masked like '%' || $3 and h.area_path like $1 || '%'
     ), firsts as (select distinct on (id) * from hits order by id, by)
     select f.id, h.number, f.by, f.member_name, f.id_masked,
            (select name from members where household_id = h.id and relation = 'head' and removed_at is null) as head_name,
            ${PLACE_COLUMNS}
       from firsts f join households h on h.id = f.id ${PLACE_JOINS}
      order by h.number limit $4`,
    [actor.areaPath, q.replace(/[\\%_]/g, '\\$&'), digits, limit + 1],
  );
  return {
    results: rows.slice(0, limit).map((r) => ({
      id: r.id, number: r.number, headName: r.head_name ?? '', place: placeOf(r),
      matched: { by: r.by, memberName: r.member_name, idNumberMasked: r.id_masked },
    })),
    truncated: rows.length > limit,
  };
}

// ---------- maintenance (each change audited with before/after) ----------

type MemberSnapshot = {
  id: string; name: string; relation: string; health: string; disability_level: number | null; labour: string;
  schooling: string; id_masked: string; removed_at: Date | null;
};

async function lockEditable(tx: Sql, actor: Actor, householdId: string): Promise<HouseholdRef> {
  if (!EDITORS.includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  const [h] = await tx.query<HouseholdRef>('select id, area_id, area_path from households where id = $1 for update', [householdId]);
  return assertCanSee(actor, h ?? null, EDITORS);
}

async function member(tx: Sql, householdId: string, memberId: string): Promise<MemberSnapshot> {
  const [m] = await tx.query<MemberSnapshot>(
    `select id, name, relation, health, disability_level, labour, schooling, id_masked, removed_at
       from members where id = $1 and household_id = $2 and removed_at is null`,
    [memberId, householdId],
  );
  if (!m) throw new AppError('MEMBER.NOT_FOUND');
  return m;
}

async function touch(tx: Sql, actor: Actor, householdId: string, now: Date) {
  await tx.query('update households set updated_at = $2, updated_by = $3 where id = $1', [householdId, now, actor.userId]);
}

export async function addMember(deps: Deps, actor: Actor, householdId: string, input: AddMemberRequest, now: Date) {
  const problem = checkIdNumber(input.idNumber, chinaDate(now));
  if (problem) {
    const why = { format: '应为18位，最后一位可以是X', birth_date: '其中的出生日期不存在', checksum: '校验位不对' }[problem];
    throw new AppError('MEMBER.ID_INVALID', `身份证号不正确：${why}`);
  }
  const p = deps.protector;
  return deps.db.transaction(async (tx) => {
    const h = await lockEditable(tx, actor, householdId);
    const [row] = await tx.query<{ id: string }>(
      `insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked,
                            phone_cipher, phone_hash, phone_masked, health, disability_level, labour, schooling)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (id_hash) do nothing returning id`,
      [h.id, input.name, input.relation, genderOf(input.idNumber), birthDateOf(input.idNumber), p.encrypt(input.idNumber),
        p.lookupHash(input.idNumber), maskIdNumber(input.idNumber), input.phone ? p.encrypt(input.phone) : null,
        input.phone ? p.lookupHash(input.phone) : null, input.phone ? maskPhone(input.phone) : null, input.health,
        input.disabilityLevel, input.labour, input.schooling],
    );
    if (!row) throw new AppError('MEMBER.ID_EXISTS');
    const after = await member(tx, h.id, row.id);
    await appendAudit(tx, { at: now, actorId: actor.userId, actorRole: actor.role, action: 'member.add', householdId: h.id, memberId: row.id, after });
    await touch(tx, actor, h.id, now);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}

export async function removeMember(
  deps: Deps, actor: Actor, householdId: string, memberId: string, reason: string, now: Date,
) {
  return deps.db.transaction(async (tx) => {
    const h = await lockEditable(tx, actor, householdId);
    const before = await member(tx, h.id, memberId);
    if (before.relation === 'head') throw new AppError('MEMBER.IS_HEAD');
    await tx.query('update members set removed_at = $2, removed_reason = $3 where id = $1', [memberId, now, reason]);
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'member.remove', householdId: h.id, memberId,
      before, after: { ...before, removed_at: now, removed_reason: reason },
    });
    await touch(tx, actor, h.id, now);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}

export async function changeHead(
  deps: Deps, actor: Actor, householdId: string, input: { memberId: string; formerHeadRelation: string }, now: Date,
) {
  return deps.db.transaction(async (tx) => {
    const h = await lockEditable(tx, actor, householdId);
    const next = await member(tx, h.id, input.memberId);
    const [former] = await tx.query<{ id: string; name: string }>(
      `select id, name from members where household_id = $1 and relation = 'head' and removed_at is null`, [h.id],
    );
    if (former?.id === next.id) return loadHouseholdView(tx, h.id, chinaDate(now));
    if (former) await tx.query('update members set relation = $2 where id = $1', [former.id, input.formerHeadRelation]);
    await tx.query(`update members set relation = 'head' where id = $1`, [next.id]);
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'household.head', householdId: h.id,
      before: { headMemberId: former?.id ?? null, headName: former?.name ?? null, newHeadRelation: next.relation },
      after: { headMemberId: next.id, headName: next.name, formerHeadRelation: input.formerHeadRelation },
    });
    await touch(tx, actor, h.id, now);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}

export async function moveHousehold(deps: Deps, actor: Actor, householdId: string, groupId: string, now: Date) {
  return deps.db.transaction(async (tx) => {
    const h = await lockEditable(tx, actor, householdId);
    const [group] = await tx.query<{ id: string; path: string; level: string }>('select id, path, level from areas where id = $1', [groupId]);
    if (!group || group.level !== 'group' || !coversArea(actor, group.path)) throw new AppError('AREA.NOT_FOUND');
    await tx.query('update households set area_id = $2, area_path = $3 where id = $1', [h.id, group.id, group.path]);
    // open tasks follow the household to its new group's grid member
    await tx.query(`update tasks set area_id = $2, area_path = $3 where status = 'open'
                     and case_id in (select id from cases where household_id = $1)`, [h.id, group.id, group.path]);
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'household.move', householdId: h.id,
      before: { areaId: h.area_id }, after: { areaId: group.id },
    });
    await touch(tx, actor, h.id, now);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}

export async function setFlags(
  deps: Deps, actor: Actor, householdId: string,
  input: { category: 'lifted' | 'ordinary'; liftedYear: number | null; lowIncome: boolean; extremePoverty: boolean }, now: Date,
) {
  return deps.db.transaction(async (tx) => {
    const h = await lockEditable(tx, actor, householdId);
    const [before] = await tx.query<{ category: string; lifted_year: number | null; low_income: boolean; extreme_poverty: boolean }>(
      'select category, lifted_year, low_income, extreme_poverty from households where id = $1', [h.id],
    );
    await tx.query(
      'update households set category = $2, lifted_year = $3, low_income = $4, extreme_poverty = $5 where id = $1',
      [h.id, input.category, input.liftedYear, input.lowIncome, input.extremePoverty],
    );
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'household.flags', householdId: h.id, before,
      after: { category: input.category, lifted_year: input.liftedYear, low_income: input.lowIncome, extreme_poverty: input.extremePoverty },
    });
    await touch(tx, actor, h.id, now);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}

/** A member's whole ID and phone number, for the roles whose work needs them; every view is audited. */
export async function viewPersonalData(deps: Deps, actor: Actor, householdId: string, memberId: string, now: Date) {
  if (!ID_VIEWERS.includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  return deps.db.transaction(async (tx) => {
    const h = assertCanSee(actor, await findHousehold(tx, 'id', householdId), ID_VIEWERS);
    const [m] = await tx.query<{ id_cipher: string; phone_cipher: string | null }>(
      'select id_cipher, phone_cipher from members where id = $1 and household_id = $2', [memberId, h.id],
    );
    if (!m) throw new AppError('MEMBER.NOT_FOUND');
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'pii.view', householdId: h.id, memberId,
    });
    return { idNumber: deps.protector.decrypt(m.id_cipher), phone: m.phone_cipher ? deps.protector.decrypt(m.phone_cipher) : null };
  });
}
