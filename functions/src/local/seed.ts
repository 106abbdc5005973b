import { createDeps } from '../deps';
import { seedDemoCounty } from '../seed/demo-county';
import { seedDemoCases } from '../seed/demo-cases';
import { seedDemoExplainers } from '../seed/demo-explainers';

/** `npm run seed`: migrate the configured database and seed the demo county if it is empty. */
async function main() {
  const deps = await createDeps();
  const seeded = await seedDemoCounty(deps.db, deps.protector, deps.clock.now());
  if (seeded) {
    await seedDemoCases(deps, deps.clock.now());
    await seedDemoExplainers(deps, deps.clock.now());
  }
  console.log(seeded ? 'Seeded the demo county 清河县.' : 'The database already has data; nothing seeded.');
  await deps.db.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
