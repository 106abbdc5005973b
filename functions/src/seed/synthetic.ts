import { idCheckChar } from '@shared/domain/id-number';

/** A small seeded PRNG (mulberry32) so the demo county is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const GIVEN_FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export function chineseName(r: Rng, gender: 'male' | 'female', surname = r.pick(Array.from(SURNAMES))): string {
  const pool = Array.from(gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
  return surname + r.pick(pool) + (r.chance(0.75) ? r.pick(pool) : '');
}

/**
 * A synthetic resident ID: region code, birth date, a sequence whose last digit carries the gender, and the
 * GB 11643 check character. `taken` keeps them unique.
 */
export function syntheticIdNumber(r: Rng, region: string, birth: string, gender: 'male' | 'female', taken: Set<string>): string {
  for (let attempt = 0; attempt < 5000; attempt++) {
    let seq = r.int(0, 999);
    if ((seq % 2 === 1) !== (gender === 'male')) seq = (seq + 1) % 1000;
    const first17 = region + birth.replaceAll('-', '') + String(seq).padStart(3, '0');
    const id = first17 + idCheckChar(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  throw new Error(`no free ID number left for ${region} ${birth} ${gender}`);
}

export function birthDate(r: Rng, ageYears: number, todayYear: number): string {
  const y = todayYear - ageYears;
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function mobile(r: Rng): string {
  return r.pick(['135', '138', '139', '150', '152', '158', '177', '180', '186', '189']) + String(r.int(0, 99999999)).padStart(8, '0');
}
