// The process-level policy, in a real child process: a stray rejection is logged and counted and the process
// keeps running; an uncaught exception is logged as fatal, then the process drains and exits non-zero.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CRASH_EXIT_CODE } from '../src/process-policy.js';

function child() {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-policy-child.ts'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of waiters.filter((x) => output.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    exited,
    output: () => output,
    send: (line: string) => proc.stdin.write(`${line}\n`),
    waitFor: (text: string) =>
      new Promise<void>((resolve) => {
        if (output.includes(text)) resolve();
        else waiters.push({ text, resolve });
      }),
  };
}

describe('the crash policy', () => {
  it('logs and counts unhandled rejections and keeps running', async () => {
    const c = child();
    await c.waitFor('ready');
    c.send('reject');
    c.send('reject');
    await c.waitFor('a stray rejection');
    c.send('count');
    await c.waitFor('count 2');
    expect(c.proc.exitCode).toBeNull();
    const logged = c
      .output()
      .split('\n')
      .find((l) => l.includes('unhandled promise rejection'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      level: 'error',
      err: { message: 'a stray rejection' },
    });
    c.proc.kill('SIGKILL');
    await c.exited;
  });

  it('on an uncaught exception logs it as fatal, drains and exits non-zero', async () => {
    const c = child();
    await c.waitFor('ready');
    c.send('throw');
    expect(await c.exited).toBe(CRASH_EXIT_CODE);
    expect(CRASH_EXIT_CODE).not.toBe(0);
    expect(c.output()).toContain(`draining ${CRASH_EXIT_CODE}`);
    const logged = c
      .output()
      .split('\n')
      .find((l) => l.includes('uncaught exception'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      level: 'fatal',
      err: { message: 'an uncaught exception' },
    });
  });
});
