// The trusted roots and the revocation lists. Roots ship in resources/trust and an administrator may
// add more in <data folder>/trust; CRLs are files in <data folder>/crl — put there by hand or fetched
// from the certificates' distribution points while online, and kept for offline work.
import fs from 'node:fs';
import path from 'node:path';
import type { CrlEntry, TrustEntry } from '../../shared/signing';
import { shippedResourceDir } from '../resources-dir';
import { parseCertificates, sha256Hex, type ParsedCertificate } from './certificates';
import { parseCrl, type ParsedCrl, type TrustMaterial } from './verify';

export interface TrustStore {
  material(): TrustMaterial;
  roots(): TrustEntry[];
  crls(): CrlEntry[];
  /** Adds a CA certificate (PEM or DER) to <data folder>/trust; throws CertificateFormatError. */
  addRoot(bytes: Uint8Array): TrustEntry;
  /** Stores a CRL (PEM or DER) in the cache; throws when it is not a CRL. */
  addCrl(bytes: Uint8Array): CrlEntry;
  /** Fetches the CRLs the given distribution points name; returns how many were fetched and stored. */
  refreshCrls(urls: readonly string[], fetchImpl?: typeof fetch): Promise<{ fetched: number; failed: { url: string; reason: string }[] }>;
}

const CERT_FILE = /\.(pem|crt|cer|der)$/i;
const FETCH_TIMEOUT_MS = 4_000;
const RETRY_AFTER_MS = 5 * 60_000;

export function createTrustStore(options: { dataDir: string; shippedDir?: string | null; extraCrlFiles?: readonly string[] }): TrustStore {
  const shippedDir = options.shippedDir === undefined ? shippedResourceDir('trust') : options.shippedDir;
  const addedDir = path.join(options.dataDir, 'trust');
  const crlDir = path.join(options.dataDir, 'crl');
  const recentFailures = new Map<string, number>();
  // Every verification reads the trust folders (a root or CRL added meanwhile counts at once); a file
  // is parsed again only when it changed, not for each of a batch's signatures.
  const parsed = new Map<string, { stamp: string; value: unknown }>();
  function parseFile<T>(file: string, parse: (bytes: Uint8Array) => T): T {
    const stat = fs.statSync(file);
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    const cached = parsed.get(file);
    if (cached?.stamp === stamp) return cached.value as T;
    const value = parse(fs.readFileSync(file));
    parsed.set(file, { stamp, value });
    return value;
  }

  function readCertificates(dir: string | null, source: TrustEntry['source']): { cert: ParsedCertificate; entry: TrustEntry }[] {
    if (!dir || !fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((name) => CERT_FILE.test(name))
      .sort()
      .flatMap((name) => {
        const file = path.join(dir, name);
        try {
          return parseFile(file, parseCertificates).map((cert) => ({
            cert,
            entry: { fingerprint: cert.info.fingerprint, subject: cert.info.subject.commonName ?? cert.info.issuer, notAfter: cert.info.notAfter, source, file },
          }));
        } catch {
          // A file that is not a certificate is left out (and not trusted), never fatal.
          return [];
        }
      });
  }

  function allCertificates() {
    return [...readCertificates(shippedDir, 'shipped'), ...readCertificates(addedDir, 'added')];
  }

  function readCrls(): { crl: ParsedCrl; file: string }[] {
    const files = fs.existsSync(crlDir) ? fs.readdirSync(crlDir).map((name) => path.join(crlDir, name)) : [];
    return [...files, ...(options.extraCrlFiles ?? [])].flatMap((file) => {
      try {
        return [{ crl: parseFile(file, parseCrl), file }];
      } catch {
        return [];
      }
    });
  }

  function describeCrl(crl: ParsedCrl, file: string): CrlEntry {
    const issuer = crl.pki.issuer.typesAndValues.find((entry) => entry.type === '2.5.4.3');
    const name = (issuer?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
    return { file, issuer: typeof name === 'string' ? name : '', thisUpdate: crl.thisUpdate.toISOString(), nextUpdate: crl.nextUpdate?.toISOString() ?? null };
  }

  function writeAtomically(file: string, bytes: Uint8Array) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, file);
  }

  function addCrl(bytes: Uint8Array): CrlEntry {
    const crl = parseCrl(bytes);
    const file = path.join(crlDir, `${sha256Hex(crl.der).slice(0, 32)}.crl`);
    writeAtomically(file, crl.der);
    return describeCrl(crl, file);
  }

  return {
    material() {
      const certs = allCertificates().map((item) => item.cert);
      const selfSigned = (cert: ParsedCertificate) => cert.pki.issuer.isEqual(cert.pki.subject);
      return { roots: certs.filter(selfSigned), intermediates: certs.filter((cert) => !selfSigned(cert)), crls: readCrls().map((item) => item.crl) };
    },
    roots: () => allCertificates().map((item) => item.entry),
    crls: () => readCrls().map(({ crl, file }) => describeCrl(crl, file)),
    addRoot(bytes) {
      const [cert] = parseCertificates(bytes);
      if (!cert) throw new Error('no certificate');
      const file = path.join(addedDir, `${cert.info.fingerprint.slice(0, 32)}.pem`);
      const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert.der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
      writeAtomically(file, Buffer.from(pem.replace(/\n\n/g, '\n')));
      return { fingerprint: cert.info.fingerprint, subject: cert.info.subject.commonName ?? cert.info.issuer, notAfter: cert.info.notAfter, source: 'added', file };
    },
    addCrl,
    async refreshCrls(urls, fetchImpl = fetch) {
      let fetched = 0;
      const failed: { url: string; reason: string }[] = [];
      for (const url of new Set(urls)) {
        if (!/^https?:\/\//i.test(url)) {
          failed.push({ url, reason: 'unsupported_scheme' });
          continue;
        }
        // Offline, every signature would otherwise wait for the same unreachable address.
        const lastFailure = recentFailures.get(url);
        if (lastFailure !== undefined && Date.now() - lastFailure < RETRY_AFTER_MS) {
          failed.push({ url, reason: 'recently_unreachable' });
          continue;
        }
        try {
          const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          addCrl(new Uint8Array(await response.arrayBuffer()));
          fetched += 1;
          recentFailures.delete(url);
        } catch (error) {
          recentFailures.set(url, Date.now());
          failed.push({ url, reason: (error as Error).message });
        }
      }
      return { fetched, failed };
    },
  };
}
