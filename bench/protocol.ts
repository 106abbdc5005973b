/** Messages between bench/http.ts (the load generator) and a server child (bench/server.ts, bench/bare-server.ts). */

export interface Farmer {
  userId: string;
  householdId: string;
  token: string;
}

export interface TableCounts {
  cases: number;
  clues: number;
  caseEvents: number;
  openTasks: number;
}

export interface ReadyMessage {
  type: 'ready';
  port: number;
  /** One farmer per household, each with a session token for their own household. */
  farmers: Farmer[];
  /** The demo grid member ('grid'), who sees the open tasks of one group. */
  gridToken: string;
  gridOpenTasks: number;
  setupMs: number;
}

export type ChildMessage = ReadyMessage | { type: 'counts'; counts: TableCounts };
export type ParentMessage = { type: 'counts' } | { type: 'stop' };

export function isChildMessage(m: unknown): m is ChildMessage {
  return typeof m === 'object' && m !== null && 'type' in m && (m.type === 'ready' || m.type === 'counts');
}

export function isParentMessage(m: unknown): m is ParentMessage {
  return typeof m === 'object' && m !== null && 'type' in m && (m.type === 'counts' || m.type === 'stop');
}
