import { qrPng } from '../../functions/src/adapters/qr-png';
import { signInAs, useJourney } from '../support/browser';

/**
 * 政策明白纸 and 知晓率 on the phone: the county admin writes an explainer in the editor (headings, a list, the monitoring
 * line and the time limit as policy placeholders, an image) with three questions (two 关键题) and publishes it; the
 * dashboard shows 红星村 at 0%; the farmer sees it 未读 on the household page, opens it (the line filled in from the
 * policy), takes the quiz — each answer checked at once with the right answer and why, one answered wrong on purpose —
 * and scores 2 of 3 with both key questions right; the dashboard then shows 红星村 at 1 household of 50, and the
 * farmer's household is off its list of households not yet reached. Then the grid member runs the quiz on a visit
 * with another member while the phone is offline: the answers are kept on the phone and go in one request once it is
 * back online. Screenshots 84–89.
 */
const journey = useJourney();

test('the county publishes an explainer with a quiz; the farmer reads it and takes the quiz; the village\'s rate goes up', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const [farmer] = await app.deps.db.query<{ household_id: string }>(`select household_id from users where username = 'farmer'`);
  const [{ n: villageHouseholds }] = await app.deps.db.query<{ n: number }>(
    `select count(*)::int as n from households h join areas a on a.id = h.area_id where a.parent_id = 'qh-al-hx'`,
  );
  /** Taro H5 slides a new page in: wait until it is in place and nothing moves before reading or photographing. */
  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 40
      && document.getAnimations().every((a) => a.playState !== 'running'),
    selector,
  );
  const fill = (selector: string, value: string) => page.locator(selector).fill(value);
  /** A full-length screenshot from the top of the page (Taro H5 scrolls inside its own elements). */
  const shotFromTop = async (name: string) => {
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      for (const e of Array.from(document.querySelectorAll('*'))) if (e.scrollTop) e.scrollTop = 0;
    });
    await shot(name);
  };
  /** Types at the end of the explainer's text (after a helper button put something there). */
  const typeAtEnd = async (text: string) => {
    const source = page.locator('#form-source textarea');
    await source.focus();
    await source.press('Control+End');
    await source.pressSequentially(text);
  };
  /** The dashboard (opened by the link `via`) at 安乐镇, its villages; 红星村's rate as the page shows it. */
  const villageRate = async (via: string) => {
    await page.locator(via).click();
    await page.locator('#awareness-child-qh-al').click();
    await page.locator('#awareness-area[data-area-id="qh-al"]').waitFor();
    const row = page.locator('#awareness-child-qh-al-hx');
    return { rate: Number(await row.getAttribute('data-rate')), text: await row.locator('.awareness__row-rate').innerText(), row };
  };

  // ── 县乡村振兴局: write and publish the explainer ─────────────────────────────────────────────────────────
  await signInAs(page, app.baseUrl, 'county');
  await page.locator('#import-explainers').click();
  await page.locator('#explainers-none').waitFor();
  await page.locator('#explainers-new').click();
  await page.locator('#explainer-form').waitFor();
  await page.locator('#form-topic-declaration').click();
  await fill('#form-title input', '家里遇到困难，怎样申报');
  await expect(page.locator('#form-area').innerText()).resolves.toContain('全县（清河县）');
  await expect(page.locator('#form-valid-to').innerText()).resolves.toBe('长期有效');
  await fill('#form-source textarea', [
    '家里遇到下面这些情况，可以申报，村里会帮您想办法。',
    '## 哪些情况可以申报',
    '- 家里有人得了大病、重病，看病花钱多',
    '- 遭了灾，房子或庄稼受了损失',
    '- 家里有人没了工作，收入突然少了很多',
    '- 家里人均年收入低于',
  ].join('\n'));
  await page.locator('#form-insert-监测线').click(); // reads "7300元" for a household of a region with that line
  await typeAtEnd('\n\n## 怎样申报\n1. 在“我家信息”里点**一键申报**\n2. 也可以告诉网格员或村干部\n\n申报以后，村里会在');
  await page.locator('#form-insert-认定时限').click();
  await typeAtEnd('内办完认定。扫下面的码，也能申报：');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#form-insert-image').click()]);
  await chooser.setFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng('清河县防返贫监测小程序', { width: 240 }) });
  await page.waitForFunction(() => /!\[图片\]\(file:[^)]+\)/.test(document.querySelector<HTMLTextAreaElement>('#form-source textarea')?.value ?? ''));

  const questions = [
    { kind: 'single', stem: '家里遇到哪种情况，可以申报？', options: ['家里有人得了大病，看病花了很多钱', '家里买了新电视', '孩子考上了大学'], answer: 0,
      explanation: '大病、受灾、失业等，让家里收入突然减少或开支突然增加的，都可以申报。', key: true },
    { kind: 'true_false', stem: '只有村干部上门来问，农户才能申报，自己不能申报。', options: [], answer: 1,
      explanation: '不对。农户可以自己在小程序上一键申报，也可以找网格员、村干部。', key: true },
    { kind: 'single', stem: '申报以后，谁会到家里来核实情况？', options: ['网格员', '快递员', '没有人来'], answer: 0,
      explanation: '申报以后，网格员会到家里来，核实收入和遇到的困难。', key: false },
  ];
  for (const [i, q] of questions.entries()) {
    await page.locator(q.kind === 'single' ? '#form-add-single' : '#form-add-true-false').click();
    await fill(`#question-${i}-stem textarea`, q.stem);
    for (const [j, option] of q.options.entries()) await fill(`#question-${i}-option-${j} input`, option);
    // single choice starts with three empty options: all three are filled here
    await page.locator(`#question-${i}-answer-${q.answer}`).click();
    await fill(`#question-${i}-explanation textarea`, q.explanation);
    if (q.key) await page.locator(`#question-${i}-key`).click();
  }
  await shotFromTop('84-county-explainer-editor');

  await page.locator('#form-publish').click();
  await page.locator('#explainer-published').waitFor();
  await expect(page.locator('#explainer-published').innerText()).resolves.toContain('第 1 版');
  await page.locator('#explainer-html img').waitFor(); // the rich text is drawn after the page
  const preview = await page.locator('#explainer-html').innerText();
  expect(preview).toContain('哪些情况可以申报');
  expect(preview).toContain('【监测线】'); // the county sees the placeholder; each household reads its own figure
  await expect(page.locator('#explainer-html img').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
  await expect(page.locator('.explainers__question').count()).resolves.toBe(3);
  await shotFromTop('85-county-explainer-published');
  const [version] = await app.deps.db.query<{ id: string; explainer_id: string }>('select id, explainer_id from explainer_versions');

  await page.locator('#explainer-back').click();
  await page.locator(`#explainers-${version.explainer_id}`).waitFor();
  await expect(page.locator(`#version-${version.id}`).innerText()).resolves.toContain('现行');
  const before = await villageRate('#explainers-awareness');
  expect(before.rate).toBe(0);
  expect(before.text).toBe('0%');
  await expect(before.row.getAttribute('data-flagged')).resolves.toBe('yes');
  await before.row.click(); // 红星村: its groups and the households not yet reached
  await page.locator(`#unreached-${farmer.household_id}`).waitFor();

  // ── 农户: the household page, the explainer, the quiz ────────────────────────────────────────────────────
  await signInAs(page, app.baseUrl, 'farmer');
  const item = page.locator(`#explainer-${version.explainer_id}`);
  await expect(item.getAttribute('data-read')).resolves.toBe('no');
  await page.locator('#explainers-quiz').waitFor();
  await shotFromTop('86-farmer-household-explainers');

  await item.click();
  await page.locator('#explainer-body img').waitFor();
  await settled('#explainer');
  const body = await page.locator('#explainer-body').innerText();
  expect(body).toContain('哪些情况可以申报');
  expect(body).not.toContain('{{');
  expect(body).toMatch(/人均年收入低于\d+元\n/); // the monitoring line of the household's region, this year
  expect(body).toMatch(/会在\d+(天|个工作日)内办完认定/);
  await expect(page.locator('#explainer-body .rt-h2').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize)))
    .resolves.toBeGreaterThanOrEqual(24); // large type: headings at 26 CSS px on a 390-px-wide phone
  await shotFromTop('87-farmer-explainer');
  const opens = await app.deps.db.query<{ role: string }>('select role from explainer_opens where household_id = $1', [farmer.household_id]);
  expect(opens.map((o) => o.role)).toEqual(['farmer']);

  await page.locator('#explainer-quiz').click();
  await page.locator('#quiz-choose').waitFor();
  await page.locator('[id^="quiz-member-"]').first().click();
  await page.locator('#quiz-start').click();
  const asked: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.locator('#quiz-progress', { hasText: `第 ${i + 1} 题 / 共 3 题` }).waitFor();
    const questionId = (await page.locator('#quiz-question').getAttribute('data-question-id'))!;
    const feedback = page.locator(`#quiz-question[data-question-id="${questionId}"] #quiz-feedback`);
    const [q] = await app.deps.db.query<{ answer: number; key: boolean; stem: string; n: number }>(
      'select answer, key, stem, jsonb_array_length(options)::int as n from quiz_questions where id = $1', [questionId],
    );
    asked.push(q.stem);
    // the key questions right, the other one wrong on purpose
    const choice = q.key ? q.answer : (q.answer + 1) % q.n;
    await page.locator(`#quiz-option-${choice}`).click();
    await page.locator('#quiz-submit').click();
    await feedback.waitFor();
    const source = questions.find((s) => s.stem === q.stem)!;
    await expect(feedback.locator('#quiz-explanation').innerText()).resolves.toBe(source.explanation);
    if (q.key) {
      await expect(feedback.getAttribute('data-correct')).resolves.toBe('yes');
    } else {
      await expect(feedback.getAttribute('data-correct')).resolves.toBe('no');
      await expect(feedback.innerText()).resolves.toContain(`正确答案：A. ${source.options[0]}`);
      await shotFromTop('88-farmer-quiz-wrong-answer');
    }
    await page.locator('#quiz-next').click();
  }
  // key questions are drawn first
  expect(asked.slice(0, 2).sort()).toEqual([questions[0].stem, questions[1].stem].sort());
  await page.locator('#quiz-done').waitFor();
  await expect(page.locator('#quiz-score').innerText()).resolves.toBe('答对 2 题，共 3 题');
  await expect(page.locator('#quiz-knows').innerText()).resolves.toContain('怎样申报的题都答对了');
  await expect(page.locator('.quiz__review--wrong').innerText()).resolves.toContain(questions[2].explanation);
  await page.locator('#quiz-back').click();
  await page.locator(`#explainer-${version.explainer_id}[data-read="yes"]`).waitFor();

  // ── the dashboard again: 红星村 has one aware household of its 50 ─────────────────────────────────────────
  await signInAs(page, app.baseUrl, 'county');
  const after = await villageRate('#import-awareness'); // on the county's home
  expect(after.rate).toBeCloseTo(1 / villageHouseholds, 10);
  expect(after.text).toBe(`${Math.round((1000 / villageHouseholds)) / 10}%`);
  await expect(after.row.innerText()).resolves.toContain(`1/${villageHouseholds} 户`);
  await expect(after.row.getAttribute('data-flagged')).resolves.toBe('yes'); // still far below 95%
  await expect(page.locator(`#awareness-reach-${version.explainer_id}`).innerText()).resolves.toContain('已看过 1 户');
  await settled('#awareness-area');
  await shotFromTop('89-awareness-township');
  await after.row.click();
  await page.locator('#awareness-unreached').waitFor();
  await expect(page.locator(`#unreached-${farmer.household_id}`).count()).resolves.toBe(0);
  await expect(page.locator('#awareness-unreached .section-title').innerText()).resolves.toBe(`未覆盖的户（${villageHouseholds - 1}）`);

  // ── 网格员 on a visit: another member answers while the phone has no network; the answers go in one request later ──
  await signInAs(page, app.baseUrl, 'grid');
  await page.locator('#tasks-search').waitFor();
  await page.goto(`${app.baseUrl}/#/packages/staff/pages/household/index?id=${farmer.household_id}`);
  await page.locator('#sh-section-explainers #explainers-quiz').click();
  await page.locator('[id^="quiz-member-"]').nth(1).click();
  await page.locator('#quiz-start').click();
  await page.locator('#quiz-question').waitFor();
  await page.context().setOffline(true);
  for (let i = 0; i < 3; i++) {
    await page.locator('#quiz-progress', { hasText: `第 ${i + 1} 题 / 共 3 题` }).waitFor();
    await page.locator('#quiz-option-0').click();
    await page.locator('#quiz-submit').click();
    await page.locator('#quiz-kept').waitFor(); // no feedback without the server: the answer is kept on the phone
    await page.locator('#quiz-next').click();
  }
  await expect(page.locator('#quiz-pending').innerText()).resolves.toContain('还有 3 道题的答案存在手机上');
  const sent: number[] = [];
  page.on('request', (r) => { if (/\/api\/quizzes\/[^/]+\/answers$/.test(r.url())) sent.push(r.postDataJSON().answers.length); });
  await page.context().setOffline(false);
  await page.locator('#quiz-upload').click();
  await page.locator('#quiz-score', { hasText: '共 3 题' }).waitFor();
  expect(sent).toEqual([3]);
  const [visit] = await app.deps.db.query<{ mode: string; total: number; answers: number }>(
    `select a.mode, a.total, (select count(*)::int from quiz_answers q where q.attempt_id = a.id) as answers
       from quiz_attempts a where a.household_id = $1 and a.completed_at is not null and a.mode = 'visit'`, [farmer.household_id],
  );
  expect(visit).toEqual({ mode: 'visit', total: 3, answers: 3 });
  await expect(page.evaluate(() => localStorage.getItem('quiz-pending-answers'))).resolves.not.toContain('questionId');

  // ── the county's next version: the editor starts from the published one; both versions stay listed ───────
  await signInAs(page, app.baseUrl, 'county');
  await page.locator('#import-explainers').click();
  await page.locator(`#explainers-next-${version.explainer_id}`).click();
  await expect(page.locator('#form-title input').inputValue()).resolves.toBe('家里遇到困难，怎样申报');
  await expect(page.locator('#form-source textarea').inputValue()).resolves.toContain('{{认定时限}}');
  await expect(page.locator('[id^="question-"][id$="-key"].checkbox--checked').count()).resolves.toBe(2);
  await fill('#form-title input', '家里遇到困难，怎样申报（2027年版）');
  await page.locator('#form-publish').click();
  await expect(page.locator('#explainer-published').innerText()).resolves.toContain('第 2 版');
  await page.locator('#explainer-back').click();
  await page.locator(`#version-${version.id}`, { hasText: '已被新版本替代' }).waitFor();
  await expect(page.locator(`#explainers-${version.explainer_id} .explainers__version`).count()).resolves.toBe(2);
  expect(phone.errors).toEqual([]);
}, 180_000);
