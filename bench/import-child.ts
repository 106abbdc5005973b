/**
 * Child process of bench/import.ts: a fresh embedded database with the demo county, then one import of the file
 * named in argv, timed from the first byte read to the committed upsert. Sends the figures to the parent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importHouseholds } from '../functions/src/app/imports';
import { createDeps } from '../functions/src/deps';
import { seedDemoCounty } from '../functions/src/seed/demo-county';

function vmHwmKb(): number {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)\s+kB/);
  return m ? Number(m[1]) : process.resourceUsage().maxRSS;
}

async function main() {
  const [file, dataDir] = process.argv.slice(2);
  const deps = await createDeps({ ...process.env, DATA_DIR: dataDir });
  await seedDemoCounty(deps.db, deps.protector, new Date());
  const rssBeforeKb = vmHwmKb();
  // PGlite's first start (initdb in WebAssembly) sets a high-water mark of its own: reset it (Linux ≥ 4.0), so the
  // peak below is the one reached while importing, counted from the process's resident memory at that point
  let reset = false;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    reset = true;
  } catch {
    // not Linux, or not allowed: the peak then includes the start
  }
  const started = performance.now();
  const job = await importHouseholds(deps, {
    fileName: path.basename(file), bytesTotal: fs.statSync(file).size, open: () => fs.createReadStream(file),
  }, { importer: { userId: null, role: null, areaPath: null }, now: new Date() });
  const seconds = (performance.now() - started) / 1000;
  const [counts] = await deps.db.query<{ households: number; members: number }>(
    `select (select count(*) from households)::int as households, (select count(*) from members)::int as members`,
  );
  await deps.db.close();
  process.send?.({
    type: 'import-result', seconds, peakRssKb: vmHwmKb(), rssBeforeKb, reset, job: {
      rowsRead: job.rowsRead, rowsRejected: job.rowsRejected, householdsCreated: job.householdsCreated,
      membersCreated: job.membersCreated, status: job.status, message: job.message,
    }, counts,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
