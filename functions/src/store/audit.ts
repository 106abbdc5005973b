import type { Role } from '@shared/contracts/common';
import type { Sql } from '../ports/db';

/** Appends to the audit log: who, when, what, and the data before and after (never plain ID or phone numbers). */
export async function appendAudit(
  sql: Sql,
  e: {
    at: Date; actorId: string; actorRole: Role; action: string; householdId: string | null; memberId?: string | null;
    before?: object | null; after?: object | null;
  },
): Promise<void> {
  await sql.query(
    `insert into audit_log (at, actor_id, actor_role, action, household_id, member_id, before, after)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.at, e.actorId, e.actorRole, e.action, e.householdId, e.memberId ?? null,
      e.before ? JSON.stringify(e.before) : null, e.after ? JSON.stringify(e.after) : null],
  );
}
