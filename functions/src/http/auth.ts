import { SignJWT, jwtVerify } from 'jose';
import { RoleSchema, type Role } from '@shared/contracts/common';
import { AppError } from '@shared/domain/errors';
import type { Config } from '../config/env';

/** Who is calling: carried in the signed session token. */
export interface Actor {
  userId: string;
  role: Role;
  /** The staff account's area and its path; null for a farmer. */
  areaId: string | null;
  areaPath: string | null;
  /** The household a farmer is bound to; null otherwise. */
  householdId: string | null;
}

export async function issueToken(actor: Actor, config: Config, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: actor.role, area: actor.areaId, path: actor.areaPath, hh: actor.householdId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.tokenTtlHours * 3600)
    .sign(config.sessionSecret);
}

export async function verifyToken(header: string | undefined, config: Config, now: Date): Promise<Actor> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError('AUTH.REQUIRED');
  try {
    const { payload } = await jwtVerify(token, config.sessionSecret, {
      algorithms: ['HS256'],
      currentDate: now,
    });
    const role = RoleSchema.parse(payload.role);
    return {
      userId: String(payload.sub),
      role,
      areaId: (payload.area as string | null) ?? null,
      areaPath: (payload.path as string | null) ?? null,
      householdId: (payload.hh as string | null) ?? null,
    };
  } catch {
    throw new AppError('AUTH.INVALID_TOKEN');
  }
}

/** Staff see what lies in their area; nobody else sees anything by area. */
export function coversArea(actor: Actor, areaPath: string): boolean {
  return actor.role !== 'farmer' && actor.areaPath !== null && areaPath.startsWith(actor.areaPath);
}
