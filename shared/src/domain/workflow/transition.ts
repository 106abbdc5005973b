import { ROLE_LABELS, type Role } from '../../contracts/common';
import type { WorkflowCommand } from './commands';
import type { WorkflowContext } from './context';
import type { WorkflowEffect } from './effects';
import { WORKFLOW_ERRORS, type WorkflowErrorCode } from './errors';
import { actorInArea, type GuardInput } from './guards';
import { isClosed, WORKFLOW_STATE_LABELS, type WorkflowState } from './states';
import { WORKFLOW, type CommandSpec } from './table';

export type WorkflowResult =
  | { ok: true; next: WorkflowState; effects: WorkflowEffect[] }
  | {
      ok: false; code: WorkflowErrorCode; message: string;
      /** The named guard that refused, or null for the stage and role checks. */
      guard: string | null;
    };

function refuse(code: WorkflowErrorCode, guard: string | null, message: string = WORKFLOW_ERRORS[code].message): WorkflowResult {
  return { ok: false, code, message, guard };
}

/**
 * Apply a command to a case in `state`. Pure: reads only its arguments, returns the next state and what should follow
 * (timeline events, tasks, notifications, changes to the household's monitoring mark) for the caller to store and send.
 * The checks run in a fixed order and the first that fails is the answer: closed case, stage, role, area, the row's guards.
 */
export function transition(state: WorkflowState, command: WorkflowCommand, ctx: WorkflowContext): WorkflowResult {
  const spec: CommandSpec<WorkflowCommand> = WORKFLOW[command.type];
  if (isClosed(state)) return refuse('CASE.CLOSED', null);
  const row = spec.from[state];
  if (!row) {
    return refuse('CASE.WRONG_STAGE', null, `案件当前为「${WORKFLOW_STATE_LABELS[state]}」，不能办理「${spec.label}」`);
  }
  if (!row.roles.includes(ctx.actor.role)) {
    return refuse('CASE.WRONG_ROLE', null, `「${spec.label}」应由${row.roles.map((r) => ROLE_LABELS[r]).join('或')}办理`);
  }
  const input: GuardInput<WorkflowCommand> = { from: state, command, ctx, roles: row.roles };
  for (const g of [actorInArea, ...row.guards]) {
    if (!g.holds(input)) return refuse(g.code, g.name);
  }
  const next = typeof row.to === 'string' ? row.to : row.to.resolve(input);
  const effects = spec.effects.flatMap((e) => e.emit({ ...input, to: next }));
  return { ok: true, next, effects };
}

/** The commands a state accepts and the roles that may give each: what a screen offers. */
export function availableCommands(state: WorkflowState): { command: WorkflowCommand['type']; label: string; roles: readonly Role[] }[] {
  if (isClosed(state)) return [];
  return (Object.keys(WORKFLOW) as WorkflowCommand['type'][]).flatMap((type) => {
    const spec: CommandSpec<WorkflowCommand> = WORKFLOW[type];
    const row = spec.from[state];
    return row ? [{ command: type, label: spec.label, roles: row.roles }] : [];
  });
}
