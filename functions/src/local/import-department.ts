import fs from 'node:fs';
import path from 'node:path';
import { DepartmentDataKindSchema, type DepartmentDataKind } from '@shared/contracts/department-imports';
import { DEPARTMENT_DATA_KINDS, DEPARTMENT_DATA_KIND_LIST } from '@shared/domain/department-data';
import { AppError } from '@shared/domain/errors';
import { assertMayImport, importDepartmentData } from '../app/department-imports';
import { createDeps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { findUserBy } from '../store/users';

/**
 * `npm run import:department -- --kind <kind> <file.xlsx|file.csv> [--as <username>] [--errors <n>]`: matches a
 * department's file against the registry of the configured database (DATA_DIR / DATABASE_URL) and raises its clues,
 * printing progress, the summary, the first errors and unmatched rows. The clues are the importer's: --as names a
 * county administrator or the department's own account; without it, the kind's department account is used when
 * there is exactly one. Exit code 0 when the file was read (even with bad rows), 1 when it was refused.
 */
function usage(): never {
  console.error(`用法: npm run import:department -- --kind <类型> <文件.xlsx|文件.csv> [--as <用户名>] [--errors <显示条数，默认 50>]
类型: ${DEPARTMENT_DATA_KIND_LIST.map((k) => `${k}（${DEPARTMENT_DATA_KINDS[k].department}·${DEPARTMENT_DATA_KINDS[k].label}）`).join('、')}`);
  process.exit(1);
}

function parseArgs(argv: string[]) {
  let file: string | undefined;
  let as: string | undefined;
  let kind: string | undefined;
  let shown = 50;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as') as = argv[++i] ?? usage();
    else if (argv[i] === '--kind') kind = argv[++i] ?? usage();
    else if (argv[i] === '--errors') shown = Number(argv[++i] ?? usage());
    else if (!file) file = argv[i];
    else usage();
  }
  const parsed = DepartmentDataKindSchema.safeParse(kind);
  if (!file || !parsed.success || !Number.isInteger(shown) || shown < 0) usage();
  return { file, as, kind: parsed.data, shown };
}

/** The importing account: --as, or the one account of the kind's department. */
async function importer(sql: Sql, kind: DepartmentDataKind, as: string | undefined): Promise<Actor | string> {
  let username = as;
  if (!username) {
    const department = DEPARTMENT_DATA_KINDS[kind].department;
    const accounts = await sql.query<{ username: string }>(
      `select username from users where role = 'department_user' and department = $1 and username is not null`, [department],
    );
    if (accounts.length !== 1) return `请用 --as 指定导入人（县乡村振兴局或${department}的账号）：风险线索要记录是谁报告的`;
    username = accounts[0].username;
    console.log(`导入人：${username}（${department}）`);
  }
  const user = await findUserBy(sql, 'username', username);
  if (!user) return `没有用户名为 ${username} 的账号`;
  return { userId: user.id, role: user.role, areaId: user.area_id, areaPath: user.area_path, householdId: null };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.file)) {
    console.error(`找不到文件：${args.file}`);
    return 1;
  }
  const deps = await createDeps();
  try {
    const actor = await importer(deps.db, args.kind, args.as);
    if (typeof actor === 'string') {
      console.error(actor);
      return 1;
    }
    await assertMayImport(deps.db, actor, args.kind);
    const started = Date.now();
    const secs = () => ((Date.now() - started) / 1000).toFixed(1);
    let lastPrint = 0;
    const job = await importDepartmentData(deps, {
      fileName: path.basename(args.file), bytesTotal: fs.statSync(args.file).size, open: () => fs.createReadStream(args.file),
      path: args.file,
    }, {
      kind: args.kind,
      importer: actor,
      now: deps.clock.now(),
      onProgress(p) {
        const t = Date.now();
        if (p.phase !== 'matching' && t - lastPrint < 1000) return;
        lastPrint = t;
        if (p.phase === 'reading') {
          console.log(`[${secs()} s] 已读取 ${p.rowsRead} 行，其中 ${p.rowsRejected} 行有误（已读 ${Math.round((p.bytesRead / Math.max(1, p.bytesTotal)) * 100)}% 的文件）`);
        } else if (p.phase === 'matching') {
          console.log(`[${secs()} s] 读取完毕：${p.rowsRead} 行。正在按身份证号比对户籍信息……`);
        } else {
          console.log(p.householdsDone === undefined
            ? `[${secs()} s] 比对完毕，正在按预警规则筛查……`
            : `[${secs()} s] 正在筛查：已看过 ${p.householdsDone} 户，生成线索 ${p.cluesCreated ?? 0} 条`);
        }
      },
    });
    console.log(`[${secs()} s] ${job.message ?? ''}`);
    console.log(`导入任务 ${job.id}（${job.department}·${job.kindLabel}）`);
    for (const r of job.hitsByRule) console.log(`  规则「${r.label}」：${r.hits} 次`);
    if (job.errorsTotal) console.log(`有误的行（共 ${job.errorsTotal} 条问题）：`);
    for (const e of job.errors.slice(0, args.shown)) console.log(`  第 ${e.row} 行  ${e.column ?? '整行'}：${e.reason}`);
    if (job.unmatchedTotal) console.log(`未比对到的行（共 ${job.unmatchedTotal} 行，可能是户籍中没有的人）：`);
    for (const u of job.unmatched.slice(0, args.shown)) console.log(`  第 ${u.row} 行  ${u.name}  ${u.idMasked}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`文件未导入：${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await deps.db.close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
