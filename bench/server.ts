/**
 * Child process: the real backend as `npm start` serves it — the local gateway (API Gateway v2 events → the handlers
 * serverless.yml names) over a fresh embedded database. Started by bench/http.ts; not meant to be run by hand.
 */
import { setDeps } from '../functions/src/deps';
import { createGateway } from '../functions/src/local/gateway';
import { prepareDatabase, runChild, serveToParent } from './fixture';

runChild(async () => {
  const fixture = await prepareDatabase();
  setDeps(fixture.deps);
  await serveToParent(createGateway(), fixture);
});
