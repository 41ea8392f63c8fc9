// Issuing one document (issue 7, "Benchmark"): render + QR + sign of an appointment talon (A5,
// `appointment_talon` of `phc.appointment`) with an RSA-2048 key on a SoftHSM2 token, opened through
// the app's token manager as the workstation opens it, and the signed PDF's size.
// Targets: ≤ 100 ms per talon, ≤ 100 KB per signed talon. Figures only: nothing fails on time.
//
// Besides the whole `issueDocument` call: the rendering alone (data → PDF with the QR code), the
// PAdES signing alone (the incremental update and the CMS over a rendered PDF), and inside that the
// token's C_Sign alone, so one sees where the time goes. Also ECDSA P-256 on the same token, for
// comparison. QYZMET_BENCH_TALONS sets the number of rounds (default 50), after a warm-up of 5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProviderCard } from '../../src/shared/documents';
import { buildDocumentData, type DocumentInput } from '../../src/main/documents/data';
import { issueDocument } from '../../src/main/documents/issue';
import { signPdf } from '../../src/main/documents/pades';
import { renderDocument } from '../../src/main/documents/render';
import { loadTemplates } from '../../src/main/documents/templates';
import { createTokenManager, type TokenManager, type TokenSigner } from '../../src/main/signing/pkcs11-tokens';
import { makeIin } from '../helpers/iin';
import { createTestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { figure, measure, percentile } from './stats';

const ROUNDS = Math.max(1, Number(process.env.QYZMET_BENCH_TALONS ?? 50));
const WARM_UP = 5;
const TARGET_MS = 100;
const TARGET_KB = 100;
const PIN = '1234';
const TOKEN = 'Bench talons';
const VERIFY_URL = 'https://qyzmet.example.kz/verify';
const BIN = '050140000013';

const signerIin = makeIin('1980-06-15', 'male', 41);
const provider: ProviderCard = {
  code: 'PMSP07',
  bin: BIN,
  name: { kk: '«Қалалық емхана № 1» ШЖҚ МКК', ru: 'ГКП на ПХВ «Городская поликлиника № 1»' },
  city: { kk: 'Көкшетау', ru: 'Кокшетау' },
  address: { kk: 'Көкшетау қ., Әуезов к-сі, 12', ru: 'г. Кокшетау, ул. Ауэзова, 12' },
  phone: '+77162251234',
};
const address = { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Үкібай көшесі', house: '7', flat: '15' };

/** An appointment talon as tests/unit/documents.test.ts issues it; `round` makes each number distinct. */
function talon(round: number): DocumentInput {
  return {
    kind: 'appointment_talon',
    number: `PMSP07-26-K7QM4-${String(round % 100_000).padStart(5, '0')}-7`,
    issuedAt: new Date().toISOString(),
    request: {
      number: 'PMSP07-26-K7QM4-00042-7',
      service: 'phc.appointment',
      channel: 'portal',
      receivedAt: '2026-02-02T04:00:00.000Z',
      registeredAt: '2026-02-02T04:05:00.000Z',
      form: { speciality: 'district_paediatrician', preferredDate: '2026-02-10', reason: 'Баланың қызуы көтерілді' },
    },
    applicant: { kind: 'person', iin: makeIin('1990-03-08', 'female', 12), surname: 'ӘБІЛҚАСЫМОВА', name: 'ҒАЛИЯ', patronymic: 'ҚАЙРАТҚЫЗЫ', birthDate: '1990-03-08', address },
    provider,
    signer: { iin: signerIin, name: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ', position: { kk: 'Бөлім басшысы', ru: 'Руководитель отдела' } },
    details: { appointmentDate: '2026-02-10', appointmentTime: '10:30', doctorName: 'Жұмабекова Әсел', room: '214' },
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** median / p95 / max of sorted times; the target, when given, is held against the p95. */
function timeLine(name: string, sorted: number[], targetMs?: number): void {
  const p95 = percentile(sorted, 95);
  const verdict = targetMs === undefined ? '' : `  target ≤ ${targetMs} ms (p95): ${p95 <= targetMs ? 'ok' : 'over target'}`;
  figure(name, `n=${sorted.length}  median=${ms(percentile(sorted, 50))}  p95=${ms(p95)}  max=${ms(sorted[sorted.length - 1]!)}${verdict}`);
}

function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-documents-'));
  let hsm: SoftHsm | undefined;
  let tokens: TokenManager | undefined;
  let signer: TokenSigner | undefined;
  try {
    // A SoftHSM2 token holding the signer's RSA and EC keys with test certificates (НУЦ РК layout).
    const pki = await createTestPki({ now: new Date() });
    const person = { surname: 'СЕРІКБАЕВ', givenName: 'НҰРЛАН', patronymic: 'ӨМІРҰЛЫ', iin: signerIin, organisation: { name: 'ҚАЛАЛЫҚ ЕМХАНА № 1', bin: BIN } };
    const rsa = await pki.issue({ ...person, roles: ['legal_entity', 'right_of_signature'] });
    const ec = await pki.issue({ ...person, keyType: 'ec', roles: ['legal_entity', 'right_of_signature'] });
    hsm = createSoftHsm(work);
    hsm.initToken(TOKEN, { user: PIN });
    hsm.importKey(TOKEN, PIN, { idHex: '01', label: 'SIGN RSA', privateKeyPkcs8Der: rsa.privateKeyPkcs8Der, certDer: rsa.certDer });
    hsm.importKey(TOKEN, PIN, { idHex: '02', label: 'SIGN EC', privateKeyPkcs8Der: ec.privateKeyPkcs8Der, certDer: ec.certDer });

    // As the workstation does: the token manager loads the module, lists tokens, logs in for one key.
    process.env.SOFTHSM2_CONF = hsm.confPath;
    tokens = createTokenManager([hsm.modulePath]);
    const token = tokens.list().find((item) => item.label === TOKEN);
    if (!token) throw new Error(`the token "${TOKEN}" is not listed: ${JSON.stringify(tokens.modules())}`);
    signer = tokens.openSigner(token.ref, '01', PIN);
    const templates = loadTemplates();
    const options = { verifyUrl: VERIFY_URL, templates };

    // Warm-up: fonts read and parsed, templates loaded, the token's session used, code compiled.
    for (let round = 0; round < WARM_UP; round += 1) await issueDocument(talon(round), signer, options);

    // The whole issue: data → PDF with QR → PAdES inside (C_Sign on the token) → .p7s.
    settle();
    let signedSize = 0;
    let unsignedSize = 0;
    let round = 1000;
    const loadBefore = os.loadavg()[0]!;
    const issue = await measure(ROUNDS, async () => {
      const document = await issueDocument(talon(round++), signer!, options);
      signedSize = Math.max(signedSize, document.pdf.length);
      unsignedSize = Math.max(unsignedSize, document.unsignedLength);
    });

    // Rendering alone (the document's data built beforehand).
    const data = Array.from({ length: ROUNDS }, (_v, i) => buildDocumentData(talon(2000 + i), templates));
    settle();
    const render = await measure(ROUNDS, (i) => renderDocument(data[i]!, options));

    // PAdES signing alone, over rendered talons; and the token's C_Sign alone (over signed-attribute-sized data).
    const rendered = await Promise.all(data.map((item) => renderDocument(item, options)));
    settle();
    const sign = await measure(ROUNDS, (i) => signPdf(rendered[i]!.pdf, signer!, { signingTime: new Date(), name: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ', reason: 'bench' }));
    const attributes = new Uint8Array(200).fill(0x31);
    const cSign = await measure(ROUNDS, () => signer!.sign(attributes));

    // ECDSA P-256 on the same token (one signer per token at a time: the RSA one is closed first).
    signer.close();
    signer = tokens.openSigner(token.ref, '02', PIN);
    for (let i = 0; i < WARM_UP; i += 1) await issueDocument(talon(i), signer, options);
    settle();
    let ecSize = 0;
    const issueEc = await measure(ROUNDS, async () => {
      const document = await issueDocument(talon(round++), signer!, options);
      ecSize = Math.max(ecSize, document.pdf.length);
    });

    const loadAfter = os.loadavg()[0]!;
    const kb = (bytes: number) => bytes / 1024;
    figure('machine load (1-min average, before / after)', `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${os.cpus().length} cores (above the cores, times are inflated)`);
    timeLine('talon issue: render + QR + sign (RSA-2048, SoftHSM2)', issue, TARGET_MS);
    timeLine('  render + QR alone (A5, 1 page)', render);
    timeLine('  PAdES signing alone (incremental update + CMS)', sign);
    timeLine('    of which C_Sign on the token (RSA-2048)', cSign);
    timeLine('talon issue: render + QR + sign (ECDSA P-256)', issueEc, TARGET_MS);
    figure(
      'signed talon size (RSA-2048)',
      `${kb(signedSize).toFixed(1)} KB (unsigned ${kb(unsignedSize).toFixed(1)} KB)  target ≤ ${TARGET_KB} KB: ${kb(signedSize) <= TARGET_KB ? 'ok' : 'over target'}`,
    );
    figure('signed talon size (ECDSA P-256)', `${kb(ecSize).toFixed(1)} KB  target ≤ ${TARGET_KB} KB: ${kb(ecSize) <= TARGET_KB ? 'ok' : 'over target'}`);
  } finally {
    signer?.close();
    tokens?.close();
    hsm?.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
