import { route } from '../http/route';
import { devLogin as devLoginAs, listDevUsers, me as currentUser, wechatLogin as loginWithWechat } from '../app/auth';

export const wechatLogin = route('wechatLogin', async ({ deps, body, now }) => ({
  body: await loginWithWechat(deps, body.code, now),
}));

export const devUsers = route('devUsers', async ({ deps }) => ({ body: await listDevUsers(deps) }));

export const devLogin = route('devLogin', async ({ deps, body, now }) => ({
  body: await devLoginAs(deps, body.username, now),
}));

export const me = route('me', async ({ deps, actor }) => ({ body: { user: await currentUser(deps, actor) } }));
