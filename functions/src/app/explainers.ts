import {
  EXPLAINER_PLACEHOLDERS, EXPLAINER_TOPIC_LABELS, MAX_EXPLAINER_IMAGE_BYTES, type ExplainerDetailResponse,
  type ExplainerSummary, type HouseholdExplainersResponse, type ListExplainersResponse, type OpenExplainerResponse,
  type PublishExplainerRequest, type PublishExplainerResponse, type UploadExplainerImageRequest,
} from '@shared/contracts/awareness';
import type { Role } from '@shared/contracts/common';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { fillPlaceholders, hasPlaceholder, placeholderValues, unknownPlaceholders } from '@shared/domain/explainers';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { getArea } from '../store/areas';
import {
  countQuestions, findCurrentVersions, findOpenByKey, findVersionByKey, getVersion, getVersionHtml, insertExplainer,
  insertOpen, insertQuestions, insertVersion, lastOpenings, listCountyVersions, listQuestions, lockExplainer,
  type ExplainerVersionRow,
} from '../store/explainers';
import { findHousehold } from '../store/households';
import { findPolicy } from '../store/policies';
import { hashOf, retryOnConflict, RetryableConflict } from './clues';
import { explainerHtml, imageTooLarge } from './explainer-html';
import { hasMagicBytes } from './files';
import { assertCanSee } from './households';

/** Staff who may show a household its explainers on a visit (and record that it opened them). */
const OPENERS: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin'];
/** Who may see which explainers a household has opened: those, and the inspector (read only). */
const HOUSEHOLD_READERS: readonly Role[] = [...OPENERS, 'inspector'];

