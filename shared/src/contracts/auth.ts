import { z } from 'zod';
import { AreaRefSchema, RoleSchema } from './common';

export const UserViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  roleLabel: z.string(),
  area: AreaRefSchema,
  /** The household a farmer's WeChat is bound to; null for staff and unbound farmers. */
  householdId: z.string().nullable(),
  /** The bound household's code, so the farmer's app can reopen its page. */
  householdCode: z.string().nullable(),
  /** A department account's department (医保局 …): what it imports and sees; null for every other account. */
  department: z.string().nullable(),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const WechatLoginRequestSchema = z.strictObject({
  code: z.string({ error: '缺少微信登录凭证' }).min(1, { error: '缺少微信登录凭证' }).max(128),
});
export type WechatLoginRequest = z.infer<typeof WechatLoginRequestSchema>;

export const DevLoginRequestSchema = z.strictObject({
  username: z.string({ error: '请选择演示账号' }).min(1, { error: '请选择演示账号' }).max(64),
});
export type DevLoginRequest = z.infer<typeof DevLoginRequestSchema>;

export const LoginResponseSchema = z.object({ token: z.string(), user: UserViewSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const DevUserSchema = UserViewSchema.extend({ username: z.string(), hint: z.string() });
export const DevUsersResponseSchema = z.object({ users: z.array(DevUserSchema) });
export type DevUsersResponse = z.infer<typeof DevUsersResponseSchema>;

export const MeResponseSchema = z.object({ user: UserViewSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;
