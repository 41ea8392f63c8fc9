// The queue in Chromium with 100,000 requests (QYZMET_BENCH_REQUESTS to change): scrolling through
// them with the wheel, with the keyboard (↓, Page Down, End/Home) and by jumps (as a dragged
// scroll bar does), while a PerformanceObserver('longtask') collects every task over 50 ms on the
// page's main thread. Target (issue "queue"): no long tasks over 50 ms while scrolling.
//
// The workstation runs as it ships (`node dist/main/launch.cjs --browser --port 0 --json`, no
// central server), on a data folder filled beforehand: an authorised signer (who sees every
// service) and the requests written straight into the requests table in one transaction — ten
// services, synthetic applicants of the national generator, states from drafts to issued, deadlines
// on the working-day calendar. Their histories are not generated (this measures the renderer; the
// request store's own benchmark, requests.bench.ts, generates chained histories).
//
// Needs `npm run build` first and the system Chromium at /usr/bin/chromium (QYZMET_CHROMIUM to change).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CATALOGUE, deadlineFor } from '../../src/shared/catalogue';
import type { RequestState } from '../../src/shared/requests/lifecycle';
import { formatRequestNumber } from '../../src/shared/requests/numbers';
import { foldName } from '../../src/shared/registry';
import { personAt } from '../../src/server/national/generator';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import { newId } from '../../src/main/ids';
import { hashPassword } from '../../src/main/services/passwords';
import { atRiskFrom, localYear } from '../../src/main/services/request-timing';
import { createServices } from '../../src/main/services/services';
import { makeIin } from '../helpers/iin';
import { figure, percentile, report } from './stats';

const REQUESTS = Number(process.env.QYZMET_BENCH_REQUESTS ?? 100_000);
const APPLICANTS = Math.max(100, Math.round(REQUESTS / 3));
const CHROMIUM = process.env.QYZMET_CHROMIUM ?? '/usr/bin/chromium';
/** `npm run bench` runs benchmarks from the project's root. */
const ROOT = process.cwd();
const LAUNCHER = path.join(ROOT, 'dist', 'main', 'launch.cjs');
const SIGNER = { iin: makeIin('1985-04-12', 'male', 113), fullName: 'Серік Ахметов', password: 'Bench2026pass' };
const DAY = 86_400_000;

function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES: Array<{ weight: number; state: RequestState }> = [
  { weight: 3, state: 'draft' },
  { weight: 1, state: 'discarded' },
  { weight: 14, state: 'registered' },
  { weight: 14, state: 'in_review' },
  { weight: 3, state: 'returned_for_correction' },
  { weight: 4, state: 'result_ready' },
  { weight: 53, state: 'issued' },
  { weight: 5, state: 'refused' },
  { weight: 3, state: 'withdrawn' },
];
const STATE_TOTAL = STATES.reduce((sum, entry) => sum + entry.weight, 0);

