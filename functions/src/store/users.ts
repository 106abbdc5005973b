import type { UserView } from '@shared/contracts/auth';
import { ROLE_LABELS, type AreaLevel, type Role } from '@shared/contracts/common';
import type { Sql } from '../ports/db';

export interface UserRow {
  id: string;
  username: string | null;
  name: string;
  role: Role;
  area_id: string | null;
  area_level: AreaLevel | null;
  area_name: string | null;
  area_path: string | null;
  household_id: string | null;
  household_code: string | null;
  household_area_id: string | null;
  household_area_name: string | null;
  department: string | null;
}

const SELECT_USER = `
  select u.id, u.username, u.name, u.role, u.area_id, a.level as area_level, a.name as area_name, a.path as area_path,
         u.household_id, h.code as household_code, h.area_id as household_area_id, ha.name as household_area_name,
         u.department
    from users u
    left join areas a on a.id = u.area_id
    left join households h on h.id = u.household_id
    left join areas ha on ha.id = h.area_id`;

export async function findUserBy(sql: Sql, field: 'id' | 'username' | 'wechat_openid', value: string) {
  const [row] = await sql.query<UserRow>(`${SELECT_USER} where u.${field} = $1`, [value]);
  return row ?? null;
}

export async function listDemoUsers(sql: Sql): Promise<UserRow[]> {
  return sql.query<UserRow>(`${SELECT_USER} where u.username is not null order by u.username`);
}

/** A WeChat user seen for the first time becomes an unbound farmer; binding to a household comes later. */
export async function createWechatFarmer(sql: Sql, openid: string): Promise<void> {
  await sql.query(
    `insert into users (name, role, wechat_openid) values ('微信用户', 'farmer', $1)
     on conflict (wechat_openid) do nothing`,
    [openid],
  );
}

export function userView(r: UserRow): UserView {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    roleLabel: ROLE_LABELS[r.role],
    // staff: the area they work in; a farmer: the group of their household, or nothing yet
    area: r.area_id
      ? { id: r.area_id, level: r.area_level!, name: r.area_name! }
      : r.household_area_id
        ? { id: r.household_area_id, level: 'group', name: r.household_area_name! }
        : { id: '', level: 'county', name: '未绑定农户' },
    householdId: r.household_id,
    householdCode: r.household_code,
    department: r.role === 'department_user' ? r.department : null,
  };
}

/** A department account's department (医保局 …); null for an account without one. */
export async function findUserDepartment(sql: Sql, userId: string): Promise<string | null> {
  const [u] = await sql.query<{ department: string | null }>('select department from users where id = $1', [userId]);
  return u?.department ?? null;
}
