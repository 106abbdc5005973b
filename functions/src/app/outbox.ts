import type { Role } from '@shared/contracts/common';
import { householdLabel, renderMessage, type MessageFacts, type MessageKind } from '@shared/domain/messages';
import type { WorkflowCommand, WorkflowEffect, WorkflowTaskKind } from '@shared/domain/workflow';
import { WORKFLOW_TASK_LABELS } from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Sql } from '../ports/db';

/**
 * The outbox. A message is written in the transaction of the change that causes it: one row per recipient and
 * channel, keyed `${cause}:${kind}:${recipient}:${channel}` so that writing it again (a retried command, a second
 * sweep, two sweeps at once) adds nothing. The inbox copy is delivered by being written; a push copy waits for the
 * dispatcher (dispatcher.ts) — only when a push channel is configured and the message's template id is set.
 */
export interface Recipients {
  /** Staff of this role whose area contains areaPath; 'farmer': the household's own bound accounts. */
  role: Role;
  areaPath: string;
  householdId?: string;
  /** Only department users of this department (医保局 …). */
  department?: string | null;
  /** The person who caused it is not told. */
  exceptUserId?: string | null;
}

export interface Outgoing {
  /** What caused it, unique per occasion: 'case:<id>:v<version>', 'task:<id>:overdue', 'visits:<yyyy-mm>' … */
  cause: string;
  kind: MessageKind;
  facts: MessageFacts;
  to: Recipients;
}

/** The users each recipient spec names, for many specs in one statement (index i of the input). */
export async function resolveRecipients(sql: Sql, specs: Recipients[]): Promise<{ i: number; userId: string }[]> {
  if (!specs.length) return [];
  const staff = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.role !== 'farmer');
  const farmers = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.role === 'farmer');
  const out: { i: number; userId: string }[] = [];
  if (staff.length) {
    // every node above and at the household's place, found by its path ('/qh/', '/qh/qh-al/' …), then its staff of
    // the role (users_area_role). Looked up spec by spec: `offset 0` keeps the planner from flattening the lateral
    // subquery into a join of all specs with all users of the role, which with a county's 2,000 grid members made a
    // sweep's batch of 7,500 specs take 40 s instead of 0.2 s (bench/sweep.ts).
    const rows = await sql.query<{ i: number; user_id: string }>(
      `select x.i::int as i, r.user_id
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::uuid[]) as x(i, role, area_path, department, except_id)
         cross join lateral (
           select u.id as user_id
             from users u
            where u.role = x.role
              and u.area_id = any (array(
                    select a.id from areas a
                     where a.path = any (array(
                             select array_to_string(s[1:k], '/') || '/'
                               from string_to_array(x.area_path, '/') s, generate_series(2, array_length(s, 1) - 1) k))))
              and (x.department is null or u.department = x.department)
              and (x.except_id is null or u.id <> x.except_id)
           offset 0
         ) r`,
      [staff.map((x) => x.i), staff.map((x) => x.s.role), staff.map((x) => x.s.areaPath),
        staff.map((x) => x.s.department ?? null), staff.map((x) => x.s.exceptUserId ?? null)],
    );
    out.push(...rows.map((r) => ({ i: r.i, userId: r.user_id })));
  }
  if (farmers.length) {
    const rows = await sql.query<{ i: number; user_id: string }>(
      `select x.i::int as i, u.id as user_id
         from unnest($1::int[], $2::uuid[], $3::uuid[]) as x(i, household_id, except_id)
         join users u on u.household_id = x.household_id and u.role = 'farmer'
        where x.except_id is null or u.id <> x.except_id`,
      [farmers.map((x) => x.i), farmers.map((x) => x.s.householdId ?? null), farmers.map((x) => x.s.exceptUserId ?? null)],
    );
    out.push(...rows.map((r) => ({ i: r.i, userId: r.user_id })));
  }
  return out;
}

