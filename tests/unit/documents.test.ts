// Issued documents: templates for every result kind, PDF rendering with Kazakh text, the QR code,
// the signature inside the PDF (PAdES B-B on a SoftHSM2 token), and verification — checked with
// poppler (pdftotext, pdfsig, pdftoppm, pdfinfo, pdffonts), qpdf and OpenSSL, not only with our code.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { AFRelationship, PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/shared/catalogue';
import { DOCUMENT_DATA_FILE, parseQrPayload, type DocumentData, type ProviderCard } from '../../src/shared/documents';
import { canonicalJson } from '../../src/shared/requests/lifecycle';
import { buildDocumentData, DocumentDataError, documentHash, REFUSAL_KIND, type DocumentInput } from '../../src/main/documents/data';
import { issueDocument, type IssuedDocument } from '../../src/main/documents/issue';
import { signPdf } from '../../src/main/documents/pades';
import { renderDocument } from '../../src/main/documents/render';
import { loadTemplates, templateSchema } from '../../src/main/documents/templates';
import { verifyDocument } from '../../src/main/documents/verify-document';
import { parseCertificate } from '../../src/main/signing/certificates';
import type { KeySigner } from '../../src/main/signing/cms';
import { createTokenManager, type TokenManager, type TokenSigner } from '../../src/main/signing/pkcs11-tokens';
import { parseCrl, type TrustMaterial } from '../../src/main/signing/verify';
import { makeIin } from '../helpers/iin';
import { createTestPki, type IssuedCertificate, type TestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';

const CLI = path.resolve(__dirname, '../../dist/main/cli.cjs');
const PIN = '1234';
const TOKEN = 'Құжаттар';
const BIN = '050140000013';
const VERIFY_URL = 'https://qyzmet.example.kz/verify';
/** Every letter of the Kazakh alphabet that Russian lacks, both cases. */
const KAZAKH_LETTERS = 'ӘҒҚҢӨҰҮҺІ әғқңөұүһі';
const ISSUED_AT = '2026-02-03T09:15:00.000Z';

let work: string;
let pki: TestPki;
let hsm: SoftHsm;
let tokens: TokenManager;
let rsa: IssuedCertificate;
let ec: IssuedCertificate;
let rsaSigner: TokenSigner;
let trust: TrustMaterial;
const signerIin = makeIin('1980-06-15', 'male', 41);
const applicantIin = makeIin('1990-03-08', 'female', 12);
const childIin = makeIin('2015-09-01', 'male', 7);

const provider: ProviderCard = {
  code: 'PMSP07',
  bin: BIN,
  name: { kk: '«Қалалық емхана № 1» ШЖҚ МКК', ru: 'ГКП на ПХВ «Городская поликлиника № 1»' },
  city: { kk: 'Көкшетау', ru: 'Кокшетау' },
  address: { kk: `Көкшетау қ., Әуезов к-сі, 12 (${KAZAKH_LETTERS})`, ru: 'г. Кокшетау, ул. Ауэзова, 12' },
  phone: '+77162251234',
};

const address = { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Үкібай көшесі', house: '7', flat: '15' };

function baseInput(kind: string, service: string, form: Record<string, unknown>, details: Record<string, unknown>, extra: Partial<DocumentInput['request']> = {}): DocumentInput {
  const person = service.startsWith('media') || service.startsWith('licence');
  return {
    kind,
    number: `${provider.code}-26-K7QM4-000${kind.length}-7`,
    issuedAt: ISSUED_AT,
    request: {
      number: 'PMSP07-26-K7QM4-00042-7',
      service,
      channel: 'walk_in',
      receivedAt: '2026-02-02T04:00:00.000Z',
      registeredAt: '2026-02-02T04:05:00.000Z',
      form,
      ...extra,
    },
    applicant: person
      ? { kind: 'organisation', bin: '990440000123', name: { kk: '«Өңір медиа» ЖШС', ru: 'ТОО «Онир медиа»' }, headName: 'НҰРЛАНОВА ӘЙГЕРІМ', address }
      : { kind: 'person', iin: applicantIin, surname: 'ӘБІЛҚАСЫМОВА', name: 'ҒАЛИЯ', patronymic: 'ҚАЙРАТҚЫЗЫ', birthDate: '1990-03-08', address },
    provider,
    signer: { iin: signerIin, name: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ', position: { kk: 'Бөлім басшысы', ru: 'Руководитель отдела' } },
    details,
  };
}

/** A filled-in input for every template kind: the forms as the catalogue defines them. */
function sampleInputs(): Record<string, DocumentInput> {
  const appointment = { appointmentDate: '2026-02-10', appointmentTime: '10:30', doctorName: 'Жұмабекова Әсел', room: '214' };
  const apostilleForm = {
    documentKind: 'archival_reference',
    documentNumber: 'МА-17/2026',
    documentDate: '2026-01-20',
    issuingArchive: 'Ақмола облысының мемлекеттік мұрағаты',
    destinationCountry: 'Германия',
    copies: 2,
    byRepresentative: false,
  };
  const referenceForm = {
    subject: 'length_of_service',
    organisation: '«Көкшетау құрылыс» АҚ',
    yearFrom: 1985,
    yearTo: 1992,
    details: 'Шебер лауазымы',
    presentTo: 'БЖЗҚ',
    byRepresentative: true,
    representativeIin: signerIin,
    powerOfAttorneyNotarised: true,
    powerOfAttorneyNumber: '123',
    powerOfAttorneyDate: '2026-01-05',
  };
  const mediaForm = {
    mediaKind: 'periodical',
    title: 'Өңір жаңалықтары',
    languages: ['kk', 'ru'],
    territory: 'Ақмола облысы',
    frequency: 'Аптасына бір рет',
    subjectMatter: 'Қоғамдық-саяси',
    editorInChief: 'Нұрланова Әйгерім Серікқызы',
  };
  const media = { registrationNumber: '17-Ә-2026', registeredOn: '2026-02-03' };
  const phone = '+77011234567';
  return {
    appointment_journal_entry: baseInput('appointment_journal_entry', 'phc.appointment', { speciality: 'general_practitioner', preferredDate: '2026-02-10', reason: 'Тексеру', contactPhone: phone }, appointment, { channel: 'phone' }),
    appointment_talon: baseInput('appointment_talon', 'phc.appointment', { speciality: 'district_paediatrician', preferredDate: '2026-02-10', reason: 'Баланың қызуы көтерілді' }, appointment, { channel: 'portal' }),
    attachment_talon: baseInput('attachment_talon', 'phc.attachment', { attachmentReason: 'change_of_residence', address, currentOrganisation: 'Қалалық емхана № 2', contactPhone: phone }, { attachedFrom: '2026-02-03', district: '12', districtDoctor: 'Оспанов Ғалым' }),
    attachment_talon_electronic: baseInput('attachment_talon_electronic', 'phc.attachment', { attachmentReason: 'free_choice', address }, { attachedFrom: '2026-02-03' }, { channel: 'portal' }),
    home_call_journal_entry: baseInput('home_call_journal_entry', 'phc.home-call', { address, accessNotes: '2-кіреберіс, 3-қабат', symptoms: 'Жоғары қызу, жөтел', contactPhone: phone }, { visitDate: '2026-02-03', visitTime: '14:00–18:00' }, { channel: 'phone' }),
    home_call_certificate: baseInput('home_call_certificate', 'phc.home-call', { address, symptoms: 'Бас ауруы', patientIin: childIin }, { visitDate: '2026-02-03', doctorName: 'Құдайбергенов Үмбет' }, { channel: 'portal' }),
    unemployed_certificate: baseInput('unemployed_certificate', 'social.unemployed-certificate', { periodFrom: '2026-01-01', periodTo: '2026-01-31', presentTo: 'Әлеуметтік сақтандыру қоры' }, { registeredOn: '2025-11-20', caseNumber: 'Ж-1124' }),
    support_notification: baseInput('support_notification', 'social.disabled-children', { childIin, relationship: 'parent', school: '№ 5 мектеп-гимназия', homeEducationFrom: '2025-09-01', bankAccount: 'KZ86125KZT5004100100' }, { assignedFrom: '2026-02-01', amount: '22 500 ₸' }),
    apostille_readiness_notification: baseInput('apostille_readiness_notification', 'archive.apostille', apostilleForm, { readyOn: '2026-02-06', collectAt: 'Көкшетау қ., Абай к-сі, 89, 104-кабинет' }, { channel: 'portal' }),
    apostille: baseInput('apostille', 'archive.apostille', apostilleForm, { documentSignedBy: 'Жақыпова Гүлнар Төлеуқызы', signerCapacity: 'Мұрағат директоры', sealOf: 'Ақмола облысының мемлекеттік мұрағаты' }),
    archival_reference_readiness_notification: baseInput('archival_reference_readiness_notification', 'archive.reference', referenceForm, { readyOn: '2026-02-05' }, { channel: 'portal' }),
    archival_reference: baseInput('archival_reference', 'archive.reference', referenceForm, {
      findings: '«Көкшетау құрылыс» АҚ бойынша бұйрықтарда ӘБІЛҚАСЫМОВА Ғалия Қайратқызы 1985 жылғы 1 наурыздан 1992 жылғы 30 маусымға дейін шебер лауазымында жұмыс істегені көрсетілген.',
      sources: 'Қор 112, тізімдеме 2, іс 45, 12–19 парақтар',
    }),
    media_registration_notification: baseInput('media_registration_notification', 'media.registration', mediaForm, media, { channel: 'portal' }),
    media_registration_certificate: baseInput('media_registration_certificate', 'media.registration', mediaForm, media),
    e_licence: baseInput(
      'e_licence',
      'licence.medical',
      {
        subtypes: ['pre_medical_care', 'qualified_care', 'laboratory_diagnostics'],
        premises: [
          { kind: 'head_office', address },
          { kind: 'branch', address: { ...address, street: 'Мәлік Ғабдуллин көшесі', house: '3', flat: null } },
        ],
        contactPhone: phone,
      },
      { licenceNumber: '26-ҚР-00017', firstIssuedOn: '2026-02-03' },
      { operation: 'issue' },
    ),
    import_export_approval: baseInput(
      'import_export_approval',
      'licence.med-import-export',
      {
        direction: 'import',
        country: 'Германия',
        counterparty: 'Pharma GmbH',
        purpose: 'Мемлекеттік тіркеу үшін сынақтар',
        goods: [
          { name: 'Амоксициллин 500 мг', category: 'medicine', registration: 'unregistered', quantity: 200, unit: 'қаптама', manufacturer: 'Pharma GmbH' },
          { name: 'Ультрадыбыстық аппарат', category: 'medical_equipment', registration: 'registered', quantity: 1, unit: 'дана', manufacturer: 'Medtech AG' },
        ],
      },
      { validUntil: '2026-12-31' },
      { channel: 'portal' },
    ),
    [REFUSAL_KIND]: baseInput(REFUSAL_KIND, 'social.unemployed-certificate', { periodFrom: '2026-01-01', periodTo: '2026-01-31' }, { ground: 'documents_invalid', reason: 'Жеке куәліктің көшірмесі оқылмайды; құжаттар толық емес.' }),
  };
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { encoding: 'utf8' });
}

/** pdftotext output with every run of whitespace made one space. */
function extractText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-documents-'));
  pki = await createTestPki({ now: new Date() });
  pki.writeTrustDir(path.join(work, 'trust'));
  const person = { surname: 'СЕРІКБАЕВ', givenName: 'НҰРЛАН', patronymic: 'ӨМІРҰЛЫ', iin: signerIin, organisation: { name: 'ҚАЛАЛЫҚ ЕМХАНА № 1', bin: BIN } };
  rsa = await pki.issue({ ...person, roles: ['legal_entity', 'right_of_signature'] });
  ec = await pki.issue({ ...person, keyType: 'ec', roles: ['legal_entity', 'right_of_signature'] });
  hsm = createSoftHsm(work);
  hsm.initToken(TOKEN, { user: PIN });
  hsm.importKey(TOKEN, PIN, { idHex: '01', label: 'SIGN RSA', privateKeyPkcs8Der: rsa.privateKeyPkcs8Der, certDer: rsa.certDer });
  hsm.importKey(TOKEN, PIN, { idHex: '02', label: 'SIGN EC', privateKeyPkcs8Der: ec.privateKeyPkcs8Der, certDer: ec.certDer });
  process.env.SOFTHSM2_CONF = hsm.confPath;
  tokens = createTokenManager([hsm.modulePath]);
  const ref = tokens.list().find((token) => token.label === TOKEN)!.ref;
  rsaSigner = tokens.openSigner(ref, '01', PIN);
  const crl = await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3_600_000), nextUpdate: new Date(Date.now() + 86_400_000) });
  fs.writeFileSync(path.join(work, 'fresh.crl'), crl);
  trust = { roots: [parseCertificate(pki.root.certDer)], intermediates: [parseCertificate(pki.issuing.certDer)], crls: [parseCrl(crl)] };
}, 60_000);

