import crypto from 'node:crypto';
import {
  MAX_PLATES_PER_PDF, type AreaOption, type CodeHolder, type DoorPlatesResponse, type RotateCodeResponse,
} from '@shared/contracts/codes';
import type { Role } from '@shared/contracts/common';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { maskName } from '@shared/domain/masking';
import type { Deps } from '../deps';
import { coversArea, type Actor } from '../http/auth';
import { WechatError, type QrImage } from '../ports/wechat';
import { renderDoorPlates } from '../adapters/door-plates-pdf';
import { getArea, placeOf } from '../store/areas';
import { appendAudit } from '../store/audit';
import { findCodeHolder, listAreasUnder, listPlateHouseholds, replaceCode, type CodeHolderRow } from '../store/codes';

/** Who prints door plates and looks households up by 户编号 for them. */
const PLATE_STAFF: readonly Role[] = ['county_admin', 'township_reviewer', 'village_cadre'];
/** Who may see the area tree below their own area (department users see no household figures). */
const AREA_READERS: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin', 'inspector'];
/** The page a printed mini-program code opens; it reads the household code from `scene`. */
export const PLATE_PAGE = 'pages/index/index';
/** Pixels of the QR image; 280 is wxacode's minimum and prints sharp at the plate's ~45 mm. */
const QR_WIDTH = 280;
/** Parallel wxacode requests while printing (WeChat allows 5,000 a minute). */
const QR_CONCURRENCY = 4;

/** A new household code: 128 random bits as 22 base64url characters (fits a mini-program code's 32-character scene). */
export function newHouseholdCode(): string {
  return crypto.randomBytes(16).toString('base64url');
}

function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role) || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
}

function codeHolder(r: CodeHolderRow): CodeHolder {
  return {
    id: r.id,
    number: r.number,
    headNameMasked: maskName(r.head_name ?? ''),
    place: placeOf(r),
    areaId: r.area_id,
    codeRotatedAt: r.code_rotated_at ? r.code_rotated_at.toISOString() : null,
  };
}

/** The areas at and below the actor's own, labelled from below the county down (安乐镇 红星村 一组). */
export async function listAreas(deps: Deps, actor: Actor): Promise<AreaOption[]> {
  requireRole(actor, AREA_READERS);
  const rows = await listAreasUnder(deps.db, actor.areaPath!);
  const names = new Map(rows.map((r) => [r.id, { name: r.name, county: r.level === 'county' }]));
  const above = actor.areaPath!.split('/').filter((id) => id && !names.has(id));
  if (above.length) {
    const ancestors = await deps.db.query<{ id: string; name: string; level: string }>(
      'select id, name, level from areas where id = any($1::text[])', [above],
    );
    for (const a of ancestors) names.set(a.id, { name: a.name, county: a.level === 'county' });
  }
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    name: r.name,
    parentId: r.parent_id,
    label: r.level === 'county'
      ? r.name
      : r.path.split('/').filter(Boolean).map((id) => names.get(id)).filter((n) => n && !n.county).map((n) => n!.name).join(' '),
    households: r.households,
  }));
}

/** A household by 户编号, for the code page: within the actor's area, or "not found" exactly as for an unknown number. */
export async function findHouseholdByNumber(deps: Deps, actor: Actor, number: string): Promise<CodeHolder> {
  requireRole(actor, PLATE_STAFF);
  const row = await findCodeHolder(deps.db, 'number', number);
  if (!row || !coversArea(actor, row.area_path)) throw new AppError('HOUSEHOLD.NOT_FOUND');
  return codeHolder(row);
}

/**
 * 换码: the county gives a household a new code; the old one answers like any unknown code from this moment.
 * Nothing keeps the old code, and the audit log records only when it happened, never a code.
 */
export async function rotateHouseholdCode(deps: Deps, actor: Actor, householdId: string, now: Date): Promise<RotateCodeResponse> {
  requireRole(actor, ['county_admin']);
  return deps.db.transaction(async (tx) => {
    const row = await findCodeHolder(tx, 'id', householdId, true);
    if (!row || !coversArea(actor, row.area_path)) throw new AppError('HOUSEHOLD.NOT_FOUND');
    const code = newHouseholdCode();
    await replaceCode(tx, { householdId: row.id, code, at: now, actorId: actor.userId });
    await appendAudit(tx, {
      at: now, actorId: actor.userId, actorRole: actor.role, action: 'code.rotate', householdId: row.id,
      before: { codeRotatedAt: row.code_rotated_at ? row.code_rotated_at.toISOString() : null },
      after: { codeRotatedAt: now.toISOString() },
    });
    return { household: codeHolder({ ...row, code_rotated_at: now }), code, rotatedAt: now.toISOString() };
  });
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * 一户一码门牌: an A4 PDF with one plate per household of a village or group. The QR is a mini-program code from
 * WeChat (wxacode.getUnlimited, scene = the household code); without WeChat credentials, a QR of the H5 link.
 */
export async function printDoorPlates(deps: Deps, actor: Actor, areaId: string, now: Date): Promise<DoorPlatesResponse> {
  requireRole(actor, PLATE_STAFF);
  const area = await getArea(deps.db, areaId);
  // out of area reads exactly like an unknown area
  if (!area || !coversArea(actor, area.path)) throw new AppError('CODE.AREA_NOT_FOUND');
  if (area.level !== 'village' && area.level !== 'group') throw new AppError('CODE.AREA_LEVEL');
  const rows = await listPlateHouseholds(deps.db, area.path, MAX_PLATES_PER_PDF + 1);
  if (rows.length > MAX_PLATES_PER_PDF) throw new AppError('CODE.TOO_MANY_PLATES');

  let images: QrImage[];
  try {
    images = await mapLimited(rows, QR_CONCURRENCY, (r) =>
      deps.wechat.getUnlimitedQrCode({ scene: r.code, page: PLATE_PAGE, width: QR_WIDTH }));
  } catch (err) {
    if (err instanceof WechatError) throw new AppError('CODE.QR_FAILED');
    throw err;
  }
  const place = rows[0] ? placeOf(rows[0]) : null;
  const areaLabel = place
    ? (area.level === 'village' ? `${place.township} ${place.village}` : `${place.township} ${place.village} ${place.group}`)
    : area.name;
  const { pdf, pages } = await renderDoorPlates({
    areaLabel,
    createdAt: now,
    plates: rows.map((r, i) => ({
      number: r.number, headNameMasked: maskName(r.head_name ?? ''), township: r.place_township,
      village: r.place_village, group: r.place_group, qr: images[i].bytes,
    })),
  });
  await appendAudit(deps.db, {
    at: now, actorId: actor.userId, actorRole: actor.role, action: 'code.print_plates', householdId: null,
    after: { areaId: area.id, plates: rows.length },
  });
  return {
    fileName: `一户一码门牌-${areaLabel.replaceAll(' ', '')}-${chinaDate(now)}.pdf`,
    contentType: 'application/pdf',
    contentBase64: pdf.toString('base64'),
    plates: rows.length,
    pages,
  };
}
