// Steps the e2e specs share for result documents on the request page (the "Result document"
// section): fill the template's required inputs by their English labels, preview, sign with the
// token, save the signed PDF and check it with pdfsig, and find it in its journal and in the central
// server's public check by number + hash.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { Journal } from '../../src/shared/catalogue';
import type { DocumentCheckReply } from '../../src/shared/server-api';
import type { ApiClient } from './queue';
import { field, signInDialog, SLOW } from './ui';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export { PROVIDER_PROFILE } from './provider-profile';

interface TemplateInput {
  id: string;
  type: string;
  required: boolean;
  label: { kk: string; ru: string; en?: string };
  when?: unknown;
  itemFields?: TemplateInput[];
}

/** A template's inputs as resources/templates/<kind>.json has them. */
export function templateInputs(kind: string): TemplateInput[] {
  const template = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources', 'templates', `${kind}.json`), 'utf8')) as { inputs?: TemplateInput[] };
  return template.inputs ?? [];
}

/** Today in Almaty as dd.mm.yyyy. */
export function todayDisplay(): string {
  return new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('.');
}

/** The documents section of the open request page. */
export function documentsSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Result document', exact: true });
}

/**
 * Fills the required inputs of a document (conditional ones are left to their condition: the
 * operations the specs use show none of them) by their English labels.
 */
export async function fillRequiredInputs(scope: Locator, kind: string): Promise<void> {
  for (const input of templateInputs(kind)) {
    if (!input.required || input.when) continue;
    const label = input.label.en as string;
    expect(label, `${kind}.${input.id} has an English label`).toBeTruthy();
    switch (input.type) {
      case 'date':
        await field(scope, label).fill(todayDisplay());
        break;
      case 'time':
        await field(scope, label).fill('10:30');
        break;
      case 'datetime':
        await field(scope, label).fill(`${todayDisplay()} 10:30`);
        break;
      case 'number':
        await field(scope, label).fill('1');
        break;
      case 'select':
        await field(scope, label).selectOption({ index: 1 });
        break;
      case 'multiselect':
        await scope.getByRole('group', { name: label }).getByRole('checkbox').first().check();
        break;
      default:
        await field(scope, label).fill(`Тест: ${input.label.ru}`.slice(0, 40));
    }
  }
}

/** Preview: the page images are there, named by the document's title. */
export async function previewDocument(section: Locator, title: string): Promise<void> {
  await section.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = section.getByRole('region', { name: `Preview: ${title}` });
  await expect(preview.getByRole('img', { name: new RegExp(`^${escapeRegExp(title)}, page 1 of \\d+$`) })).toBeVisible(SLOW);
  await expect(preview.getByRole('heading', { name: `Preview: ${title}` })).toBeFocused();
}

/** Sign: the PIN dialog with the token's first key; returns the signed document's entry and number. */
export async function signDocument(page: Page, section: Locator, title: string, listedAs = title): Promise<{ article: Locator; number: string }> {
  await section.getByRole('button', { name: /^Sign the document/ }).click();
  await expect(page.getByRole('dialog')).toContainText(`Document: ${title}`);
  await signInDialog(page);
  const article = section.getByRole('article', { name: new RegExp(`^${escapeRegExp(listedAs)}, No\\. `) });
  await expect(article).toBeVisible(SLOW);
  const heading = article.getByRole('heading');
  await expect(heading).toBeFocused();
  const number = /No\. (\S+)$/.exec(((await heading.textContent()) ?? '').trim())?.[1] ?? '';
  expect(number).not.toBe('');
  return { article, number };
}

/** Save PDF: the download carries the document's file name, and pdfsig finds its signature valid. */
export async function savePdf(page: Page, article: Locator, number: string, dir: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), article.getByRole('button', { name: 'Save PDF', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe(`${number.replace(/[^\w.-]+/g, '_')}.pdf`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const pdfsig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  expect(pdfsig.stdout).toContain('Signature is Valid');
  await expect(article.getByRole('status')).toContainText(`Saved as ${download.suggestedFilename()}`, SLOW);
  return file;
}

/** The document is in its journal, and the central server's public check by number + hash says valid. */
export async function expectJournalledAndRegistered(api: ApiClient, journal: Journal, number: string): Promise<void> {
  const page = await api.call('journals.list', { journal, limit: 500, offset: 0 });
  const entry = page.entries.find((item) => item.documentNumber === number);
  expect(entry, `${number} in the ${journal} journal`).toBeTruthy();
  const sha256 = entry!.documentSha256 as string;
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  const serverUrl = (await api.call('server.status', {})).serverUrl;
  expect(serverUrl).toBeTruthy();
  // The workstation registers the document with the server right after signing.
  let reply: DocumentCheckReply | null = null;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    reply = (await (await fetch(`${serverUrl!.replace(/\/+$/, '')}/v1/verify?no=${encodeURIComponent(number)}&sha256=${sha256}`)).json()) as DocumentCheckReply;
    if (reply.status === 'valid') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(reply).toMatchObject({ status: 'valid' });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
