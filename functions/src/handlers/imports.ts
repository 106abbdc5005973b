import { route } from '../http/route';
import { getImportJob as loadImportJob, importUploadedHouseholds } from '../app/imports';

/** Runs the whole import within the request (a Lambda cannot work on after answering); GET the job to watch it. */
export const startHouseholdImport = route('startHouseholdImport', async ({ deps, actor, body, now }) => ({
  status: 201,
  body: { job: await importUploadedHouseholds(deps, actor, body, now) },
}));

export const getImportJob = route('getImportJob', async ({ deps, actor, params }) => ({
  body: { job: await loadImportJob(deps, actor, params.id) },
}));
