import type { Role } from '@shared/contracts/common';
import {
  MAX_PHOTO_BYTES, type FileResponse, type PhotoContentType, type UploadPhotoRequest, type UploadPhotoResponse,
} from '@shared/contracts/files';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';

/** Who takes photos on visits, verifications and notices (inspectors only read; departments see no household data). */
const PHOTO_TAKERS: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin'];
const PHOTO_READERS: readonly Role[] = [...PHOTO_TAKERS, 'inspector'];

/** The first bytes every file of the type starts with. */
const MAGIC: Record<PhotoContentType, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

export function hasMagicBytes(bytes: Uint8Array, contentType: PhotoContentType): boolean {
  const magic = MAGIC[contentType];
  return bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);
}

function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role) || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
}

/** A photo is stored as the uploader's area's; nothing links it to a record until a record lists its id. */
export async function uploadPhoto(deps: Deps, actor: Actor, req: UploadPhotoRequest): Promise<UploadPhotoResponse> {
  requireRole(actor, PHOTO_TAKERS);
  const bytes = Buffer.from(req.base64, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('FILE.TOO_LARGE');
  if (!hasMagicBytes(bytes, req.contentType)) throw new AppError('FILE.TYPE_MISMATCH');
  const id = await deps.files.put(bytes, req.contentType, { userId: actor.userId, areaPath: actor.areaPath! });
  return { id };
}

/**
 * A photo for staff whose area lies on the uploader's line: above it (the village, township and county over a grid
 * member) or below it (a village's grid members see what its cadre took). Another village's staff, and an unknown
 * id, get the same "not found".
 */
export async function getPhoto(deps: Deps, actor: Actor, id: string): Promise<FileResponse> {
  requireRole(actor, PHOTO_READERS);
  const file = await deps.files.get(id);
  const mine = actor.areaPath!;
  if (!file || !(file.owner.areaPath.startsWith(mine) || mine.startsWith(file.owner.areaPath))) {
    throw new AppError('FILE.NOT_FOUND');
  }
  return { id, contentType: file.contentType as PhotoContentType, contentBase64: file.bytes.toString('base64') };
}