/** Writes the messages (inbox copy, and a pending push copy where pushes are on); returns the rows added. */
export async function enqueue(sql: Sql, deps: Pick<Deps, 'config' | 'push'>, messages: Outgoing[], now: Date): Promise<number> {
  if (!messages.length) return 0;
  const recipients = await resolveRecipients(sql, messages.map((m) => m.to));
  if (!recipients.length) return 0;
  const rendered = messages.map((m) => renderMessage(m.kind, m.facts));
  const cols = {
    key: [] as string[], recipient: [] as string[], channel: [] as string[], kind: [] as string[], caseId: [] as (string | null)[],
    title: [] as string[], body: [] as string[], page: [] as (string | null)[], templateId: [] as (string | null)[],
    data: [] as string[], status: [] as string[], next: [] as (Date | null)[], sentAt: [] as (Date | null)[],
  };
  const add = (i: number, userId: string, channel: 'inbox' | 'wechat', templateId: string | null) => {
    const m = messages[i];
    const r = rendered[i];
    cols.key.push(`${m.cause}:${m.kind}:${userId}:${channel}`);
    cols.recipient.push(userId);
    cols.channel.push(channel);
    cols.kind.push(m.kind);
    cols.caseId.push(m.facts.caseId ?? null);
    cols.title.push(r.title);
    cols.body.push(r.body);
    cols.page.push(r.page);
    cols.templateId.push(templateId);
    cols.data.push(JSON.stringify(channel === 'wechat' ? r.push : {}));
    cols.status.push(channel === 'inbox' ? 'sent' : 'pending');
    cols.next.push(channel === 'inbox' ? null : now);
    cols.sentAt.push(channel === 'inbox' ? now : null);
  };
  for (const { i, userId } of recipients) {
    add(i, userId, 'inbox', null);
    const templateId = deps.push ? deps.config.push.templates[rendered[i].slot] : null;
    if (templateId) add(i, userId, 'wechat', templateId);
  }
  const rows = await sql.query<{ id: string }>(
    `insert into notifications (key, recipient_id, channel, kind, case_id, title, body, page, template_id, data, status,
                                next_attempt_at, sent_at, created_at)
     select t.key, t.recipient_id, t.channel, t.kind, t.case_id, t.title, t.body, t.page, t.template_id, t.data::jsonb,
            t.status, t.next_attempt_at, t.sent_at, $14
       from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
            as t(key, recipient_id, channel, kind, case_id, title, body, page, template_id, data, status, next_attempt_at, sent_at)
     on conflict (key) do nothing
     returning id`,
    [cols.key, cols.recipient, cols.channel, cols.kind, cols.caseId, cols.title, cols.body, cols.page, cols.templateId,
      cols.data, cols.status, cols.next, cols.sentAt, now],
  );
  return rows.length;
}

/** "王某某户（红星村一组）" for the messages about a household. */
export async function householdLabelOf(sql: Sql, householdId: string): Promise<string> {
  return (await householdLabelsOf(sql, [householdId])).get(householdId)!;
}

/** householdLabelOf for many households in one query. */
export async function householdLabelsOf(sql: Sql, householdIds: string[]): Promise<Map<string, string>> {
  const rows = await sql.query<{ id: string; head: string | null; village: string | null; grp: string | null }>(
    `select h.id, (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head,
            av.name as village, ag.name as grp
       from households h left join areas ag on ag.id = h.area_id left join areas av on av.id = ag.parent_id
      where h.id = any($1::uuid[])`,
    [householdIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Map(householdIds.map((id) => {
    const r = byId.get(id);
    return [id, householdLabel(r?.head ?? null, r?.village ?? null, r?.grp ?? null)];
  }));
}

type Notify = Extract<WorkflowEffect, { type: 'notify' }>;

/**
 * The messages an accepted workflow command sends: each of the workflow's notify effects, a "new task" to the owner
 * of each task it created (unless a notify effect already tells that role), and the order to each department the
 * plan gives measures to. `newTasks`: the tasks actually created (a task that was already open is not new).
 */
export function commandMessages(input: {
  caseId: string; householdId: string; areaPath: string; version: number; actorId: string | null; household: string;
  command: WorkflowCommand; notifications: Notify[];
  newTasks: { id: string; kind: WorkflowTaskKind; assigneeRole: Role; dueOn: string }[];
}): Outgoing[] {
  const { caseId, householdId, areaPath, version, actorId, household, command } = input;
  const cause = `case:${caseId}:v${version}`;
  const dueFor = (role: Role) => input.newTasks.find((t) => t.assigneeRole === role)?.dueOn;
  const out: Outgoing[] = input.notifications.map((n) => {
    const d = n.data;
    const forHousehold = n.recipientRole === 'farmer';
    return {
      cause, kind: n.template,
      facts: {
        forHousehold, caseId, household: forHousehold ? undefined : household,
        on: d.startOn ?? d.identifiedOn ?? d.madeOn ?? d.eliminatedOn ?? d.raisedOn ?? d.visitedOn,
        endOn: d.endOn, reason: d.reason, count: d.measures ? Number(d.measures) : undefined, dueOn: dueFor(n.recipientRole),
      },
      to: { role: n.recipientRole, areaPath, householdId, exceptUserId: actorId },
    };
  });
  const told = new Set(input.notifications.map((n) => n.recipientRole));
  for (const t of input.newTasks) {
    // the next monthly visit after one just recorded is no news: the reminders bring it when it is due
    if (told.has(t.assigneeRole) || (t.kind === 'track' && command.type === 'recordTracking')) continue;
    out.push({
      cause: `task:${t.id}`, kind: 'task.new',
      facts: { caseId, household, what: WORKFLOW_TASK_LABELS[t.kind], dueOn: t.dueOn },
      to: { role: t.assigneeRole, areaPath, exceptUserId: actorId },
    });
  }
  if (command.type === 'makePlan') {
    const byDepartment = new Map<string, { count: number; dueOn: string }>();
    for (const m of command.measures) {
      if (m.responsible.kind !== 'department') continue;
      const seen = byDepartment.get(m.responsible.name);
      byDepartment.set(m.responsible.name, {
        count: (seen?.count ?? 0) + 1, dueOn: seen && seen.dueOn < m.dueOn ? seen.dueOn : m.dueOn,
      });
    }
    for (const [department, { count, dueOn }] of byDepartment) {
      out.push({
        cause: `${cause}:${department}`, kind: 'measure.ordered', facts: { caseId, household, count, dueOn },
        to: { role: 'department_user', areaPath, department, exceptUserId: actorId },
      });
    }
  }
  return out;
}
