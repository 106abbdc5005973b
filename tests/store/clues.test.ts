import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { RetryableConflict, writeClues, type ClueToWrite } from '../../functions/src/app/clues';
import { findHouseholds } from '../../functions/src/store/households';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';

/**
 * writeClues, the batched clue writer the department import uses (and writeClue, through it, every other channel):
 * many clues in one go come out as the same clues written one by one would — one case per household, a household's
 * later clue joining the case its earlier one opened, one 入户核实 task and one message per opened case, each clue's
 * events on its own case's timeline in order.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-clues-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(databaseAdapters('clues'))('writeClues on %s', (kind, open) => {
  let db: Db;
  const clock = new TestClock();
  let importer: Actor;

  beforeAll(async () => {
    ({ db } = await open());
    const deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    const [u] = await db.query<{ id: string; area_id: string; path: string }>(
      `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = 'dept-medical'`);
    importer = { userId: u.id, role: 'department_user', areaId: u.area_id, areaPath: u.path, householdId: null };
  });
  afterAll(() => db.close());

  async function householdsWithoutCase(n: number) {
    const rows = await db.query<{ id: string }>(
      `select h.id from households h where h.area_id = 'qh-sq-sq-1' and not exists (select 1 from cases c where c.household_id = h.id)
        order by h.number limit $1`, [n]);
    return findHouseholds(db, rows.map((r) => r.id));
  }
  const clue = (household: ClueToWrite['household'], key: string, foundOn: string): ClueToWrite => ({
    household,
    clue: { channel: 'department_alert', riskTypes: ['illness'], description: `医保自付 ${key}`, foundOn, consentAt: null, department: '医保局' },
    key: { clientKey: `test:${kind}:${key}`, hash: key },
  });

  test('two households, one with an open case; one household twice: its second clue joins the case its first opened', async () => {
    const [a, b] = await householdsWithoutCase(2);
    // b has an open case already, opened by a clue of its own
    const [first] = await db.transaction((tx) => writeClues(tx, importer, [clue(b, 'b0', '2026-11-10')], clock.now()));
    expect(first.openedCase).toBe(true);

    const written = await db.transaction((tx) => writeClues(tx, importer, [
      clue(a, 'a1', '2026-11-12'), clue(b, 'b1', '2026-11-08'), clue(a, 'a2', '2026-11-11'),
    ], clock.now()));
    expect(written.map((w) => w.openedCase)).toEqual([true, false, false]);
    expect(written[2].caseId).toBe(written[0].caseId);
    expect(written[1].caseId).toBe(first.caseId);
    // the earliest clue sets the identification clock, whichever came first in the batch
    expect(written[2].next.clueDate).toBe('2026-11-11');
    expect(written[1].next.clueDate).toBe('2026-11-08');
    // one task (and one message) for the case opened; none for the cases joined
    expect(written.map((w) => w.messages.length)).toEqual([1, 0, 0]);
    expect(written[0].messages[0]).toMatchObject({ kind: 'task.new', to: { role: 'grid_member', areaPath: a.area_path } });

    const cases = await db.query<{ household_id: string; clue_date: string; version: number; clues: number; tasks: number }>(
      `select c.household_id, c.clue_date, c.version, (select count(*)::int from clues k where k.case_id = c.id) as clues,
              (select count(*)::int from tasks t where t.case_id = c.id) as tasks
         from cases c where c.household_id = any($1::uuid[]) order by c.household_id`, [[a.id, b.id]]);
    expect(cases).toHaveLength(2);
    const byHousehold = new Map(cases.map((c) => [c.household_id, c]));
    expect(byHousehold.get(a.id)).toMatchObject({ clue_date: '2026-11-11', clues: 2, tasks: 1 });
    expect(byHousehold.get(b.id)).toMatchObject({ clue_date: '2026-11-08', clues: 2, tasks: 1, version: 2 });
    const events = await db.query<{ type: string; clue: string }>(
      `select e.type, k.client_key as clue from case_events e join clues k on k.id = (e.data->>'clueId')::uuid
        where e.case_id = $1 order by e.id`, [written[0].caseId]);
    expect(events.map((e) => `${e.type}:${e.clue.split(':').pop()}`)).toEqual(['case_opened:a1', 'clue_added:a1', 'clue_added:a2']);
  });

  test('clues joining the open cases of several households in one batch: each case moved on once, its clock kept or moved back', async () => {
    const [e, f] = await householdsWithoutCase(2);
    const opened = await db.transaction((tx) => writeClues(tx, importer, [clue(e, 'e0', '2026-11-10'), clue(f, 'f0', '2026-11-10')], clock.now()));
    const joined = await db.transaction((tx) => writeClues(tx, importer, [clue(e, 'e1', '2026-11-09'), clue(f, 'f1', '2026-11-12')], clock.now()));
    expect(joined.map((w) => [w.caseId, w.openedCase, w.next.clueDate])).toEqual([
      [opened[0].caseId, false, '2026-11-09'], [opened[1].caseId, false, '2026-11-10'],
    ]);
    const cases = await db.query<{ id: string; clue_date: string; version: number }>(
      'select id, clue_date, version from cases where id = any($1::uuid[]) order by clue_date', [opened.map((w) => w.caseId)]);
    expect(cases).toEqual([
      { id: opened[0].caseId, clue_date: '2026-11-09', version: 2 }, { id: opened[1].caseId, clue_date: '2026-11-10', version: 2 },
    ]);
  });

  test('a key written before makes the batch throw RetryableConflict and leaves nothing of it', async () => {
    const [c, d] = await householdsWithoutCase(2);
    await db.transaction((tx) => writeClues(tx, importer, [clue(c, 'c1', '2026-11-12')], clock.now()));
    const [{ n: before }] = await db.query<{ n: number }>('select count(*)::int as n from clues');
    await expect(db.transaction((tx) => writeClues(tx, importer, [clue(d, 'd1', '2026-11-12'), clue(c, 'c1', '2026-11-12')], clock.now())))
      .rejects.toBeInstanceOf(RetryableConflict);
    const [{ n: after }] = await db.query<{ n: number }>('select count(*)::int as n from clues');
    expect(after).toBe(before);
    expect(await db.query('select 1 from cases where household_id = $1', [d.id])).toHaveLength(0);
  });
});
