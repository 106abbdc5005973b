import { fork } from 'node:child_process';
import path from 'node:path';

/**
 * Runs bench/<script> in its own process (under tsx, logs silent, the embedded database, no WeChat) and resolves with
 * the one result it sends: each measurement gets a fresh heap and its own peak RSS. Rejects when the child exits
 * without a result or with an error (its output is inherited, so the cause is printed above).
 */
export function forkChild<T>(root: string, script: string, args: string[]): Promise<T> {
  const child = fork(path.join(__dirname, script), args, {
    cwd: root, execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', APP_ENV: 'bench', WECHAT_APP_ID: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let result: T | null = null;
    child.on('message', (m) => {
      result = m as T;
    });
    child.on('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`${script} (${args[0] ?? ''}) exited with code ${code} without a result (see its output above)`));
    });
  });
}