/** Only the county's rural-revitalisation bureau writes and publishes explainers, for its own county. */
function countyOf(actor: Actor): { countyId: string; countyPath: string } {
  if (actor.role !== 'county_admin' || !actor.areaId || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  return { countyId: actor.areaId, countyPath: actor.areaPath };
}

function summaryOf(r: ExplainerVersionRow, current: boolean): ExplainerSummary {
  return {
    id: r.id,
    explainerId: r.explainer_id,
    version: r.version,
    topic: r.topic,
    topicLabel: EXPLAINER_TOPIC_LABELS[r.topic],
    title: r.title,
    area: { id: r.area_id, level: r.area_level, name: r.area_name },
    validFrom: r.valid_from,
    validTo: r.valid_to,
    publishedAt: r.published_at.toISOString(),
    publishedBy: r.published_by_name,
    questionCount: r.question_count,
    current,
  };
}

async function detailOf(sql: Sql, id: string, countyId: string, today: string): Promise<ExplainerDetailResponse['explainer']> {
  const v = await getVersion(sql, id, today);
  if (!v || v.county_id !== countyId) throw new AppError('EXPLAINER.NOT_FOUND');
  return { ...summaryOf(v, v.current), source: v.source, html: v.html, questions: await listQuestions(sql, id) };
}

/** The county's explainers, every version, newest first. */
export async function listExplainers(deps: Deps, actor: Actor, now: Date): Promise<ListExplainersResponse> {
  const { countyId } = countyOf(actor);
  const rows = await listCountyVersions(deps.db, countyId, chinaDate(now));
  return { explainers: rows.map((r) => summaryOf(r, r.current)) };
}

/** One version as published (the stored HTML, placeholders unfilled), with its source and questions. */
export async function getExplainer(deps: Deps, actor: Actor, id: string, now: Date): Promise<ExplainerDetailResponse> {
  const { countyId } = countyOf(actor);
  return { explainer: await detailOf(deps.db, id, countyId, chinaDate(now)) };
}

const placeholderList = Object.keys(EXPLAINER_PLACEHOLDERS).map((n) => `{{${n}}}`).join(' ');

/** Refusals that need no database: placeholders the policy cannot fill, and placeholders where nothing fills them. */
function checkText(req: PublishExplainerRequest): void {
  const unknown = unknownPlaceholders(req.source);
  if (unknown.length > 0) {
    throw new AppError(
      'EXPLAINER.UNKNOWN_PLACEHOLDER',
      `正文中的 ${unknown.map((n) => `{{${n}}}`).join('、')} 不是可用的占位符，可用的有：${placeholderList}`,
    );
  }
  const questionTexts = req.questions.flatMap((q) => [q.stem, q.explanation, ...(q.kind === 'single' ? q.options : [])]);
  if (hasPlaceholder(req.title) || questionTexts.some(hasPlaceholder)) throw new AppError('EXPLAINER.PLACEHOLDER_IN_QUESTION');
}

/**
 * Publishes an explainer: version 1 of a new one, or (explainerId) the next version of one of the county's, which
 * supersedes the earlier from its validFrom (the earlier is kept as it was). The text is sanitised and its images
 * inlined (explainerHtml); placeholders stay in, filled when read. Its questions are stored with it. The same client
 * key again answers with the first version and stores nothing; under another request it is refused.
 */
export async function publishExplainer(
  deps: Deps, actor: Actor, req: PublishExplainerRequest, now: Date,
): Promise<PublishExplainerResponse> {
  const { countyId, countyPath } = countyOf(actor);
  const today = chinaDate(now);
  const hash = hashOf([req.explainerId ?? null, req.topic, req.title, req.source, req.areaId, req.validFrom, req.validTo, req.questions]);
  const replay = async (sql: Sql, earlier: { id: string; request_hash: string }): Promise<PublishExplainerResponse> => {
    if (earlier.request_hash !== hash) throw new AppError('EXPLAINER.KEY_REUSED');
    return { explainer: await detailOf(sql, earlier.id, countyId, today), replayed: true };
  };
  return retryOnConflict(async () => {
    const earlier = await findVersionByKey(deps.db, actor.userId, req.clientKey);
    if (earlier) return replay(deps.db, earlier);
    checkText(req);
    const area = await getArea(deps.db, req.areaId);
    if (!area || !area.path.startsWith(countyPath)) throw new AppError('AREA.NOT_FOUND');
    if (area.level === 'group') throw new AppError('EXPLAINER.AREA_LEVEL');
    const html = await explainerHtml(req.source, { files: deps.files, countyPath });
    return deps.db.transaction(async (tx) => {
      let explainerId: string;
      let version: number;
      if (req.explainerId) {
        const locked = await lockExplainer(tx, req.explainerId);
        if (!locked || locked.county_id !== countyId) throw new AppError('EXPLAINER.NOT_FOUND');
        explainerId = req.explainerId;
        version = locked.last_version + 1;
      } else {
        explainerId = await insertExplainer(tx, countyId, now);
        version = 1;
      }
      const id = await insertVersion(tx, {
        explainerId, version, topic: req.topic, title: req.title, source: req.source, html, areaId: area.id,
        areaPath: area.path, validFrom: req.validFrom, validTo: req.validTo, publishedBy: actor.userId,
        clientKey: req.clientKey, requestHash: hash,
      }, now);
      // a concurrent request with this key committed first: undo ours, the next try replays theirs
      if (!id) throw new RetryableConflict();
      await insertQuestions(tx, id, req.questions);
      return { explainer: await detailOf(tx, id, countyId, today), replayed: false };
    });
  });
}

/** An image for an explainer's text: JPEG or PNG (checked by its first bytes), at most MAX_EXPLAINER_IMAGE_BYTES. */
export async function uploadExplainerImage(deps: Deps, actor: Actor, req: UploadExplainerImageRequest): Promise<{ id: string }> {
  const { countyPath } = countyOf(actor);
  const bytes = Buffer.from(req.base64, 'base64');
  if (bytes.length > MAX_EXPLAINER_IMAGE_BYTES) throw new AppError('FILE.TOO_LARGE', imageTooLarge());
  if (!hasMagicBytes(bytes, req.contentType)) throw new AppError('FILE.TYPE_MISMATCH');
  return { id: await deps.files.put(bytes, req.contentType, { userId: actor.userId, areaPath: countyPath }) };
}

/** The household page's explainers: those in force for its region today, with when the household last opened each. */
export async function householdExplainers(
  deps: Deps, actor: Actor, householdId: string, now: Date,
): Promise<HouseholdExplainersResponse> {
  const h = assertCanSee(actor, await findHousehold(deps.db, 'id', householdId), HOUSEHOLD_READERS);
  const versions = await findCurrentVersions(deps.db, h.area_path, chinaDate(now));
  const opened = await lastOpenings(deps.db, h.id, versions.map((v) => v.explainer_id));
  return {
    explainers: versions.map((v) => ({ ...summaryOf(v, true), openedAt: opened.get(v.explainer_id)?.toISOString() ?? null })),
    questionCount: await countQuestions(deps.db, versions.map((v) => v.id)),
  };
}

/**
 * Opens one of the household's current explainers: records who opened it for the household and when (the farmer
 * themself, or staff showing it on a visit), and answers its text with the placeholders filled from the policy of
 * the household's region for this year. The same client key again records nothing more.
 */
export async function openExplainer(
  deps: Deps, actor: Actor, householdId: string, versionId: string, clientKey: string, now: Date,
): Promise<OpenExplainerResponse> {
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const h = assertCanSee(actor, await findHousehold(tx, 'id', householdId), OPENERS);
    const v = (await findCurrentVersions(tx, h.area_path, today)).find((c) => c.id === versionId);
    if (!v) throw new AppError('EXPLAINER.NOT_FOUND');
    const earlier = await findOpenByKey(tx, actor.userId, clientKey);
    if (earlier && (earlier.household_id !== h.id || earlier.explainer_version_id !== v.id)) {
      throw new AppError('EXPLAINER.KEY_REUSED');
    }
    if (!earlier) {
      await insertOpen(tx, {
        explainerId: v.explainer_id, versionId: v.id, householdId: h.id, userId: actor.userId, role: actor.role, clientKey,
      }, now);
    }
    const year = Number(today.slice(0, 4));
    const values = placeholderValues(await findPolicy(tx, h.area_path, year), year);
    return { explainer: { ...summaryOf(v, true), html: fillPlaceholders((await getVersionHtml(tx, v.id))!, values) } };
  });
}