afterAll(() => {
  rsaSigner?.close();
  tokens?.close();
  hsm?.cleanup();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('templates', () => {
  it('every result kind of the catalogue has a template for its service, and every template is a result kind', () => {
    const templates = loadTemplates();
    const kinds = new Set<string>();
    for (const service of CATALOGUE) {
      for (const result of service.results) {
        kinds.add(result.kind);
        const template = templates.get(result.kind);
        expect(template, `template for ${service.code} ${result.kind}`).toBeDefined();
        expect(template!.services === '*' || template!.services.includes(service.code)).toBe(true);
        expect(template!.languages[0], `${result.kind}: Kazakh first`).toBe('kk');
      }
    }
    expect(templates.get(REFUSAL_KIND)?.services).toBe('*');
    expect(templates.kinds().sort()).toEqual([...kinds, REFUSAL_KIND].sort());
    expect(Object.keys(sampleInputs()).sort()).toEqual(templates.kinds().sort());
  });

  it('talons are A5, certificates and licences A4; the apostille has the ten numbered fields of the Hague Convention', () => {
    const templates = loadTemplates();
    for (const kind of ['appointment_talon', 'attachment_talon', 'attachment_talon_electronic', 'appointment_journal_entry']) expect(templates.get(kind)!.page).toBe('A5');
    for (const kind of ['unemployed_certificate', 'e_licence', 'apostille', 'media_registration_certificate', REFUSAL_KIND]) expect(templates.get(kind)!.page).toBe('A4');
    const apostille = JSON.stringify(templates.get('apostille')!.body);
    const numbers = [...apostille.matchAll(/"number":"(\d+)"/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(apostille).toContain('Convention de La Haye du 5 octobre 1961');
  });

  it('a template is data: a changed copy renders its new text with no code change', async () => {
    const dir = path.join(work, 'templates-copy');
    fs.cpSync(loadTemplates().dir, dir, { recursive: true });
    const file = path.join(dir, 'appointment_talon.json');
    const template = templateSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    template.body.push({ type: 'text', text: { kk: 'Жаңа жол: {{details.room}}-кабинет', ru: 'Новая строка: кабинет {{details.room}}' } });
    fs.writeFileSync(file, JSON.stringify(template));
    const templates = loadTemplates(dir);
    const data = buildDocumentData(sampleInputs().appointment_talon!, templates);
    const rendered = await renderDocument(data, { verifyUrl: VERIFY_URL, templates });
    const text = extractText(write('changed-template.pdf', rendered.pdf));
    expect(text).toContain('Жаңа жол: 214-кабинет');
    expect(text).toContain('Новая строка: кабинет 214');
  });

  it('the licence follows its operation: a duplicate is marked and its annex comes from the details', async () => {
    const input = sampleInputs().e_licence!;
    const duplicate: DocumentInput = {
      ...input,
      request: { ...input.request, operation: 'duplicate', form: { licenceNumber: '19-ҚР-00003', licenceDate: '2019-04-01', duplicateReason: 'lost' } },
      details: { licenceNumber: '19-ҚР-00003', subtypes: ['emergency_care'], premises: [{ kind: 'Филиал', address: 'Ақмола облысы, Степногорск, Әл-Фараби к-сі, 2' }] },
    };
    const rendered = await renderDocument(buildDocumentData(duplicate), { verifyUrl: VERIFY_URL });
    const text = extractText(write('duplicate.pdf', rendered.pdf));
    for (const expected of ['ТЕЛНҰСҚА / ДУБЛИКАТ', 'Телнұсқаны алу себебі', 'Жоғалуы', '01.04.2019', 'Жедел медициналық көмек', 'Әл-Фараби к-сі, 2', '19-ҚР-00003']) {
      expect(text, expected).toContain(expected);
    }
    const reissue = buildDocumentData({ ...input, request: { ...input.request, operation: 'reissue', form: { subtypes: ['qualified_care'], licenceNumber: '19-ҚР-00003', licenceDate: '2019-04-01', reissueReason: 'address_change', reissueDetails: 'Жаңа мекенжай' } } });
    const reissued = extractText(write('reissue.pdf', (await renderDocument(reissue, { verifyUrl: VERIFY_URL })).pdf));
    expect(reissued).not.toContain('ТЕЛНҰСҚА');
    expect(reissued).toContain('Жаңа мекенжай');
    expect(reissued).toContain('№ 19-ҚР-00003, 01.04.2019');
  });

  it('a journal slip without a signer renders without the signer block', async () => {
    const rendered = await renderDocument(buildDocumentData({ ...sampleInputs().appointment_journal_entry!, signer: null }), { verifyUrl: VERIFY_URL });
    const text = extractText(write('slip.pdf', rendered.pdf));
    expect(text).toContain('Дәрігердің қабылдауына алдын ала жазылу журналындағы жазба');
    expect(text).not.toContain('Уәкілетті тұлға');
    expect(text).toContain(rendered.sha256);
  });

  it('the data are checked against the catalogue and the template inputs', () => {
    const inputs = sampleInputs();
    const code = (input: DocumentInput) => {
      try {
        buildDocumentData(input);
        return null;
      } catch (error) {
        return (error as DocumentDataError).code;
      }
    };
    expect(code({ ...inputs.apostille!, kind: 'no_such_kind' })).toBe('unknown_kind');
    expect(code({ ...inputs.apostille!, kind: 'appointment_talon' })).toBe('not_a_result_of_service');
    expect(code({ ...inputs.apostille!, details: { signerCapacity: 'Директор' } })).toBe('detail_missing');
    expect(code({ ...inputs.appointment_talon!, details: { ...inputs.appointment_talon!.details, appointmentTime: '25:00' } })).toBe('detail_invalid');
    expect(code({ ...inputs.e_licence!, request: { ...inputs.e_licence!.request, operation: 'duplicate' } })).toBe('detail_missing');
    expect(code({ ...inputs.e_licence!, request: { ...inputs.e_licence!.request, operation: null } })).toBe('unknown_operation');
    expect(code({ ...inputs[REFUSAL_KIND]!, details: { ground: 'not_attached', reason: 'x' } })).toBe('detail_invalid');
    expect(code(inputs[REFUSAL_KIND]!)).toBeNull();
  });
});

describe('every template, rendered and signed on the token', () => {
  const issued = new Map<string, IssuedDocument>();
  const files = new Map<string, string>();

  beforeAll(async () => {
    for (const [kind, input] of Object.entries(sampleInputs())) {
      const document = await issueDocument(input, rsaSigner, { verifyUrl: VERIFY_URL, signingTime: new Date() });
      issued.set(kind, document);
      files.set(kind, write(`${kind}.pdf`, document.pdf));
    }
  }, 120_000);

  it('pdftotext extracts the Kazakh text exactly: titles, names, every Kazakh letter, in both languages', () => {
    const templates = loadTemplates();
    for (const [kind, file] of files) {
      const text = extractText(file);
      const template = templates.get(kind)!;
      const data = issued.get(kind)!.data;
      for (const expected of [KAZAKH_LETTERS, provider.name.kk, provider.name.ru, 'ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / РЕСПУБЛИКА КАЗАХСТАН', 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ', 'Электрондық цифрлық қолтаңбамен қол қойылды']) {
        expect(text, `${kind}: ${expected}`).toContain(expected);
      }
      const applicant = data.applicant.kind === 'person' ? 'ӘБІЛҚАСЫМОВА ҒАЛИЯ ҚАЙРАТҚЫЗЫ' : '«Өңір медиа» ЖШС';
      // The apostille is the Hague Convention's form: it names the document and its signer, not the applicant.
      if (kind !== 'apostille') expect(text, `${kind}: applicant`).toContain(applicant);
      expect(text, `${kind}: number`).toContain(data.number);
      expect(text, `${kind}: the heading`).toContain(spaced(template.body.some((block) => JSON.stringify(block).includes('document.title')) ? template.title.kk : ''));
    }
    const talon = extractText(files.get('appointment_talon')!);
    expect(talon).toContain('Дәрігердің қабылдауына жазылу туралы электрондық талон');
    expect(talon).toContain('Участковый педиатр');
    expect(talon).toContain('10.02.2026 10:30');
    const licence = extractText(files.get('e_licence')!);
    for (const expected of ['ЛИЦЕНЗИЯ', 'Лицензияға қосымша', 'Приложение к лицензии', 'Мәлік Ғабдуллин көшесі', 'Филиал', '26-ҚР-00017']) expect(licence).toContain(expected);
    const apostille = extractText(files.get('apostille')!);
    for (const expected of ['APOSTILLE', '(Convention de La Haye du 5 octobre 1961)', 'Қазақстан Республикасы', 'Жақыпова Гүлнар Төлеуқызы', '10. Қолы']) expect(apostille).toContain(expected);
    const approval = extractText(files.get('import_export_approval')!);
    for (const expected of ['Амоксициллин 500 мг', 'Дәрілік', 'Ультрадыбыстық аппарат']) expect(approval).toContain(expected);
  });

  it('fonts are embedded subsets with Unicode maps; pages are A5 for talons and A4 otherwise; metadata is set', () => {
    for (const [kind, file] of files) {
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length, kind).toBe(2);
      for (const line of fonts) expect(line, kind).toMatch(/^[A-Z]{6}\+DejaVuSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
      const page = loadTemplates().get(kind)!.page;
      expect(info, kind).toMatch(page === 'A5' ? /Page size:\s+419\.53 x 595\.28 pts/ : /Page size:\s+595\.28 x 841\.89 pts/);
      const data = issued.get(kind)!.data;
      expect(info).toMatch(new RegExp(`Subject:\\s+${data.number}`));
      expect(info).toContain(`sha256:${documentHash(data)}`);
      expect(info).toMatch(/Author:\s+СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ, «Қалалық емхана № 1» ШЖҚ МКК/);
      expect(info).toMatch(/Producer:\s+Qyzmet/);
      expect(info).toMatch(/CreationDate:\s+2026-02-03T09:15:00Z/);
      const title = loadTemplates().get(kind)!.title;
      expect(info).toMatch(new RegExp(`Title:\\s+${title.kk} / ${title.ru}\n`.replace(/[()]/g, '\\$&')));
    }
    expect(execFileSync('pdfinfo', [files.get('e_licence')!], { encoding: 'utf8' })).toMatch(/Pages:\s+2/);
  });

  it('qpdf --check passes for every document', () => {
    for (const [kind, file] of files) {
      const result = run('qpdf', ['--check', file]);
      expect(result.stdout + result.stderr, kind).toContain('No syntax or stream encoding errors found');
      expect(result.status, kind).toBe(0);
    }
  });

  it('pdfsig reports every signature valid, signed by the token holder, over the total document', () => {
    for (const [kind, file] of files) {
      const output = run('pdfsig', [file]).stdout;
      expect(output, kind).toContain('Signature Validation: Signature is Valid.');
      expect(output, kind).toContain('Signer Certificate Common Name: СЕРІКБАЕВ НҰРЛАН');
      expect(output, kind).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
      expect(output, kind).toContain('Total document signed');
    }
  });

  it('our verification passes every check: signature, chain, CRL, byte range, embedded data and QR hash', async () => {
    for (const [kind, document] of issued) {
      const verdict = await verifyDocument(document.pdf, { trust, expectIin: signerIin, expectBin: BIN });
      expect(verdict.checks.filter((check) => check.status !== 'pass'), kind).toEqual([]);
      expect(verdict.ok).toBe(true);
      expect(verdict.checks.map((check) => check.name)).toEqual([
        'pdf_structure',
        'signature_format',
        'byte_range',
        'signature',
        'content_digest',
        'signing_certificate',
        'chain',
        'validity',
        'revocation',
        'key_usage',
        'iin_match',
        'bin_match',
        'embedded_data',
        'metadata',
        'qr_code',
        'qr_hash',
      ]);
      expect(verdict.document).toMatchObject({ kind, number: document.data.number, issuedOn: '2026-02-03', issuer: BIN, sha256: document.sha256, qrPayload: document.qrPayload });
      expect(verdict.signer?.subject.iin).toBe(signerIin);
    }
  });

  it('the QR code read from the printed page (pdftoppm → jsQR) carries number, date, issuer and the hash of the embedded data', async () => {
    for (const kind of ['appointment_talon', 'e_licence', 'apostille']) {
      const file = files.get(kind)!;
      const document = issued.get(kind)!;
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
      const prefix = path.join(work, `${kind}-page`);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(pages), '-l', String(pages), '-singlefile', file, prefix]);
      const { data, info } = await sharp(`${prefix}.png`).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
      expect(code?.data, kind).toBe(document.qrPayload);
      const content = parseQrPayload(code!.data)!;
      expect(content).toMatchObject({ verifyUrl: VERIFY_URL, number: document.data.number, date: '2026-02-03', issuer: BIN });
      // The hash is recomputable from the document alone: the embedded JSON, saved by poppler.
      const saved = path.join(work, `${kind}.json`);
      expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain(`1: ${DOCUMENT_DATA_FILE}`);
      execFileSync('pdfdetach', ['-save', '1', '-o', saved, file]);
      const json = fs.readFileSync(saved);
      expect(createHash('sha256').update(json).digest('hex')).toBe(content.sha256);
      const data2 = JSON.parse(json.toString('utf8')) as DocumentData;
      expect(canonicalJson(data2)).toBe(json.toString('utf8'));
      expect(documentHash(data2)).toBe(content.sha256);
    }
  });

  it('the signed PDF begins with the rendered bytes, and the .p7s is the same CMS, verifiable by OpenSSL over the ByteRange', () => {
    const document = issued.get('appointment_talon')!;
    const rendered = document.pdf.subarray(0, document.unsignedLength);
    expect(Buffer.from(rendered).toString('latin1')).toMatch(/%%EOF\s*$/);
    const [, a, b, c] = document.byteRange;
    expect(b + c).toBe(document.pdf.length);
    const hole = Buffer.from(document.pdf.subarray(a + 1, b - 1)).toString('latin1');
    expect(hole.startsWith(Buffer.from(document.p7s).toString('hex'))).toBe(true);
    const content = write('talon.signed-bytes', Buffer.concat([document.pdf.subarray(0, a), document.pdf.subarray(b)]));
    const p7s = write('talon.p7s', document.p7s);
    const ca = path.join(work, 'ca.pem');
    fs.writeFileSync(ca, `${pki.root.certPem.trim()}\n${pki.issuing.certPem.trim()}\n`);
    const result = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', content, '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null']);
    expect(result.stderr).toContain('Verification successful');
  });

  it('a byte changed after signing: our verification fails (content digest) and pdfsig does not say valid', async () => {
    const document = issued.get('unemployed_certificate')!;
    const changed = Buffer.from(document.pdf);
    // One hex digit of the Producer in the Info dictionary: the file still parses.
    const at = changed.indexOf('/Producer <') + '/Producer <'.length + 8;
    changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
    const verdict = await verifyDocument(changed, { trust });
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((check) => check.name === 'content_digest')).toMatchObject({ status: 'fail', reason: 'content_modified' });
    const output = run('pdfsig', [write('changed.pdf', changed)]).stdout;
    expect(output).not.toContain('Signature is Valid.');
    expect(output).toMatch(/Signature Validation: Digest Mismatch|Signature Validation: Signature is Invalid/);
  });

  it('a changed signature value fails the signature check', async () => {
    const document = issued.get('unemployed_certificate')!;
    const changed = Buffer.from(document.pdf);
    const [, a] = document.byteRange;
    const at = a + 1 + document.p7s.length * 2 - 10; // inside the RSA signature value, near its end
    changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
    const verdict = await verifyDocument(changed, { trust });
    expect(verdict.checks.find((check) => check.name === 'signature')).toMatchObject({ status: 'fail' });
    expect(run('pdfsig', [write('changed-signature.pdf', changed)]).stdout).not.toContain('Signature is Valid.');
  });

  it('an incremental update appended after signing is reported as such', async () => {
    const document = issued.get('apostille')!;
    const original = Buffer.from(document.pdf).toString('latin1');
    const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(original)![1]);
    const size = Number([...original.matchAll(/\/Size (\d+)/g)].pop()![1]);
    const root = [...original.matchAll(/\/Root (\d+ \d+ R)/g)].pop()![1];
    const objectAt = document.pdf.length;
    const object = `${size} 0 obj\n<< /Title (Changed after signing) >>\nendobj\n`;
    const xrefAt = objectAt + object.length;
    const update = `${object}xref\n${size} 1\n${String(objectAt).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const updated = Buffer.concat([Buffer.from(document.pdf), Buffer.from(update, 'latin1')]);
    const file = write('updated.pdf', updated);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toContain('Changed after signing');
    const verdict = await verifyDocument(updated, { trust });
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((check) => check.name === 'byte_range')).toMatchObject({ status: 'fail', reason: 'incremental_update' });
    // The signed revision itself is intact — the CMS still verifies over its ByteRange.
    expect(verdict.checks.find((check) => check.name === 'content_digest')?.status).toBe('pass');
    expect(run('pdfsig', [file]).stdout).toContain('Not total document signed');
  });

  it('embedded data that do not match the QR hash fail qr_hash even under a valid signature', async () => {
    const input = sampleInputs().appointment_talon!;
    const rendered = await renderDocument(buildDocumentData(input), { verifyUrl: VERIFY_URL });
    // Re-attach different data (another appointment time) to the rendered PDF, then sign that.
    const doc = await PDFDocument.load(rendered.pdf, { updateMetadata: false });
    const forged = { ...rendered.data, details: { ...rendered.data.details, appointmentTime: '16:45' } };
    doc.catalog.delete(PDFName.of('Names'));
    await doc.attach(new TextEncoder().encode(canonicalJson(forged)), DOCUMENT_DATA_FILE, { mimeType: 'application/json', afRelationship: AFRelationship.Data });
    const tampered = await doc.save({ useObjectStreams: false });
    const signed = await signPdf(tampered, rsaSigner, { signingTime: new Date() });
    expect(run('pdfsig', [write('forged.pdf', signed.pdf)]).stdout).toContain('Signature is Valid.');
    const verdict = await verifyDocument(signed.pdf, { trust });
    expect(verdict.checks.find((check) => check.name === 'content_digest')?.status).toBe('pass');
    expect(verdict.checks.find((check) => check.name === 'qr_hash')).toMatchObject({ status: 'fail', reason: 'hash_mismatch' });
    expect(verdict.ok).toBe(false);
  });

  it('an unsigned rendering (preview) is reported as having no signature', async () => {
    const rendered = await renderDocument(buildDocumentData(sampleInputs().appointment_talon!), { verifyUrl: VERIFY_URL });
    const verdict = await verifyDocument(rendered.pdf, { trust });
    expect(verdict.ok).toBe(false);
    expect(verdict.checks[0]).toMatchObject({ name: 'pdf_structure', status: 'fail', reason: 'no_signature' });
    expect(verdict.checks.find((check) => check.name === 'qr_hash')?.status).toBe('pass');
    expect((await verifyDocument(new TextEncoder().encode('not a pdf'), { trust })).checks[0]).toMatchObject({ name: 'pdf_structure', reason: 'not_a_pdf' });
  });

  it('rendering is deterministic: the same data give the same bytes', async () => {
    const data = buildDocumentData(sampleInputs().apostille!);
    const first = await renderDocument(data, { verifyUrl: VERIFY_URL });
    const second = await renderDocument(data, { verifyUrl: VERIFY_URL });
    expect(Buffer.compare(Buffer.from(first.pdf), Buffer.from(second.pdf))).toBe(0);
  });
});

describe('other key types and sources', () => {
  it('an ECDSA P-256 key on the token signs a document that pdfsig and our verification accept', async () => {
    const ref = tokens.list().find((token) => token.label === TOKEN)!.ref;
    // One signer per token at a time (a PKCS#11 login is the whole token's): the RSA one kept open
    // for the other tests is closed first, and a second signer meanwhile is refused as busy.
    rsaSigner.close();
    const signer = tokens.openSigner(ref, '02', PIN);
    expect(() => tokens.openSigner(ref, '01', PIN)).toThrow(expect.objectContaining({ code: 'token_busy' }));
    try {
      const document = await issueDocument(sampleInputs().home_call_certificate!, signer, { verifyUrl: VERIFY_URL });
      expect(run('pdfsig', [write('ec.pdf', document.pdf)]).stdout).toContain('Signature Validation: Signature is Valid.');
      expect((await verifyDocument(document.pdf, { trust })).ok).toBe(true);
    } finally {
      signer.close();
      rsaSigner = tokens.openSigner(ref, '01', PIN);
    }
  });

  it('a key in a file (a plain KeySigner) signs the same way', async () => {
    const { createPrivateKey, sign } = await import('node:crypto');
    const key = createPrivateKey({ key: Buffer.from(rsa.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
    const signer: KeySigner = { certificate: rsa.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(sign('sha256', data, key)) };
    const document = await issueDocument(sampleInputs().unemployed_certificate!, signer, { verifyUrl: VERIFY_URL });
    expect((await verifyDocument(document.pdf, { trust })).ok).toBe(true);
  });
});

describe('figures', () => {
  it('render + QR + sign of one talon on SoftHSM2, and its size', async () => {
    const input = sampleInputs().appointment_talon!;
    await issueDocument(input, rsaSigner, { verifyUrl: VERIFY_URL }); // warm: fonts parsed, modules loaded
    const rounds = 10;
    const render: number[] = [];
    const sign: number[] = [];
    const total: number[] = [];
    let size = 0;
    for (let index = 0; index < rounds; index += 1) {
      const started = performance.now();
      const data = buildDocumentData({ ...input, number: `PMSP07-26-K7QM4-${String(index).padStart(5, '0')}-7` });
      const rendered = await renderDocument(data, { verifyUrl: VERIFY_URL });
      const renderedAt = performance.now();
      const signed = await signPdf(rendered.pdf, rsaSigner, { signingTime: new Date() });
      const done = performance.now();
      render.push(renderedAt - started);
      sign.push(done - renderedAt);
      total.push(done - started);
      size = signed.pdf.length;
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(1);
    console.log(`talon (A5, RSA-2048 on SoftHSM2): render + QR ${median(render)} ms, sign ${median(sign)} ms, total median ${median(total)} ms, max ${Math.max(...total).toFixed(1)} ms; ${(size / 1024).toFixed(1)} KB`);
    expect(size).toBeLessThan(100 * 1024);
  }, 60_000);
});

describe('qyzmet verify-document', () => {
  function qyzmet(args: string[]) {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, QYZMET_DATA_DIR: path.join(work, 'data') }, encoding: 'utf8' });
  }

  it('exits 0 when every check passes, 1 for a changed document or no CRL, 2 for a usage error', async () => {
    const document = await issueDocument(sampleInputs().archival_reference!, rsaSigner, { verifyUrl: VERIFY_URL });
    const file = write('cli.pdf', document.pdf);
    const trustDir = path.join(work, 'trust');
    const crl = path.join(work, 'fresh.crl');
    const ok = qyzmet(['verify-document', '--offline', file, '--trust', trustDir, '--crl', crl, '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, document: { kind: 'archival_reference', sha256: document.sha256 } });
    const text = qyzmet(['verify-document', '--offline', file, '--trust', trustDir, '--crl', crl]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/PASS\s+qr_hash/);
    expect(text.stdout).toContain('every check passed');

    const changed = Buffer.from(document.pdf);
    const at = changed.indexOf('/Producer <') + '/Producer <'.length + 8;
    changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
    const bad = qyzmet(['verify-document', '--offline', write('cli-changed.pdf', changed), '--trust', trustDir, '--crl', crl]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+content_digest — content_modified/);

    const appended = qyzmet(['verify-document', '--offline', write('cli-appended.pdf', Buffer.concat([Buffer.from(document.pdf), Buffer.from('\n% appended\n')])), '--trust', trustDir, '--crl', crl]);
    expect(appended.status).toBe(1);
    expect(appended.stdout).toMatch(/FAIL\s+byte_range — modified_after_signing/);

    const noCrl = qyzmet(['verify-document', '--offline', file, '--trust', trustDir]);
    expect(noCrl.status).toBe(1);
    expect(noCrl.stdout).toMatch(/COULD NOT CHECK\s+revocation — crl_missing/);

    expect(qyzmet(['verify-document']).status).toBe(2);
    expect(qyzmet(['verify-document', path.join(work, 'missing.pdf')]).status).toBe(2);
  }, 60_000);
});
