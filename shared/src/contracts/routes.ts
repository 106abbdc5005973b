import { z } from 'zod';
import {
  DevLoginRequestSchema, DevUsersResponseSchema, LoginResponseSchema, MeResponseSchema, WechatLoginRequestSchema,
} from './auth';
import { HouseholdByCodeParamsSchema, HouseholdResponseSchema } from './household';
import { SubmitDeclarationRequestSchema, SubmitDeclarationResponseSchema } from './declaration';
import { TaskDetailResponseSchema, TaskListResponseSchema, TaskParamsSchema } from './task';

export const HealthResponseSchema = z.object({ ok: z.literal(true), database: z.string(), time: z.string() });

export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  body?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
}

/**
 * Every API route: method, path, who may call it and its schemas. serverless.yml declares the same routes
 * (a test keeps the two equal); the client's service and the handlers both read their schemas from here.
 */
export const routes = {
  health: { method: 'GET', path: '/api/health', auth: false, response: HealthResponseSchema },
  wechatLogin: {
    method: 'POST', path: '/api/auth/wechat', auth: false, body: WechatLoginRequestSchema, response: LoginResponseSchema,
  },
  devUsers: { method: 'GET', path: '/api/auth/dev-users', auth: false, response: DevUsersResponseSchema },
  devLogin: {
    method: 'POST', path: '/api/auth/dev', auth: false, body: DevLoginRequestSchema, response: LoginResponseSchema,
  },
  me: { method: 'GET', path: '/api/me', auth: true, response: MeResponseSchema },
  householdByCode: {
    method: 'GET', path: '/api/households/by-code/{code}', auth: true, params: HouseholdByCodeParamsSchema,
    response: HouseholdResponseSchema,
  },
  submitDeclaration: {
    method: 'POST', path: '/api/declarations', auth: true, body: SubmitDeclarationRequestSchema,
    response: SubmitDeclarationResponseSchema,
  },
  listTasks: { method: 'GET', path: '/api/tasks', auth: true, response: TaskListResponseSchema },
  getTask: {
    method: 'GET', path: '/api/tasks/{id}', auth: true, params: TaskParamsSchema, response: TaskDetailResponseSchema,
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteBody<N extends RouteName> = Routes[N] extends { body: z.ZodType } ? z.input<Routes[N]['body']> : undefined;
export type RouteParams<N extends RouteName> = Routes[N] extends { params: z.ZodType } ? z.input<Routes[N]['params']> : undefined;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;
