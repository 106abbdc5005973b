import fs from 'node:fs';
import { createDeps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { TEMPLATE_DATA_DIR, TEST_NOW } from './paths';

export default async function globalSetup(): Promise<void> {
  fs.rmSync(TEMPLATE_DATA_DIR, { recursive: true, force: true });
  const deps = await createDeps({ DATA_DIR: TEMPLATE_DATA_DIR });
  await seedDemoCounty(deps.db, deps.protector, TEST_NOW);
  await deps.db.close();
}
