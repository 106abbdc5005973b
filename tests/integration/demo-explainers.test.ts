import { PublishExplainerRequestSchema } from '@shared/contracts/awareness';
import { DEMO_EXPLAINERS, seedDemoExplainers } from '../../functions/src/seed/demo-explainers';
import { startApp, type TestApp } from '../support/app';

/** `npm start` publishes the two explainers every household must get, through the publish use case, with their quizzes. */
let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

test('the demo explainers are valid requests by the contract (lengths, every answer among its options)', () => {
  for (const e of DEMO_EXPLAINERS) {
    expect(() => PublishExplainerRequestSchema.parse({ ...e, areaId: 'qh', validFrom: '2026-01-01', validTo: null })).not.toThrow();
  }
});

test('怎样申报 with 3 key questions and 帮扶政策 with 3 others reach every household of the county, figures filled', async () => {
  expect(await seedDemoExplainers(app.deps, app.clock.now())).toBe(2);
  // seeding again replays the same client keys: nothing more is stored
  expect(await seedDemoExplainers(app.deps, app.clock.now())).toBe(2);
  const rows = await app.deps.db.query<{ topic: string; version: number; area_id: string; valid_from: string; keys: boolean[] }>(
    `select v.topic, v.version, v.area_id, v.valid_from, array(select q.key from quiz_questions q where q.explainer_version_id = v.id order by q.position) as keys
       from explainer_versions v order by v.topic desc`,
  );
  expect(rows).toEqual([
    { topic: 'declaration', version: 1, area_id: 'qh', valid_from: '2026-01-01', keys: [true, true, true] },
    { topic: 'assistance', version: 1, area_id: 'qh', valid_from: '2026-01-01', keys: [false, false, false] },
  ]);

  const { token, user } = await app.login('farmer');
  const list = await app.request('GET', `/api/households/${user.householdId}/explainers`, { token });
  expect(list.body.explainers.map((e: any) => [e.topicLabel, e.questionCount])).toEqual([['怎样申报', 3], ['帮扶政策', 3]]);
  expect(list.body.questionCount).toBe(6);
  for (const e of list.body.explainers) {
    const opened = await app.request('POST', `/api/households/${user.householdId}/explainers/${e.id}/open`, {
      token, body: { clientKey: `demo-open-${e.topic}` },
    });
    expect(opened.status).toBe(200);
    expect(opened.body.explainer.html).not.toContain('{{');
    expect(opened.body.explainer.html).toContain('<h2>');
  }
  const declaration = await app.request('POST', `/api/households/${user.householdId}/explainers/${list.body.explainers[0].id}/open`, {
    token, body: { clientKey: 'demo-open-declaration' },
  });
  expect(declaration.body.explainer.html).toContain('低于2026年防贫监测线7300元');
  expect(declaration.body.explainer.html).toContain('不少于5天');
  expect(declaration.body.explainer.html).toContain('不超过15天');
  expect(declaration.body.explainer.html).toContain('10天内制定帮扶计划');
});
