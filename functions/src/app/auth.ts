import type { DevUsersResponse, LoginResponse, UserView } from '@shared/contracts/auth';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import { issueToken, type Actor } from '../http/auth';
import { WechatError } from '../ports/wechat';
import { createWechatFarmer, findUserBy, listDemoUsers, userView, type UserRow } from '../store/users';
import { log } from '../http/log';

function actorOf(u: UserRow): Actor {
  return {
    userId: u.id, role: u.role, areaId: u.area_id, areaPath: u.area_path, householdId: u.household_id,
  };
}

async function login(deps: Deps, u: UserRow, now: Date): Promise<LoginResponse> {
  return { token: await issueToken(actorOf(u), deps.config, now), user: userView(u) };
}

/** WeChat login: the code from wx.login → code2Session (WeChat's server) → openid → our user, created on first sight. */
export async function wechatLogin(deps: Deps, code: string, now: Date): Promise<LoginResponse> {
  let openid: string;
  try {
    ({ openid } = await deps.wechat.code2Session(code));
  } catch (err) {
    if (err instanceof WechatError) {
      log('warn', 'code2Session refused', { errcode: err.errcode, errmsg: err.errmsg });
      throw new AppError('AUTH.WECHAT_FAILED');
    }
    throw err;
  }
  const user = await deps.db.transaction(async (tx) => {
    await createWechatFarmer(tx, openid); // does nothing when the openid is known
    return findUserBy(tx, 'wechat_openid', openid);
  });
  return login(deps, user!, now);
}

function assertDevLoginAllowed(deps: Deps): void {
  if (deps.config.production) throw new AppError('AUTH.DEV_LOGIN_DISABLED');
}

/** Outside production only: log in as one of the seeded demo users. */
export async function devLogin(deps: Deps, username: string, now: Date): Promise<LoginResponse> {
  assertDevLoginAllowed(deps);
  const user = await findUserBy(deps.db, 'username', username);
  if (!user) throw new AppError('AUTH.UNKNOWN_USER');
  return login(deps, user, now);
}

const HINTS: Record<string, string> = {
  farmer: '扫码查看本户、一键申报',
  grid_member: '接收入户核实任务',
  village_cadre: '民主评议、村内公示',
  township_reviewer: '乡镇审核',
  county_admin: '县级审定、数据比对',
  department_user: '部门筛查数据',
  inspector: '督导检查（只读）',
};

export async function listDevUsers(deps: Deps): Promise<DevUsersResponse> {
  assertDevLoginAllowed(deps);
  const users = await listDemoUsers(deps.db);
  return {
    users: users.map((u) => ({
      ...userView(u), username: u.username!,
      hint: u.role === 'farmer' && !u.household_id ? '未绑定农户：扫码后绑定本户' : HINTS[u.role],
    })),
  };
}

export async function me(deps: Deps, actor: Actor): Promise<UserView> {
  const u = await findUserBy(deps.db, 'id', actor.userId);
  if (!u) throw new AppError('AUTH.INVALID_TOKEN');
  return userView(u);
}
