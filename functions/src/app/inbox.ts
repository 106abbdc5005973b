import {
  INBOX_PAGE_SIZE, type InboxMessage, type ListInboxQuery, type ListInboxResponse, type MarkInboxReadRequest,
  type MarkInboxReadResponse,
} from '@shared/contracts/inbox';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';

/**
 * 消息: the caller's own in-app inbox, the copies the outbox (outbox.ts) writes with channel 'inbox'. Every query is
 * bound to the caller's user id: nobody lists, counts or marks another person's messages, whatever ids they send.
 */

interface MessageRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  page: string | null;
  case_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

function messageView(r: MessageRow): InboxMessage {
  return {
    id: r.id, kind: r.kind, title: r.title, body: r.body, page: r.page, caseId: r.case_id,
    createdAt: r.created_at.toISOString(), read: r.read_at !== null,
  };
}

async function unreadCount(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from notifications where recipient_id = $1 and channel = 'inbox' and read_at is null`, [userId],
  );
  return row.n;
}

/** A page of the caller's messages, newest first (older than `before` when given), and the unread count. */
export async function listInbox(deps: Deps, actor: Actor, query: ListInboxQuery): Promise<ListInboxResponse> {
  const before = query.before ? Number(query.before) : null;
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<MessageRow>(
      `select id, kind, title, body, page, case_id, created_at, read_at
         from notifications
        where recipient_id = $1 and channel = 'inbox' and ($2::bigint is null or id < $2::bigint)
        order by id desc
        limit ${INBOX_PAGE_SIZE + 1}`,
      [actor.userId, before],
    );
    const page = rows.slice(0, INBOX_PAGE_SIZE);
    return {
      messages: page.map(messageView),
      nextBefore: rows.length > INBOX_PAGE_SIZE ? String(page[page.length - 1].id) : null,
      unread: await unreadCount(tx, actor.userId),
    };
  });
}

/** Marks the caller's messages read (the ids given, or all); already read ones and others' ids change nothing. */
export async function markInboxRead(deps: Deps, actor: Actor, req: MarkInboxReadRequest, now: Date): Promise<MarkInboxReadResponse> {
  return deps.db.transaction(async (tx) => {
    const marked = await tx.query<{ id: number }>(
      `update notifications set read_at = $2
        where recipient_id = $1 and channel = 'inbox' and read_at is null and ($3::bigint[] is null or id = any($3::bigint[]))
        returning id`,
      [actor.userId, now, req.all ? null : req.ids],
    );
    return { marked: marked.length, unread: await unreadCount(tx, actor.userId) };
  });
}
