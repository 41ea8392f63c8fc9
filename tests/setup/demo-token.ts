// A training token for trying the workstation without a real Kaztoken: a SoftHSM2 token (PIN 1234)
// with a signing certificate for one staff member, issued by a DEMO certification centre whose root
// is put into the workstation's trust folder (with a fresh CRL). For demonstrations and development
// only — remove <data folder>/trust/demo-*.pem and the demo token before real use.
//
//   npm run demo:token -- --iin 850412400111 --name "Айгерим Сейткали"
//   SOFTHSM2_CONF=<printed path> npm start
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../src/main/data-dir';
import { checkIin } from '../../src/shared/domain/iin';
import { createTestPki } from '../helpers/pki';
import { createSoftHsm } from '../helpers/softhsm';

const { values } = parseArgs({ options: { iin: { type: 'string' }, name: { type: 'string' } } });
if (!values.iin || !values.name || !checkIin(values.iin).valid) {
  console.error('usage: npm run demo:token -- --iin <the staff member\'s IIN> --name "<Name Surname>"');
  process.exit(2);
}
const dataDir = defaultDataDir();
const [surname = values.name, ...given] = values.name.trim().split(/\s+/).reverse();
const pki = await createTestPki();
const cert = await pki.issue({
  surname: surname.toUpperCase(),
  givenName: given.reverse().join(' ').toUpperCase() || surname.toUpperCase(),
  iin: values.iin,
  organisation: { name: 'DEMO ҰЙЫМ', bin: '050140000013' },
  roles: ['legal_entity', 'right_of_signature'],
  notAfter: new Date(Date.now() + 365 * 86_400_000),
});
fs.mkdirSync(path.join(dataDir, 'trust'), { recursive: true });
fs.writeFileSync(path.join(dataDir, 'trust', 'demo-root.pem'), pki.root.certPem);
fs.writeFileSync(path.join(dataDir, 'trust', 'demo-issuing.pem'), pki.issuing.certPem);
fs.mkdirSync(path.join(dataDir, 'crl'), { recursive: true });
const day = 86_400_000;
fs.writeFileSync(path.join(dataDir, 'crl', 'demo.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - day), nextUpdate: new Date(Date.now() + 30 * day) }));
fs.mkdirSync(path.join(dataDir, 'demo-softhsm'), { recursive: true });
const hsm = createSoftHsm(path.join(dataDir, 'demo-softhsm'));
hsm.initToken('Qyzmet demo', { user: '1234' });
hsm.importKey('Qyzmet demo', '1234', { idHex: '01', label: 'SIGN', privateKeyPkcs8Der: cert.privateKeyPkcs8Der, certDer: cert.certDer });
console.log(`demo token "Qyzmet demo" (PIN 1234) for IIN ${values.iin}; the demo root is trusted in ${path.join(dataDir, 'trust')}`);
console.log(`start the workstation with:\n  SOFTHSM2_CONF=${hsm.confPath} npm start`);
