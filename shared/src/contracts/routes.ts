import { z } from 'zod';
import {
  DevLoginRequestSchema, DevUsersResponseSchema, LoginResponseSchema, MeResponseSchema, WechatLoginRequestSchema,
} from './auth';
import { HouseholdByCodeParamsSchema, HouseholdResponseSchema } from './household';
import {
  AddMemberRequestSchema, BindHouseholdRequestSchema, ChangeHeadRequestSchema, HouseholdDetailResponseSchema,
  HouseholdParamsSchema, MemberParamsSchema, MoveHouseholdRequestSchema, PersonalDataResponseSchema,
  RecordVisitRequestSchema, RecordVisitResponseSchema, RemoveMemberRequestSchema, SearchQuerySchema,
  SearchResponseSchema, SetFlagsRequestSchema,
} from './registry';
import {
  AreaListResponseSchema, DoorPlatesParamsSchema, DoorPlatesResponseSchema, HouseholdByNumberParamsSchema,
  HouseholdByNumberResponseSchema, RotateCodeParamsSchema, RotateCodeResponseSchema,
} from './codes';
import { SubmitDeclarationRequestSchema, SubmitDeclarationResponseSchema } from './declaration';
import { TaskDetailResponseSchema, TaskListResponseSchema, TaskParamsSchema } from './task';
import { CaseDetailResponseSchema, CaseParamsSchema, RunCaseCommandRequestSchema, RunCaseCommandResponseSchema } from './workflow';
import { ReportClueRequestSchema, ReportClueResponseSchema } from './clue';
import { ListNoticesResponseSchema, NoticeParamsSchema, RaiseObjectionRequestSchema, RaiseObjectionResponseSchema } from './notice';
import { ImportJobParamsSchema, ImportJobResponseSchema, StartHouseholdImportRequestSchema } from './imports';
import {
  FileParamsSchema, FileResponseSchema, MAX_PHOTO_BASE64_CHARS, UploadPhotoRequestSchema, UploadPhotoResponseSchema,
} from './files';
import { VisitPlanQuerySchema, VisitPlanResponseSchema } from './visit-plan';
import {
  CompleteMeasureRequestSchema, CompleteMeasureResponseSchema, ListMeasuresQuerySchema, ListMeasuresResponseSchema,
  MeasureParamsSchema,
} from './measures';
import {
  ListInboxQuerySchema, ListInboxResponseSchema, MarkInboxReadRequestSchema, MarkInboxReadResponseSchema,
  PushTemplatesResponseSchema, RecordSubscriptionsRequestSchema, RecordSubscriptionsResponseSchema,
} from './inbox';
import {
  SupervisionDeadlinesQuerySchema, SupervisionDeadlinesResponseSchema, TimelinessQuerySchema, TimelinessResponseSchema,
  UnreachableQuerySchema, UnreachableResponseSchema,
} from './supervision';
import {
  DepartmentImportJobResponseSchema, DepartmentImportParamsSchema, DepartmentTemplateParamsSchema,
  DepartmentTemplateResponseSchema, ListDepartmentAlertsQuerySchema, ListDepartmentAlertsResponseSchema,
  StartDepartmentImportRequestSchema,
} from './department-imports';
import {
  AnswerQuizRequestSchema, AnswerQuizResponseSchema, AwarenessQuerySchema, AwarenessResponseSchema,
  ExplainerDetailResponseSchema, ExplainerParamsSchema, HouseholdExplainersResponseSchema, HouseholdIdParamsSchema,
  ListExplainersResponseSchema, MAX_EXPLAINER_IMAGE_BYTES, OpenExplainerParamsSchema, OpenExplainerRequestSchema,
  OpenExplainerResponseSchema, PublishExplainerRequestSchema, PublishExplainerResponseSchema, QuizParamsSchema,
  QuizResponseSchema, StartQuizRequestSchema, UnreachedQuerySchema, UnreachedResponseSchema,
  UploadExplainerImageRequestSchema, UploadExplainerImageResponseSchema,
} from './awareness';
import { MAX_UPLOAD_BASE64_CHARS } from '../domain/household-import';