/** The data folder with its database, the signer and the requests. */
async function seed(dataDir: string): Promise<void> {
  const services = createServices(dataDir, { now: () => new Date() });
  const { db } = services;
  const calendar = services.calendar.calendar;
  const workstationId = services.settings.workstationId;
  const workstationCode = services.requests.numbers.workstationCode();
  const at = new Date().toISOString();
  const signerId = newId();
  db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(signerId, SIGNER.iin, SIGNER.fullName, JSON.stringify(['administrator', 'authorised_signer']), await hashPassword(SIGNER.password), at, at);

  const started = Date.now();
  const random = rng(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = Array.from({ length: APPLICANTS }, (_, index) => {
    const person = personAt({ seed: DEFAULT_SEED, index });
    const name = [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
    return { iin: person.iin, name, folded: foldName(name) };
  });
  const insert = db.prepare(
    `INSERT INTO requests (id, number, service_code, operation, channel, state, applicant_kind, applicant_id, applicant_name,
       applicant_folded, form, documents, deadline_kind, deadline_value, deadline, at_risk_from, assignee_id,
       created_at, created_by, received_at, registered_at, completed_at, updated_at, workstation_id)
     VALUES (@id, @number, @service_code, @operation, @channel, @state, 'person', @applicant_id, @applicant_name,
       @applicant_folded, '{}', '{}', @deadline_kind, @deadline_value, @deadline, @at_risk_from, @assignee_id,
       @created_at, @created_by, @received_at, @registered_at, @completed_at, @updated_at, @workstation_id)`,
  );
  const nowMs = Date.now();
  let sequence = 0;
  db.transaction(() => {
    for (let i = 0; i < REQUESTS; i += 1) {
      const service = pick(CATALOGUE);
      const channel = pick(service.channels);
      const operation = service.operations ? pick(service.operations).code : null;
      const applicant = pick(people);
      const roll = random() * STATE_TOTAL;
      let acc = 0;
      const state = (STATES.find((entry) => (acc += entry.weight) > roll) as (typeof STATES)[number]).state;
      const open = ['registered', 'in_review', 'returned_for_correction'].includes(state);
      const createdMs = nowMs - (open ? Math.floor(random() * 15) : 1 + Math.floor(random() * 150)) * DAY - Math.floor(random() * 8 * 3_600_000);
      const created = new Date(createdMs).toISOString();
      const registered = state !== 'draft' && state !== 'discarded';
      let deadline: string | null = null;
      let riskFrom: string | null = null;
      let term: { kind: 'working_days' | 'hours' | 'minutes'; value: number } | null = null;
      if (registered) {
        const legal = deadlineFor(service, { channel, ...(operation ? { operation } : {}) });
        term = legal.kind === 'by_standard' ? { kind: 'working_days', value: legal.defaultWorkingDays ?? 5 } : { kind: legal.kind, value: legal.value };
        const computed = calendar.deadlineFor(created, term);
        if (computed.ok) {
          deadline = computed.value;
          riskFrom = atRiskFrom(calendar, term, created, deadline);
        }
      }
      insert.run({
        id: newId(),
        number: registered ? formatRequestNumber({ provider: '', year: localYear(createdMs), workstation: workstationCode, sequence: (sequence += 1) }) : null,
        service_code: service.code,
        operation,
        channel,
        state,
        applicant_id: applicant.iin,
        applicant_name: applicant.name,
        applicant_folded: applicant.folded,
        deadline_kind: term?.kind ?? null,
        deadline_value: term?.value ?? null,
        deadline,
        at_risk_from: riskFrom,
        assignee_id: state === 'registered' || !registered ? null : signerId,
        created_at: created,
        created_by: signerId,
        received_at: created,
        registered_at: registered ? created : null,
        completed_at: ['result_ready', 'issued', 'refused', 'withdrawn'].includes(state) ? new Date(createdMs + 2 * DAY).toISOString() : null,
        updated_at: created,
        workstation_id: workstationId,
      });
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  figure(`generate ${REQUESTS} requests (rows only, one transaction)`, `${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function launch(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [LAUNCHER, '--browser', '--port', '0', '--json'], {
    cwd: ROOT,
    env: { ...process.env, QYZMET_DATA_DIR: dataDir, QYZMET_EMBEDDED_SERVER: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the workstation did not start in 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the workstation exited (${code})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: (JSON.parse(out.slice(0, newline)) as { url: string }).url });
    });
  });
}

interface LongTasks {
  count: number;
  longest: number;
  total: number;
}

async function startObserver(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__long.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

async function takeLongTasks(page: Page): Promise<LongTasks> {
  const durations = await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    const taken = w.__long;
    w.__long = [];
    return taken;
  });
  return { count: durations.length, longest: durations.length ? Math.max(...durations) : 0, total: durations.reduce((a, b) => a + b, 0) };
}

function reportLong(name: string, tasks: LongTasks): void {
  figure(
    `long tasks (> 50 ms): ${name}`,
    `${tasks.count}${tasks.count ? `, longest ${tasks.longest.toFixed(0)} ms, ${tasks.total.toFixed(0)} ms in all` : ''}  (target: none)`,
  );
}

/** Waits until no row in view is still loading; resolves with the time it took. */
async function settled(page: Page): Promise<number> {
  const started = Date.now();
  await page.waitForFunction(() => document.querySelectorAll('[role="grid"] [role="row"][aria-busy="true"]').length === 0, undefined, {
    timeout: 20_000,
    polling: 'raf',
  });
  return Date.now() - started;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** The functions with the most self time in a CPU profile. */
function printProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): void {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
  const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
  for (const [name, ms] of top) figure(`  profile: ${name}`.slice(0, 52), `${ms.toFixed(0)} ms`);
}

async function main() {
  if (!fs.existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-queue-'));
  await seed(dataDir);
  const { child, url } = await launch(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(url);
    await page.getByLabel('Language / Тіл / Язык').selectOption('en');
    await page.getByLabel('IIN', { exact: true }).fill(SIGNER.iin);
    await page.getByLabel('Password', { exact: true }).fill(SIGNER.password);
    let started = Date.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const grid = page.getByRole('grid', { name: 'Requests' });
    await grid.and(page.locator(`[aria-rowcount="${REQUESTS + 1}"]`)).waitFor({ timeout: 60_000 });
    await settled(page);
    figure('sign-in to the first rows of the queue', `${Date.now() - started} ms`);
    const rendered = await page.locator('[role="grid"] [role="row"]').count();
    figure('rows in the DOM (of all requests)', `${rendered} of ${REQUESTS}`);

    // The wheel: 300 turns of 600 px (≈ 3,200 rows), one every frame or two.
    // QYZMET_BENCH_PROFILE=1: where the page's main thread spends that time (CPU profile, top self time).
    const profiling = process.env.QYZMET_BENCH_PROFILE === '1';
    const cdp = profiling ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await startObserver(page);
    const box = await grid.boundingBox();
    if (!box) throw new Error('no grid on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    started = Date.now();
    for (let i = 0; i < 300; i += 1) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
    }
    const wheelMs = Date.now() - started;
    await settled(page);
    reportLong(`wheel, 300 × 600 px in ${(wheelMs / 1000).toFixed(1)} s`, await takeLongTasks(page));
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);

    // The keyboard: ↓ 300 times, Page Down 150 times, End, Home.
    await grid.getByRole('row', { selected: true }).or(grid.getByRole('row').nth(1)).first().click();
    await startObserver(page);
    for (let i = 0; i < 300; i += 1) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 150; i += 1) await page.keyboard.press('PageDown');
    await settled(page);
    reportLong('keyboard, ↓ × 300 and Page Down × 150', await takeLongTasks(page));
    await startObserver(page);
    await page.keyboard.press('End');
    const toEnd = await settled(page);
    const last = await page.locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex');
    await page.keyboard.press('Home');
    const toStart = await settled(page);
    reportLong('keyboard, End then Home', await takeLongTasks(page));
    figure('End: last row selected (aria-rowindex)', `${last} (expected ${REQUESTS + 1}), rows in ${toEnd} ms; Home: ${toStart} ms`);

    // Jumps, as a dragged scroll bar: 40 positions across the whole list, each until its rows are in.
    await startObserver(page);
    const random = rng(11);
    const jumps: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const fraction = random();
      await grid.evaluate((element, f) => {
        element.scrollTop = f * (element.scrollHeight - element.clientHeight);
      }, fraction);
      jumps.push(await settled(page));
    }
    reportLong('jumps to 40 places (rows fetched after each)', await takeLongTasks(page));
    report('jump: rows in view filled (fetch + render)', jumps.sort((a, b) => a - b));
    figure('jump: slowest', `${percentile(jumps, 100).toFixed(0)} ms`);

    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    if (heap) figure('page JS heap after scrolling', `${Math.round(heap / 2 ** 20)} MiB`);
  } catch (error) {
    const [page] = browser.contexts()[0]?.pages() ?? [];
    if (page) await page.screenshot({ path: path.join(os.tmpdir(), 'queue-scroll-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (process.env.QYZMET_BENCH_KEEP === '1') figure('data folder kept in', dataDir);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
