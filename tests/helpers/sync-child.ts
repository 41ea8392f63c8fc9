// A workstation in a process of its own, for the sync fault tests (tests/unit/sync-faults.test.ts),
// which SIGKILL it. Built with esbuild by sync-rig.ts (childScript) and run with node; configured by
// the environment:
//   QYZ_DATA      the data folder (already enrolled with the central server, staff in it)
//   QYZ_NEW       requests to register (and some to take into work) before syncing; default 0
//   QYZ_ATTACH    bytes of one attachment to add on a new request before syncing; default 0 (none)
//   QYZ_STOP      where to stop and wait to be killed, after QYZ_SKIP earlier passes there:
//                   push-inflight  a push request has just been sent (the answer not awaited)
//                   push-sent      the server answered a push; the workstation has not recorded it
//                   push-acked     the engine recorded a push batch (hook afterPushBatch)
//                   blob-inflight  a blob chunk has just been sent
//                   blob-chunk     the server took a blob chunk (hook afterBlobChunk)
//                   pull-fetched   a pull page arrived; nothing of it applied yet
//                   blob-get       a chunk of a blob being pulled arrived
//                   pull-applied   a pull page was applied (hook afterPullPage)
//                 anything else: never stop
//   QYZ_SKEW_MS   this workstation's clock is this far off (the app's clock and Date.now, which the
//                 central client signs calls with)
// It prints lines on stdout: "READY" once the app is open, "STOP <where> <detail>" where it stops
// (the "-inflight" kinds go on running: the parent kills at once), "DONE <status JSON>" when a sync
// run ends with nothing pending and no error, then it exits 0. Errors: stderr, exit 1.
import { createApp } from '../../src/main/app';
import { SYNC_ROUTES } from '../../src/shared/sync';
import { attachedRequest, officerOf, registerRequests } from './sync-work';

const env = process.env;
const dataDir = env.QYZ_DATA;
if (!dataDir) throw new Error('QYZ_DATA is not set');
const stopAt = env.QYZ_STOP ?? 'none';
let passes = Number(env.QYZ_SKIP ?? 0);
const skewMs = Number(env.QYZ_SKEW_MS ?? 0);

const realNow = Date.now.bind(Date);
if (skewMs) Date.now = () => realNow() + skewMs;
const clock = { now: () => new Date(realNow() + skewMs) };

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Stops here (for good: the parent kills this process) once the earlier passes are used up. */
async function stop(where: string, detail: string, wait = true): Promise<void> {
  if (where !== stopAt) return;
  if (passes > 0) {
    passes -= 1;
    return;
  }
  say(`STOP ${where} ${detail}`);
  if (wait) await new Promise((resolve) => setTimeout(resolve, 600_000));
}

// The central client calls the global fetch: stop between the server's answer and the engine's use of it.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const route = new URL(url).pathname;
  const answer = realFetch(input, init);
  if (route === SYNC_ROUTES.push) await stop('push-inflight', '', false);
  if (route === SYNC_ROUTES.blobPut) await stop('blob-inflight', '', false);
  const response = await answer;
  if (response.ok && route === SYNC_ROUTES.push) await stop('push-sent', '');
  if (response.ok && route === SYNC_ROUTES.pull) await stop('pull-fetched', '');
  if (response.ok && route === SYNC_ROUTES.blobGet) await stop('blob-get', '');
  return response;
};

async function main(): Promise<void> {
  const app = createApp({
    dataDir: dataDir as string,
    clock,
    logger: { error: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`) },
    syncHooks: {
      afterPushBatch: (acked) => stop('push-acked', String(acked)),
      afterBlobChunk: (sha256, received) => stop('blob-chunk', `${sha256} ${received}`),
      afterPullPage: (cursor) => stop('pull-applied', cursor),
    },
  });
  const services = app.services;
  if (!services) throw new Error('the database did not open');
  say('READY');
  const actor = officerOf(services.db);
  const fresh = Number(env.QYZ_NEW ?? 0);
  if (fresh > 0) registerRequests(services, actor, fresh);
  const attach = Number(env.QYZ_ATTACH ?? 0);
  if (attach > 0) await attachedRequest(services, actor, attach);
  for (let round = 0; round < 200; round += 1) {
    const status = await services.sync.syncNow();
    if (status.pending === 0 && status.lastError === null) {
      say(`DONE ${JSON.stringify(status)}`);
      app.close();
      return;
    }
    process.stderr.write(`sync run ${round}: ${status.lastError ?? ''} (${status.pending} pending)\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('sync did not finish in 200 runs');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
