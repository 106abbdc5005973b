/**
 * The 知晓率 dashboard (issue 7) over a county of 250,000 households (1,000,000 members) on a fresh embedded database,
 * in a child process (bench/awareness-child.ts). No target is set by the issue; the baseline is the least any such
 * figure costs: the county's households counted by township in one plain query. BENCH_AWARENESS_MEMBERS sets the size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AwarenessResult } from './awareness-child';
import { forkChild } from './child';
import { formatNumber, median, type Benchmark } from './types';

async function runChild(root: string, members: number, rounds: number): Promise<AwarenessResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-awareness-db-'));
  try {
    return await forkChild<AwarenessResult>(root, 'awareness-child.ts', [dataDir, String(members), String(rounds)]);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (values: number[]) => `${formatNumber(median(values))} ms`;

export const awarenessBenchmark: Benchmark = {
  name: 'awareness',
  async run(ctx) {
    const members = Number(process.env.BENCH_AWARENESS_MEMBERS ?? 1_000_000);
    if (!Number.isInteger(members) || members < 1000) throw new Error('BENCH_AWARENESS_MEMBERS must be an integer of at least 1,000');
    const rounds = Math.max(3, ctx.rounds);
    const r = await runChild(ctx.root, members, rounds);
    const [county, township, village] = r.runs;
    const size = `${formatNumber(r.households)} households`;
    console.log(`  made in ${r.madeSeconds.toFixed(0)} s; ${r.runs.map((x) => `${x.label} ${x.ms.map((v) => v.toFixed(0)).join(', ')} ms`).join('; ')}; ` +
      `baseline ${r.baselineMs.map((v) => v.toFixed(0)).join(', ')} ms`);
    return {
      rows: [
        { measure: `知晓率 dashboard, a county of ${size} — the county with its townships`, ours: ms(county.ms), baseline: ms(r.baselineMs),
          ratio: `${(median(county.ms) / median(r.baselineMs)).toFixed(1)}×` },
        { measure: `知晓率 dashboard, a county of ${size} — its largest township (${formatNumber(township.households)} households) with its villages`,
          ours: ms(township.ms), baseline: '—', ratio: '—' },
        { measure: `知晓率 dashboard, a county of ${size} — a village's households not reached or not aware (${formatNumber(village.households)} listed)`,
          ours: ms(village.ms), baseline: '—', ratio: '—' },
      ],
      notes: [
        `知晓率 dashboard (issue 7): \`awareness\` and \`unreachedHouseholds\` (functions/src/app/quizzes.ts) as the county admin, on a fresh ` +
        `embedded database of the demo county grown to ${size} and ${formatNumber(r.members)} members (the department benchmark's registry), ` +
        `the demo's two explainers, ${formatNumber(r.attempts)} completed quizzes (the head of 85 % of households, a third of them a retake; ` +
        `9 in 10 knew the declaration conditions) and ${formatNumber(r.openings)} openings (90 % of households, both explainers); made in ` +
        `${r.madeSeconds.toFixed(0)} s, not timed. Median of ${rounds} calls each (county ${county.ms.map((v) => v.toFixed(0)).join(', ')} ms: ` +
        `${formatNumber(county.aware)} of ${formatNumber(county.households)} households aware). Baseline: the county's households counted by ` +
        `township in one plain query (${r.baselineMs.map((v) => v.toFixed(0)).join(', ')} ms). No target is set by the issue.`,
      ],
      raw: r,
    };
  },
};
