import { createDeps, setDeps } from '../deps';
import { seedDemoCounty } from '../seed/demo-county';
import { seedDemoCases } from '../seed/demo-cases';
import { seedDemoExplainers } from '../seed/demo-explainers';
import { listDemoUsers } from '../store/users';
import { createGateway } from './gateway';
import { runSchedulesLocally } from '../handlers/schedules';

/** `npm start`: migrate, seed the demo county once, serve the API and the H5 build. */
async function main() {
  const deps = await createDeps();
  setDeps(deps);
  const seeded = await seedDemoCounty(deps.db, deps.protector, deps.clock.now());
  if (seeded) {
    await seedDemoCases(deps, deps.clock.now());
    await seedDemoExplainers(deps, deps.clock.now());
  }
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const server = createGateway();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  // the scheduled jobs of serverless.yml (reminders, notice ends, pushes) on short local intervals
  const stopSchedules = process.env.SCHEDULES === 'off' ? () => {} : runSchedulesLocally(deps);

  const users = await listDemoUsers(deps.db);
  const farmer = users.find((u) => u.username === 'farmer');
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  console.log(`
  防止返贫动态监测 — local
  ${seeded ? 'Seeded the demo county 清河县 into' : 'Using'} ${deps.db.kind === 'pglite' ? deps.config.dataDir : 'DATABASE_URL'}

  App (H5):        ${url}/
  Farmer's page:   ${url}/#/pages/index/index?code=${farmer?.household_code ?? ''}
  API:             ${url}/api/health

  Demo logins (pick one on the login page):
${users.filter((u) => !u.username!.startsWith('grid-')).map((u) => `    ${u.username!.padEnd(14)} ${u.name}  ${u.role}  ${u.area_name ?? u.household_code ?? ''}`).join('\n')}
    grid-<group id>  the grid member of every other group
`);
  const stop = async () => {
    stopSchedules();
    server.close();
    await deps.db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
