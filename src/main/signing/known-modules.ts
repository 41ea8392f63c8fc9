// Where the token vendors' installers usually put their PKCS#11 modules. These are starting points
// offered in Settings (only those present on the machine are pre-selected); an administrator can
// add any other path. Verified here: SoftHSM2 on Debian. The others follow the vendors' install
// guides and must be confirmed on a machine with the middleware installed.
export interface KnownModule {
  name: 'Kaztoken' | 'JaCarta' | 'eToken' | 'SoftHSM2';
  paths: Partial<Record<NodeJS.Platform, string[]>>;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  {
    name: 'Kaztoken',
    paths: { win32: ['C:\\Windows\\System32\\kztoken.dll'], linux: ['/usr/lib/libkztoken.so', '/usr/local/lib/libkztoken.so'] },
  },
  {
    name: 'JaCarta',
    paths: { win32: ['C:\\Windows\\System32\\jcPKCS11-2.dll'], linux: ['/usr/lib/libjcPKCS11-2.so', '/usr/lib/x86_64-linux-gnu/libjcPKCS11-2.so'] },
  },
  {
    name: 'eToken',
    paths: { win32: ['C:\\Windows\\System32\\eTPKCS11.dll'], linux: ['/usr/lib/libeToken.so', '/usr/lib/libeTPkcs11.so'] },
  },
  {
    name: 'SoftHSM2',
    paths: {
      win32: ['C:\\SoftHSM2\\lib\\softhsm2-x64.dll'],
      linux: ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'],
      darwin: ['/usr/local/lib/softhsm/libsofthsm2.so', '/opt/homebrew/lib/softhsm/libsofthsm2.so'],
    },
  },
];

export function knownModulePaths(platform: NodeJS.Platform = process.platform): { name: KnownModule['name']; path: string }[] {
  return KNOWN_MODULES.flatMap((module) => (module.paths[platform] ?? []).map((path) => ({ name: module.name, path })));
}