export const HealthResponseSchema = z.object({ ok: z.literal(true), database: z.string(), time: z.string() });

export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  body?: z.ZodType;
  params?: z.ZodType;
  /** The query string, e.g. ?q= for a search. */
  query?: z.ZodType;
  /** Request body limit in bytes, for the few routes that take more than the gateway's default (1 MB). */
  maxBodyBytes?: number;
  response: z.ZodType;
}

/**
 * Every API route: method, path, who may call it and its schemas. serverless.yml declares the same routes
 * (a test keeps the two equal); the client's service and the handlers both read their schemas from here.
 */
export const routes = {
  health: { method: 'GET', path: '/api/health', auth: false, response: HealthResponseSchema },
  wechatLogin: {
    method: 'POST', path: '/api/auth/wechat', auth: false, body: WechatLoginRequestSchema, response: LoginResponseSchema,
  },
  devUsers: { method: 'GET', path: '/api/auth/dev-users', auth: false, response: DevUsersResponseSchema },
  devLogin: {
    method: 'POST', path: '/api/auth/dev', auth: false, body: DevLoginRequestSchema, response: LoginResponseSchema,
  },
  me: { method: 'GET', path: '/api/me', auth: true, response: MeResponseSchema },
  householdByCode: {
    method: 'GET', path: '/api/households/by-code/{code}', auth: true, params: HouseholdByCodeParamsSchema,
    response: HouseholdDetailResponseSchema,
  },
  bindHousehold: {
    method: 'POST', path: '/api/households/by-code/{code}/bind', auth: true, params: HouseholdByCodeParamsSchema,
    body: BindHouseholdRequestSchema, response: LoginResponseSchema,
  },
  searchHouseholds: {
    method: 'GET', path: '/api/households', auth: true, query: SearchQuerySchema, response: SearchResponseSchema,
  },
  householdById: {
    method: 'GET', path: '/api/households/{id}', auth: true, params: HouseholdParamsSchema,
    response: HouseholdDetailResponseSchema,
  },
  recordVisit: {
    method: 'POST', path: '/api/households/{id}/visits', auth: true, params: HouseholdParamsSchema,
    body: RecordVisitRequestSchema, response: RecordVisitResponseSchema,
  },
  addMember: {
    method: 'POST', path: '/api/households/{id}/members', auth: true, params: HouseholdParamsSchema,
    body: AddMemberRequestSchema, response: HouseholdResponseSchema,
  },
  removeMember: {
    method: 'POST', path: '/api/households/{id}/members/{memberId}/remove', auth: true, params: MemberParamsSchema,
    body: RemoveMemberRequestSchema, response: HouseholdResponseSchema,
  },
  viewPersonalData: {
    method: 'GET', path: '/api/households/{id}/members/{memberId}/personal-data', auth: true, params: MemberParamsSchema,
    response: PersonalDataResponseSchema,
  },
  changeHead: {
    method: 'POST', path: '/api/households/{id}/head', auth: true, params: HouseholdParamsSchema,
    body: ChangeHeadRequestSchema, response: HouseholdResponseSchema,
  },
  moveHousehold: {
    method: 'POST', path: '/api/households/{id}/move', auth: true, params: HouseholdParamsSchema,
    body: MoveHouseholdRequestSchema, response: HouseholdResponseSchema,
  },
  setHouseholdFlags: {
    method: 'POST', path: '/api/households/{id}/flags', auth: true, params: HouseholdParamsSchema,
    body: SetFlagsRequestSchema, response: HouseholdResponseSchema,
  },
  submitDeclaration: {
    method: 'POST', path: '/api/declarations', auth: true, body: SubmitDeclarationRequestSchema,
    response: SubmitDeclarationResponseSchema,
  },
  listTasks: { method: 'GET', path: '/api/tasks', auth: true, response: TaskListResponseSchema },
  getTask: {
    method: 'GET', path: '/api/tasks/{id}', auth: true, params: TaskParamsSchema, response: TaskDetailResponseSchema,
  },
  getCase: {
    method: 'GET', path: '/api/cases/{id}', auth: true, params: CaseParamsSchema, response: CaseDetailResponseSchema,
  },
  runCaseCommand: {
    method: 'POST', path: '/api/cases/{id}/commands', auth: true, params: CaseParamsSchema,
    body: RunCaseCommandRequestSchema, response: RunCaseCommandResponseSchema,
  },
  reportClue: {
    method: 'POST', path: '/api/clues', auth: true, body: ReportClueRequestSchema, response: ReportClueResponseSchema,
  },
  listNotices: { method: 'GET', path: '/api/notices', auth: true, response: ListNoticesResponseSchema },
  raiseObjection: {
    method: 'POST', path: '/api/notices/{id}/objections', auth: true, params: NoticeParamsSchema,
    body: RaiseObjectionRequestSchema, response: RaiseObjectionResponseSchema,
  },
  listAreas: { method: 'GET', path: '/api/areas', auth: true, response: AreaListResponseSchema },
  doorPlates: {
    method: 'GET', path: '/api/areas/{areaId}/door-plates', auth: true, params: DoorPlatesParamsSchema,
    response: DoorPlatesResponseSchema,
  },
  householdByNumber: {
    method: 'GET', path: '/api/households/by-number/{number}', auth: true, params: HouseholdByNumberParamsSchema,
    response: HouseholdByNumberResponseSchema,
  },
  rotateHouseholdCode: {
    method: 'POST', path: '/api/households/{id}/rotate-code', auth: true, params: RotateCodeParamsSchema,
    response: RotateCodeResponseSchema,
  },
  startHouseholdImport: {
    method: 'POST', path: '/api/imports/households', auth: true, body: StartHouseholdImportRequestSchema,
    // the file as base64 in JSON, plus room for the other fields
    maxBodyBytes: MAX_UPLOAD_BASE64_CHARS + 64 * 1024, response: ImportJobResponseSchema,
  },
  getImportJob: {
    method: 'GET', path: '/api/imports/{id}', auth: true, params: ImportJobParamsSchema, response: ImportJobResponseSchema,
  },
  uploadPhoto: {
    method: 'POST', path: '/api/files', auth: true, body: UploadPhotoRequestSchema,
    // a 3 MB photo as base64 in JSON, plus room for the other field
    maxBodyBytes: MAX_PHOTO_BASE64_CHARS + 16 * 1024, response: UploadPhotoResponseSchema,
  },
  getFile: {
    method: 'GET', path: '/api/files/{id}', auth: true, params: FileParamsSchema, response: FileResponseSchema,
  },
  visitPlan: {
    method: 'GET', path: '/api/visit-plan', auth: true, query: VisitPlanQuerySchema, response: VisitPlanResponseSchema,
  },
  listMeasures: {
    method: 'GET', path: '/api/measures', auth: true, query: ListMeasuresQuerySchema, response: ListMeasuresResponseSchema,
  },
  completeMeasure: {
    method: 'POST', path: '/api/measures/{id}/complete', auth: true, params: MeasureParamsSchema,
    body: CompleteMeasureRequestSchema, response: CompleteMeasureResponseSchema,
  },
  listInbox: { method: 'GET', path: '/api/inbox', auth: true, query: ListInboxQuerySchema, response: ListInboxResponseSchema },
  markInboxRead: {
    method: 'POST', path: '/api/inbox/read', auth: true, body: MarkInboxReadRequestSchema, response: MarkInboxReadResponseSchema,
  },
  pushTemplates: { method: 'GET', path: '/api/push/templates', auth: true, response: PushTemplatesResponseSchema },
  recordSubscriptions: {
    method: 'POST', path: '/api/push/subscriptions', auth: true, body: RecordSubscriptionsRequestSchema,
    response: RecordSubscriptionsResponseSchema,
  },
  supervisionDeadlines: {
    method: 'GET', path: '/api/supervision/deadlines', auth: true, query: SupervisionDeadlinesQuerySchema,
    response: SupervisionDeadlinesResponseSchema,
  },
  supervisionTimeliness: {
    method: 'GET', path: '/api/supervision/timeliness', auth: true, query: TimelinessQuerySchema, response: TimelinessResponseSchema,
  },
  unreachablePushes: {
    method: 'GET', path: '/api/supervision/unreachable', auth: true, query: UnreachableQuerySchema, response: UnreachableResponseSchema,
  },
  startDepartmentImport: {
    method: 'POST', path: '/api/department-imports', auth: true, body: StartDepartmentImportRequestSchema,
    // the file as base64 in JSON, plus room for the other fields
    maxBodyBytes: MAX_UPLOAD_BASE64_CHARS + 64 * 1024, response: DepartmentImportJobResponseSchema,
  },
  getDepartmentImport: {
    method: 'GET', path: '/api/department-imports/{id}', auth: true, params: DepartmentImportParamsSchema,
    response: DepartmentImportJobResponseSchema,
  },
  departmentTemplate: {
    method: 'GET', path: '/api/department-templates/{kind}', auth: true, params: DepartmentTemplateParamsSchema,
    response: DepartmentTemplateResponseSchema,
  },
  listDepartmentAlerts: {
    method: 'GET', path: '/api/department-alerts', auth: true, query: ListDepartmentAlertsQuerySchema,
    response: ListDepartmentAlertsResponseSchema,
  },
  listExplainers: { method: 'GET', path: '/api/explainers', auth: true, response: ListExplainersResponseSchema },
  getExplainer: {
    method: 'GET', path: '/api/explainers/{id}', auth: true, params: ExplainerParamsSchema, response: ExplainerDetailResponseSchema,
  },
  publishExplainer: {
    method: 'POST', path: '/api/explainers', auth: true, body: PublishExplainerRequestSchema,
    response: PublishExplainerResponseSchema,
  },
  uploadExplainerImage: {
    method: 'POST', path: '/api/explainer-images', auth: true, body: UploadExplainerImageRequestSchema,
    // a little over the image as base64, so a too-large image gets the explainer's own message
    maxBodyBytes: Math.ceil((MAX_EXPLAINER_IMAGE_BYTES * 2) / 3) * 4 + 1024, response: UploadExplainerImageResponseSchema,
  },
  householdExplainers: {
    method: 'GET', path: '/api/households/{householdId}/explainers', auth: true, params: HouseholdIdParamsSchema,
    response: HouseholdExplainersResponseSchema,
  },
  openExplainer: {
    method: 'POST', path: '/api/households/{householdId}/explainers/{id}/open', auth: true, params: OpenExplainerParamsSchema,
    body: OpenExplainerRequestSchema, response: OpenExplainerResponseSchema,
  },
  startQuiz: {
    method: 'POST', path: '/api/households/{householdId}/quizzes', auth: true, params: HouseholdIdParamsSchema,
    body: StartQuizRequestSchema, response: QuizResponseSchema,
  },
  answerQuiz: {
    method: 'POST', path: '/api/quizzes/{id}/answers', auth: true, params: QuizParamsSchema, body: AnswerQuizRequestSchema,
    response: AnswerQuizResponseSchema,
  },
  awareness: { method: 'GET', path: '/api/awareness', auth: true, query: AwarenessQuerySchema, response: AwarenessResponseSchema },
  unreachedHouseholds: {
    method: 'GET', path: '/api/awareness/unreached', auth: true, query: UnreachedQuerySchema, response: UnreachedResponseSchema,
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteBody<N extends RouteName> = Routes[N] extends { body: z.ZodType } ? z.input<Routes[N]['body']> : undefined;
export type RouteParams<N extends RouteName> = Routes[N] extends { params: z.ZodType } ? z.input<Routes[N]['params']> : undefined;
export type RouteQuery<N extends RouteName> = Routes[N] extends { query: z.ZodType } ? z.input<Routes[N]['query']> : undefined;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;
