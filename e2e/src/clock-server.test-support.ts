import { loadConfig } from '../../server/src/config';
import { startServer } from '../../server/src/main';

/**
 * The server a browser test starts with `startServer(env, { clock: true })`: the same server as
 * `vitalbase serve` (config from the environment, migrations, jobs), whose clock the test moves over
 * IPC, so a scenario that needs time to pass (an urgent alert unacknowledged for its escalation delay)
 * does not wait on the wall clock. It can also queue a scheduled job at once, through the real queue,
 * instead of waiting for its next cron minute.
 */
type Command = { id: number; advanceMs?: number; runJob?: string };

let offsetMs = 0;
const server = await startServer(loadConfig(), { now: () => new Date(Date.now() + offsetMs) });

process.on('message', (command: Command) => {
  void (async () => {
    try {
      if (command.advanceMs) offsetMs += command.advanceMs;
      if (command.runJob) {
        if (!server.app.ctx.jobs) throw new Error('the job queue is off (JOBS=false)');
        await server.app.ctx.jobs.send(command.runJob, {});
      }
      process.send?.({ id: command.id, ok: true });
    } catch (err) {
      process.send?.({ id: command.id, ok: false, error: (err as Error).message });
    }
  })();
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0));
  });
}
