import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parse as parseYaml } from 'yaml';
import { ERRORS } from '@shared/domain/errors';
import { routes as contract, type RouteDef } from '@shared/contracts/routes';
import type { Handler } from '../http/route';

export interface GatewayRoute {
  name: string;
  method: string;
  path: string;
  pattern: RegExp;
  paramNames: string[];
  handler: Handler;
}

interface ServerlessFile {
  functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }>;
}

export const ROOT = path.resolve(__dirname, '../../..');

/** The httpApi routes declared in serverless.yml, each bound to the handler export it names — nothing else. */
export function loadRoutes(root = ROOT): GatewayRoute[] {
  const doc = parseYaml(fs.readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as ServerlessFile;
  const out: GatewayRoute[] = [];
  for (const [name, fn] of Object.entries(doc.functions)) {
    const dot = fn.handler.lastIndexOf('.');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(root, fn.handler.slice(0, dot))) as Record<string, Handler>;
    const handler = mod[fn.handler.slice(dot + 1)];
    if (typeof handler !== 'function') throw new Error(`serverless.yml: ${fn.handler} is not an exported function`);
    for (const ev of fn.events ?? []) {
      if (!ev.httpApi) continue;
      const paramNames: string[] = [];
      const source = ev.httpApi.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, p: string) => {
        paramNames.push(p);
        return '([^/]+)';
      });
      out.push({
        name, method: ev.httpApi.method.toUpperCase(), path: ev.httpApi.path, pattern: new RegExp(`^${source}$`),
        paramNames, handler,
      });
    }
  }
  return out;
}

const MAX_BODY = 1024 * 1024;

/** 1 MB, or more where the route's contract says so (a file upload); API Gateway → Lambda caps requests at 6 MB. */
function bodyLimit(routeName: string): number {
  const def: RouteDef | undefined = (contract as Record<string, RouteDef>)[routeName];
  return def?.maxBodyBytes ?? MAX_BODY;
}
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The gateway's own refusals, in the same shape and wording as the handlers'. */
function sendError(res: http.ServerResponse, code: 'REQUEST.NOT_FOUND' | 'REQUEST.TOO_LARGE' | 'INTERNAL') {
  sendJson(res, ERRORS[code].status, { error: { code, message: ERRORS[code].message, requestId: crypto.randomUUID() } });
}

function serveStatic(staticDir: string, urlPath: string, res: http.ServerResponse) {
  const rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  const file = path.resolve(staticDir, `.${rel}`);
  const inside = file.startsWith(path.resolve(staticDir) + path.sep);
  const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(staticDir, 'index.html');
  if (!fs.existsSync(target)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('H5 客户端尚未构建：请运行 npm run build:h5');
    return;
  }
  const ext = path.extname(target);
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=3600',
  });
  fs.createReadStream(target).pipe(res);
}

function toEvent(req: http.IncomingMessage, url: URL, route: GatewayRoute, match: RegExpMatchArray, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] ? `${query[k]},${v}` : v;
  const now = Date.now();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: route.paramNames.length
      ? Object.fromEntries(route.paramNames.map((p, i) => [p, decodeURIComponent(match[i + 1])]))
      : undefined,
    requestContext: {
      accountId: 'local', apiId: 'local', domainName: headers.host ?? 'localhost', domainPrefix: 'local',
      http: {
        method: route.method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(), routeKey: `${route.method} ${route.path}`, stage: '$default',
      time: new Date(now).toISOString(), timeEpoch: now,
    },
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
  };
  return event;
}

/**
 * A local stand-in for API Gateway (HTTP API, payload v2): each request becomes the event API Gateway would send,
 * goes to the handler serverless.yml names, and the handler's result becomes the response. Everything else is the
 * H5 build as static files.
 */
export function createGateway(opts: { routes?: GatewayRoute[]; staticDir?: string } = {}): http.Server {
  const routes = opts.routes ?? loadRoutes();
  const staticDir = opts.staticDir ?? path.join(ROOT, 'client/dist/h5');
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
      return serveStatic(staticDir, url.pathname, res);
    }
    let match: RegExpMatchArray | null = null;
    const route = routes.find((r) => r.method === req.method && (match = url.pathname.match(r.pattern)));
    if (!route || !match) {
      return sendError(res, 'REQUEST.NOT_FOUND');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = bodyLimit(route.name);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        sendError(res, 'REQUEST.TOO_LARGE');
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', async () => {
      if (res.headersSent) return;
      try {
        const result = (await route.handler(toEvent(req, url, route, match!, Buffer.concat(chunks)))) as
          APIGatewayProxyStructuredResultV2;
        res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as http.OutgoingHttpHeaders);
        res.end(result.body ?? '');
      } catch (err) {
        // handlers map their own errors; reaching here is a bug in the gateway itself
        console.error(err);
        sendError(res, 'INTERNAL');
      }
    });
  });
}
