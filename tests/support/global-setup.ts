import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { TEST_NOW } from './paths';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-template-'));
  process.env.FF_TEMPLATE_DATA_DIR = dir; // read by tests/support/paths.ts in every worker
  const deps = await createDeps({ DATA_DIR: dir });
  await seedDemoCounty(deps.db, deps.protector, TEST_NOW);
  await deps.db.close();
}
