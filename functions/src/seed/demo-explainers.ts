import { PublishExplainerRequestSchema, type PublishExplainerRequest } from '@shared/contracts/awareness';
import { chinaDate } from '@shared/domain/dates';
import { publishExplainer } from '../app/explainers';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';

type DemoExplainer = Omit<PublishExplainerRequest, 'areaId' | 'validFrom' | 'validTo'>;

/**
 * The two 政策明白纸 every household must get (DOMAIN: how to declare, and the main assistance policies), with their
 * quiz questions: the three of 怎样申报 ask the declaration conditions and are the key questions the awareness rate
 * counts. The monitoring line and the time limits are placeholders, filled from the reader's region's policy.
 */
export const DEMO_EXPLAINERS: DemoExplainer[] = [
  {
    clientKey: 'demo-explainer-declaration',
    topic: 'declaration',
    title: '防返贫监测：怎样申报',
    source: `## 哪些家庭可以申报
有下面任何一种情况，脱贫户和一般农户都可以申报防返贫监测：

- **收入低**：家庭年人均纯收入低于{{年度}}年防贫监测线{{监测线}}；
- **“两不愁三保障”或饮水安全有问题**：吃饭穿衣、孩子义务教育、基本医疗、住房安全、安全饮水有困难，自己解决不了；
- **突发严重困难**：因病、因残、因灾、因意外事故等，看病、上学等刚性支出明显超过家庭收入，或者收入大幅减少，基本生活出现严重困难。

## 怎样申报
1. **手机一键申报**：用微信扫自家门牌上的“一户一码”，在本户页面点“一键申报”，选好困难类型，简单说明情况；
2. **打电话**：拨打防返贫监测帮扶热线 12317，或者告诉村干部、网格员；
3. **当面说**：到村委会反映，或者在网格员入户走访时直接说。

不会用手机的，村干部、网格员可以帮您登记。

## 申报以后怎么办
网格员入户核实（请签字授权核查家庭资产）→ 村里民主评议 → 村内公示不少于{{公示天数}} → 乡镇审核 → 县里审定。从发现困难到认定不超过{{认定时限}}。

纳入监测的，{{帮扶计划时限}}内制定帮扶计划；不纳入的，村里会告诉您原因。

> 申报不收任何费用。如实申报，困难早发现、早帮扶。`,
    questions: [
      {
        kind: 'true_false', key: true, answer: 0,
        stem: '家庭年人均纯收入低于当地防贫监测线的，可以申报防返贫监测。',
        explanation: '对。收入低于当地的防贫监测线，是可以申报的条件之一。监测线每年由省里或县里公布，明白纸上写的就是本地今年的标准。',
      },
      {
        kind: 'single', key: true, answer: 1,
        stem: '家里有人突然得了大病，自付医疗费很多，基本生活很困难，但家庭收入高于监测线，能不能申报？',
        options: ['不能，收入高于监测线就不能申报', '能，突发严重困难也可以申报', '只有脱贫户才能申报'],
        explanation: '能。因病、因灾、因意外等刚性支出明显超过收入，基本生活出现严重困难的，即使收入高于监测线，也可以申报，作为突发严重困难户认定。',
      },
      {
        kind: 'single', key: true, answer: 0,
        stem: '下面哪种情况属于“两不愁三保障”和饮水安全的问题，可以申报？',
        options: ['住房成了危房，自己没钱修', '想换一台新电视', '孩子想去城里上私立学校'],
        explanation: '吃饭穿衣、义务教育、基本医疗、住房安全、安全饮水有困难，自己解决不了的，可以申报。住房成了危房属于住房安全问题。',
      },
    ],
  },
  {
    clientKey: 'demo-explainer-assistance',
    topic: 'assistance',
    title: '防返贫监测：主要帮扶政策',
    source: `## 纳入监测以后
- 认定后{{帮扶计划时限}}内制定帮扶计划，一户一方案、一人一措施，每项措施都有负责的部门或责任人和完成时间；
- 帮扶责任人每月入户走访，了解收入和困难的变化。

## 按劳动能力帮扶
- **有劳动能力的**：发展产业，就业帮扶（招聘会、公益性岗位），技能培训；
- **弱劳动力、半劳动力的**：落实保障的同时，发展庭院产业，到帮扶车间或家门口的公益性岗位就业；
- **全家都没有劳动能力的**：低保、特困供养、医疗救助、养老保险等综合保障兜底。

还有教育资助、危房改造、饮水安全工程，以及企业和社会爱心人士的社会帮扶。

## 风险消除
收入稳定高于监测线、“三保障”和饮水安全有保障、原来的风险已经消除、也没有新风险的，一般经过至少一年的帮扶，按入户核实、民主评议、公示、乡镇审核、县级审定的程序标注风险消除。
全家没有劳动能力、靠兜底保障生活的，不标注风险消除，继续监测帮扶。`,
    questions: [
      {
        kind: 'single', key: false, answer: 0,
        stem: '纳入监测以后，帮扶计划是怎样定的？',
        options: ['一户一方案、一人一措施', '全村发一样的物资', '不定计划，等农户自己申请'],
        explanation: '帮扶计划一户一方案、一人一措施，每项措施都有负责的部门或责任人和完成时间。',
      },
      {
        kind: 'true_false', key: false, answer: 0,
        stem: '全家都没有劳动能力的，主要靠低保、特困供养、医疗救助等综合保障兜底。',
        explanation: '对。全家没有劳动能力的，以低保、特困供养、医疗救助、养老保险等综合保障兜底，并且继续监测帮扶。',
      },
      {
        kind: 'true_false', key: false, answer: 1,
        stem: '纳入监测满一个月，不管收入怎么样，都会自动标注风险消除。',
        explanation: '错。收入稳定高于监测线、“三保障”和饮水安全有保障、风险已经消除，一般帮扶至少一年，并经过入户核实、民主评议、公示、审核审定，才能标注风险消除。',
      },
    ],
  },
];

/**
 * Publishes the demo explainers for the whole demo county, from 1 January of `now`'s year, through the same use case
 * the county's page calls (as the county admin), so they are sanitised and stored exactly as published ones. Safe to
 * run again: the same client keys answer with the first versions. Returns how many were published or replayed.
 */
export async function seedDemoExplainers(deps: Deps, now: Date): Promise<number> {
  const [admin] = await deps.db.query<{ id: string; area_id: string; path: string }>(
    `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id
      where u.role = 'county_admin' and a.level = 'county' order by u.username limit 1`,
  );
  if (!admin) throw new Error('no county admin to publish the demo explainers');
  const actor: Actor = { userId: admin.id, role: 'county_admin', areaId: admin.area_id, areaPath: admin.path, householdId: null };
  const validFrom = `${chinaDate(now).slice(0, 4)}-01-01`;
  for (const e of DEMO_EXPLAINERS) {
    const req = PublishExplainerRequestSchema.parse({ ...e, areaId: admin.area_id, validFrom, validTo: null });
    await publishExplainer(deps, actor, req, now);
  }
  return DEMO_EXPLAINERS.length;
}
