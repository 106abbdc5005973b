import { route } from '../http/route';
import { AppError } from '@shared/domain/errors';
import {
  departmentTemplateFile, getDepartmentImport as loadDepartmentImport, importUploadedDepartmentData,
  listDepartmentAlerts as loadDepartmentAlerts,
} from '../app/department-imports';

/** 部门筛查预警: the whole import runs within the request (a Lambda cannot work on after answering); GET the job to watch it. */
export const startDepartmentImport = route('startDepartmentImport', async ({ deps, actor, body, now }) => ({
  status: 201,
  body: { job: await importUploadedDepartmentData(deps, actor, body, now) },
}));

export const getDepartmentImport = route('getDepartmentImport', async ({ deps, actor, params }) => ({
  body: { job: await loadDepartmentImport(deps, actor, params.id) },
}));

/** The template of a kind: for the staff who send or receive department files. */
export const departmentTemplate = route('departmentTemplate', async ({ actor, params }) => {
  if (actor.role !== 'county_admin' && actor.role !== 'department_user') throw new AppError('AUTH.FORBIDDEN');
  return { body: await departmentTemplateFile(params.kind) };
});

export const listDepartmentAlerts = route('listDepartmentAlerts', async ({ deps, actor, query, now }) => ({
  body: await loadDepartmentAlerts(deps, actor, query, now),
}));
