import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@shared/domain/errors';
import { importHouseholds, type Importer } from '../app/imports';
import { createDeps } from '../deps';
import { findUserBy } from '../store/users';

/**
 * `npm run import:households -- <file.xlsx|file.csv> [--as <username>] [--errors <n>]`: imports households and
 * members into the configured database (DATA_DIR / DATABASE_URL), printing progress, the summary and the first
 * errors. Exit code 0 when the file was read (even with bad rows), 1 when it was refused or could not be imported.
 * Without --as the import is not limited to an area and the job names no user.
 */
function usage(): never {
  console.error('用法: npm run import:households -- <文件.xlsx|文件.csv> [--as <用户名>] [--errors <显示的错误条数，默认 50>]');
  process.exit(1);
}

function parseArgs(argv: string[]) {
  let file: string | undefined;
  let as: string | undefined;
  let shown = 50;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as') as = argv[++i] ?? usage();
    else if (argv[i] === '--errors') shown = Number(argv[++i] ?? usage());
    else if (!file) file = argv[i];
    else usage();
  }
  if (!file || !Number.isInteger(shown) || shown < 0) usage();
  return { file, as, shown };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.file)) {
    console.error(`找不到文件：${args.file}`);
    return 1;
  }
  const deps = await createDeps();
  try {
    let importer: Importer = { userId: null, role: null, areaPath: null };
    if (args.as) {
      const user = await findUserBy(deps.db, 'username', args.as);
      if (!user || user.role !== 'county_admin' || !user.area_path) {
        console.error(`没有用户名为 ${args.as} 的县乡村振兴局账号`);
        return 1;
      }
      importer = { userId: user.id, role: user.role, areaPath: user.area_path };
    }
    const started = Date.now();
    const bytesTotal = fs.statSync(args.file).size;
    let lastPrint = 0;
    const job = await importHouseholds(deps, {
      fileName: path.basename(args.file), bytesTotal, open: () => fs.createReadStream(args.file),
    }, {
      importer,
      now: deps.clock.now(),
      onProgress(p) {
        const t = Date.now();
        if (p.phase === 'reading' && t - lastPrint < 1000) return;
        lastPrint = t;
        const secs = ((t - started) / 1000).toFixed(1);
        console.log(p.phase === 'reading'
          ? `[${secs} s] 已读取 ${p.rowsRead} 行，其中 ${p.rowsRejected} 行有误（已读 ${Math.round((p.bytesRead / Math.max(1, p.bytesTotal)) * 100)}% 的文件）`
          : `[${secs} s] 读取完毕：${p.rowsRead} 行。正在核对重复证件号码、村组和户主，并写入……`);
      },
    });
    console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${job.message ?? ''}`);
    console.log(`导入任务 ${job.id}：有误 ${job.rowsRejected} 行，错误 ${job.errorsTotal} 条。`);
    for (const e of job.errors.slice(0, args.shown)) console.log(`  第 ${e.row} 行  ${e.column ?? '整行'}：${e.reason}`);
    if (job.errorsTotal > Math.min(args.shown, job.errors.length)) {
      console.log(`  ……其余 ${job.errorsTotal - Math.min(args.shown, job.errors.length)} 条见导入任务（import_errors 表）`);
    }
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
