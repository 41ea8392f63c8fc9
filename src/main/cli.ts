// The product's command line, for administrators and scripts. It opens the same services as the
// workstation, on the same data folder (QYZMET_DATA_DIR or the per-user default).
//   qyzmet status [--json]          the data folder, database schema, staff, central-server link
//   qyzmet audit verify [--json]    checks the audit log's hash chain; exit 1 when it is broken
//   qyzmet requests verify [--json] checks every request's history chain; exit 1 naming each broken one
//   qyzmet token list | sign | verify — the signing commands (cli-signing.ts)
import { parseArgs } from 'node:util';
import { createApp } from './app';
import { defaultDataDir } from './data-dir';
import { schemaVersion } from './db/database';
import { runSigningCommand, SIGNING_USAGE } from './cli-signing';
import { runDocumentCommand } from './cli-documents';

const USAGE = `usage:
  qyzmet status [--json]
  qyzmet audit verify [--json]
  qyzmet requests verify [--json]
${SIGNING_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const signingCommand = argv[0] === 'token' ? `token ${argv[1] ?? ''}` : (argv[0] ?? '');
  const signing = await runSigningCommand(signingCommand, argv.slice(signingCommand.split(' ').length), defaultDataDir);
  if (signing !== null) return signing;
  const documents = await runDocumentCommand(argv[0] ?? '', argv.slice(1), defaultDataDir);
  if (documents !== null) return documents;
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const command = positionals.join(' ');
  if (command !== 'status' && command !== 'audit verify' && command !== 'requests verify') {
    console.error(`${command ? `unknown command "${command}"` : 'no command given'}\n${USAGE}`);
    return 2;
  }
  const dataDir = defaultDataDir();
  const app = createApp({ dataDir });
  try {
    const services = app.services;
    if (!services) {
      console.error(`the database in ${dataDir} cannot be opened (corrupt, newer than this app, or unreadable); it was left untouched`);
      return 1;
    }
    const print = (value: unknown, text: string) => console.log(values.json ? JSON.stringify(value) : text);
    if (command === 'status') {
      const link = services.link.status();
      const status = {
        dataDir,
        schemaVersion: schemaVersion(services.db),
        workstationId: services.settings.workstationId,
        staff: services.staff.count(),
        centralServer: link.serverUrl ? { url: link.serverUrl, provider: link.providerCode, embedded: services.link.isEmbedded() } : null,
      };
      print(
        status,
        [
          `data folder:     ${status.dataDir}`,
          `schema version:  ${status.schemaVersion}`,
          `workstation id:  ${status.workstationId}`,
          `staff accounts:  ${status.staff}`,
          `central server:  ${status.centralServer ? `${status.centralServer.url} (provider ${status.centralServer.provider}${status.centralServer.embedded ? ', embedded' : ''})` : 'not configured'}`,
        ].join('\n'),
      );
      return 0;
    }
    if (command === 'requests verify') {
      const report = services.requests.verify();
      const broken = report.broken.map(
        (entry) => `  request ${entry.number ?? '(no number)'} [${entry.requestId}]: event ${entry.firstBadSeq} (${entry.reason})`,
      );
      print(
        report,
        report.ok
          ? `request histories intact: ${report.requests} requests, ${report.events} events checked`
          : [`request histories BROKEN in ${report.broken.length} of ${report.requests} requests:`, ...broken].join('\n'),
      );
      return report.ok ? 0 : 1;
    }
    const result = services.audit.verify();
    print(
      result,
      result.ok
        ? `audit log intact: ${result.checked} entries checked`
        : `audit log BROKEN at entry ${result.firstBadSeq} (${result.checked} entries before it are intact)`,
    );
    return result.ok ? 0 : 1;
  } finally {
    app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
