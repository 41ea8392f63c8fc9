// Scanning and page assembly (issue 6): 20 A4 pages at 300 dpi grey from the SANE test device
// (through scanimage, the test backend's "Grid" picture: 10 mm black and white squares, a harsher
// page for JPEG than typed text), encoded as they arrive (JPEG quality 75) and assembled into one
// PDF with pdf-lib. Targets (issue "Document scanning and attachments"): 20 pages → one PDF in
// ≤ 2 s; a typical A4 page at 200–300 dpi grey well under 300 KB.
//
// Figures: the scan itself (scanimage + per-page encoding, what the employee waits for after the
// scanner's own mechanical time), encoding alone (from raw pixels, sequential and 2 at a time),
// the assembly of the 20 encoded pages (the target), the whole raw → PDF path, bytes per page
// (grey and lineart), and storing the PDF (inspection, hashing, atomic write).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assemblePdf } from '../../src/main/attachments/assemble';
import { pageFromImage } from '../../src/main/attachments/pages';
import { createAttachmentStore } from '../../src/main/attachments/store';
import { encodePage, parsePnm, type PageImage } from '../../src/main/scanning/page-image';
import { createSaneDriver } from '../../src/main/scanning/sane';
import type { ScanSettings } from '../../src/main/scanning/types';
import { saneTestConfig } from '../helpers/sane';
import { figure, measure, report } from './stats';

const PAGES = 20;
const KB = 1024;

async function main() {
  const sane = saneTestConfig({ picture: 'Grid' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-scanning-'));
  try {
    const driver = createSaneDriver({ env: sane.env });
    const scanAll = async (settings: ScanSettings): Promise<PageImage[]> => {
      const pages: PageImage[] = [];
      // The test backend's feeder holds 10 sheets: two loads of 10.
      while (pages.length < PAGES) {
        const outcome = await driver.scan('test:0', { ...settings, source: 'adf', maxPages: Math.min(10, PAGES - pages.length) }, { onPage: () => {}, onProgress: () => {} });
        if (!outcome.ok) throw new Error(`scan failed: ${outcome.error.code} ${outcome.error.message}`);
        pages.push(...outcome.pages);
      }
      return pages;
    };
    await scanAll({ resolution: 75, mode: 'gray', pageSize: 'A4' }); // warm-up

    let started = process.hrtime.bigint();
    const grey = await scanAll({ resolution: 300, mode: 'gray', pageSize: 'A4' });
    const scanMs = Number(process.hrtime.bigint() - started) / 1e6;
    figure(`scan ${PAGES} pages 300 dpi A4 grey (scanimage + encode)`, `${(scanMs / 1000).toFixed(2)} s, ${(scanMs / PAGES).toFixed(0)} ms/page (test device: no mechanics)`);
    const first = grey[0] as PageImage;
    figure('page', `${first.width} × ${first.height} px, ${first.format}, thumbnail ${(first.thumbnail.length / KB).toFixed(1)} KB`);

    // Encoding alone, from the raw pixels scanimage delivers (8.7 MB a page).
    const pnm = path.join(work, 'page.pnm');
    execFileSync('scanimage', ['--device-name=test:0', '--format=pnm', '--resolution=300', '--mode=Gray', '--depth=8', '-x', '210', '-y', '297', '-o', pnm], { env: { ...process.env, ...sane.env } });
    const raw = parsePnm(fs.readFileSync(pnm));
    report('encode one page (raw → JPEG q75 + thumbnail)', await measure(PAGES, () => encodePage(raw, 300, 'gray')));
    started = process.hrtime.bigint();
    const encoded: PageImage[] = [];
    for (let i = 0; i < PAGES; i += 2) encoded.push(...(await Promise.all([encodePage(raw, 300, 'gray'), encodePage(raw, 300, 'gray')])));
    const encodeMs = Number(process.hrtime.bigint() - started) / 1e6;
    figure(`encode ${PAGES} pages, 2 at a time`, `${(encodeMs / 1000).toFixed(2)} s`);

    // The target: the encoded pages → one PDF.
    const pages = grey.map((image) => pageFromImage(image));
    await assemblePdf(pages.slice(0, 2));
    const times = await measure(5, () => assemblePdf(pages));
    report(`assemble ${PAGES} pages → one PDF (pdf-lib)`, times, { p95: 2000 });
    const pdf = await assemblePdf(pages);
    const pdfFile = path.join(work, 'grey.pdf');
    fs.writeFileSync(pdfFile, pdf);
    const pageCount = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))?.[1];
    let qpdf = 'ok';
    try {
      execFileSync('qpdf', ['--check', pdfFile], { stdio: 'ignore' });
    } catch {
      qpdf = 'FAILED';
    }
    figure('whole path raw → PDF (encode 2 at a time + assemble)', `${((encodeMs + (times[times.length >> 1] as number)) / 1000).toFixed(2)} s  (target ≤ 2 s: ${encodeMs + (times[times.length >> 1] as number) <= 2000 ? 'met' : 'NOT met'})`);
    const perPage = pdf.length / PAGES / KB;
    figure('PDF size (grey 300 dpi)', `${(pdf.length / 2 ** 20).toFixed(2)} MiB, ${perPage.toFixed(0)} KB/page (target well under 300 KB: ${perPage < 300 ? 'met' : 'NOT met'}), ${pageCount} pages, qpdf --check ${qpdf}`);

    const grey200 = await scanAll({ resolution: 200, mode: 'gray', pageSize: 'A4' });
    const pdf200 = await assemblePdf(grey200.map((image) => pageFromImage(image)));
    figure('PDF size (grey 200 dpi)', `${(pdf200.length / PAGES / KB).toFixed(0)} KB/page`);
    const lineart = await scanAll({ resolution: 300, mode: 'lineart', pageSize: 'A4' });
    const pdfLineart = await assemblePdf(lineart.map((image) => pageFromImage(image)));
    figure('PDF size (lineart 300 dpi, 1-bit Flate)', `${(pdfLineart.length / PAGES / KB).toFixed(1)} KB/page`);

    const store = createAttachmentStore(work);
    report('store the 20-page PDF (inspect + SHA-256 + fsync + rename)', await measure(1, () => store.put(pdf, { declaredName: 'scan.pdf' })));
    report('store it again (de-duplicated: inspect + verify)', await measure(5, () => store.put(pdf, { declaredName: 'scan.pdf' })));
    figure('memory (rss at end)', `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  } finally {
    sane.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
