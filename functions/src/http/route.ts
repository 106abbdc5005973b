import crypto from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { routes, type RouteName, type Routes } from '@shared/contracts/routes';
import { configureZod } from '@shared/contracts/zod-locale';
import { AppError, ERRORS, type ErrorCode } from '@shared/domain/errors';
import type { ErrorBody } from '@shared/contracts/common';
import { getDeps, type Deps } from '../deps';
import { verifyToken, type Actor } from './auth';
import { log } from './log';

configureZod();

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteInput<N extends RouteName> {
  body: Infer<Routes[N] extends { body: z.ZodType } ? Routes[N]['body'] : undefined>;
  params: Infer<Routes[N] extends { params: z.ZodType } ? Routes[N]['params'] : undefined>;
  query: Infer<Routes[N] extends { query: z.ZodType } ? Routes[N]['query'] : undefined>;
  actor: Routes[N]['auth'] extends true ? Actor : null;
  deps: Deps;
  now: Date;
  requestId: string;
}

export interface RouteOutput<N extends RouteName> {
  status?: number;
  body: z.infer<Routes[N]['response']>;
}

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function respond(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function errorBody(code: ErrorCode, requestId: string, message?: string, issues?: ErrorBody['error']['issues']): ErrorBody {
  return { error: { code, message: message ?? ERRORS[code].message, requestId, ...(issues ? { issues } : {}) } };
}

/** "riskTypes.0: 无效选项" — the field path and a Chinese message for each problem. */
function zodIssues(err: z.ZodError): ErrorBody['error']['issues'] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(根)', message: i.message }));
}

function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('REQUEST.BAD_JSON');
  }
}

/**
 * The one wrapper every handler goes through: parse with the route's contract, check the session, call the use
 * case, shape the answer. Errors map to HTTP here and only here: invalid input → 400 with field paths, domain
 * refusal → its coded status, anything else → 500 with the request id and no internals.
 */
export function route<N extends RouteName>(
  name: N,
  run: (input: RouteInput<N>) => Promise<RouteOutput<N>>,
): Handler {
  const def = routes[name] as Routes[N] & { body?: z.ZodType; params?: z.ZodType; query?: z.ZodType };
  return async (event) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId || crypto.randomUUID();
    let result: APIGatewayProxyStructuredResultV2;
    let failure: unknown;
    try {
      const deps = await getDeps();
      const now = deps.clock.now();
      const body = def.body ? def.body.parse(parseJsonBody(event) ?? {}) : undefined;
      const params = def.params ? def.params.parse(event.pathParameters ?? {}) : undefined;
      const query = def.query ? def.query.parse(event.queryStringParameters ?? {}) : undefined;
      const actor = def.auth ? await verifyToken(event.headers?.authorization, deps.config, now) : null;
      const out = await run({ body, params, query, actor, deps, now, requestId } as RouteInput<N>);
      result = respond(out.status ?? 200, out.body);
    } catch (err) {
      failure = err;
      if (err instanceof z.ZodError) {
        result = respond(400, errorBody('REQUEST.INVALID', requestId, undefined, zodIssues(err)));
      } else if (err instanceof AppError) {
        result = respond(err.status, errorBody(err.code, requestId, err.message));
      } else {
        result = respond(500, errorBody('INTERNAL', requestId));
      }
    }
    const status = result.statusCode ?? 200;
    log(status >= 500 ? 'error' : 'info', 'request', {
      requestId,
      route: name,
      status,
      ms: Math.round(performance.now() - started),
      ...(failure && status >= 500
        ? { error: failure instanceof Error ? failure.stack : String(failure) }
        : failure instanceof AppError ? { code: failure.code } : {}),
    });
    return result;
  };
}
