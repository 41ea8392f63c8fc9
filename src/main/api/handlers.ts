// What each method of the contract does, in terms of the main-process services.
import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import type { Connection } from '../services/auth';
import type { Services } from '../services/services';
import { publicStaff } from '../services/staff';
import { JOURNAL_TITLES, renderJournalPdf } from '../documents/journal-pdf';

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  conn: Connection,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

export function createHandlers(services: Services, version: string): Handlers {
  const { auth, staff, audit, settings, station, link, registry, requests, signing, attachments, documents, journals } = services;
  const actorOf = (conn: Connection) => {
    const session = auth.require(conn);
    return { staffId: session.staffId, iin: session.iin };
  };
  const afterStaffChange = <T extends Parameters<typeof auth.staffChanged>[0]>(record: T) => {
    auth.staffChanged(record);
    return publicStaff(record);
  };

  return {
    'app.status': () => ({
      state: auth.isInitialized() ? 'ready' : 'first_run',
      version,
      locale: settings.locale(),
      idleLockMinutes: settings.idleLockMinutes(),
    }),
    'settings.setLocale': ({ locale }) => {
      settings.setLocale(locale);
      return { locale };
    },
    'settings.setIdleLock': ({ minutes }, conn) => {
      settings.setIdleLockMinutes(minutes);
      audit.append({ action: 'settings.changed', actorIin: actorOf(conn).iin, detail: { idleLockMinutes: minutes } });
      return { minutes };
    },
    'settings.attachmentLimits': () => attachments.limits(),
    'settings.setAttachmentLimits': (limits, conn) => {
      settings.setAttachmentLimits(limits);
      audit.append({ action: 'settings.changed', actorIin: actorOf(conn).iin, detail: { ...limits } });
      return attachments.limits();
    },

    'auth.createAdministrator': (input, conn) => auth.createAdministrator(conn, input),
    'auth.signIn': ({ iin, password }, conn) => auth.signIn(conn, iin, password),
    'auth.session': (_input, conn) => auth.current(conn),
    'auth.lock': (_input, conn) => auth.lock(conn),
    'auth.unlock': ({ password }, conn) => auth.unlock(conn, password),
    'auth.signOut': (_input, conn) => {
      auth.signOut(conn);
      return null;
    },
    'auth.changePassword': async ({ current, next }, conn) => {
      await auth.changePassword(conn, current, next);
      return null;
    },

    'staff.list': () => staff.list(),
    'staff.create': async (input, conn) => publicStaff(await staff.create(input, actorOf(conn))),
    'staff.setRoles': ({ staffId, roles }, conn) => afterStaffChange(staff.setRoles(staffId, roles, actorOf(conn))),
    'staff.setActive': ({ staffId, active }, conn) => afterStaffChange(staff.setActive(staffId, active, actorOf(conn))),
    'staff.resetPassword': async ({ staffId, password }, conn) =>
      afterStaffChange(await staff.resetPassword(staffId, password, actorOf(conn))),
    'staff.unlock': ({ staffId }, conn) => afterStaffChange(staff.unlock(staffId, actorOf(conn))),

    'audit.list': (input) => audit.list(input),
    'audit.verify': () => audit.verify(),

    'station.status': () => station.status(),

    'server.status': () => link.status(),
    'server.enrol': async ({ serverUrl, code, name }, conn) => {
      const actor = actorOf(conn);
      const status = await link.enrol(serverUrl, code, name);
      audit.append({ action: 'server.enrolled', actorIin: actor.iin, detail: { serverUrl: status.serverUrl, provider: status.providerCode } });
      return status;
    },

    'registry.person': ({ iin, purpose }, conn) => registry.person(auth.require(conn), iin, purpose),
    'registry.searchPersons': ({ purpose, ...query }, conn) => registry.searchPersons(auth.require(conn), query, purpose),
    'registry.samples': (_input, conn) => registry.samples(auth.require(conn)),
    'registry.legalEntity': ({ bin, purpose }, conn) => registry.legalEntity(auth.require(conn), bin, purpose),

    'catalogue.list': (_input, conn) => requests.catalogue(auth.require(conn)),
    'catalogue.setTerm': (input, conn) => requests.setTerm(auth.require(conn), input),

    'requests.createDraft': (input, conn) => requests.createDraft(auth.require(conn), input),
    'requests.updateDraft': (input, conn) => requests.updateDraft(auth.require(conn), input),
    'requests.register': (input, conn) => requests.register(auth.require(conn), input),
    'requests.transition': (input, conn) => requests.transition(auth.require(conn), input),
    'requests.take': ({ requestId }, conn) => requests.take(auth.require(conn), requestId),
    'requests.get': ({ requestId }, conn) => requests.get(auth.require(conn), requestId),
    'requests.queue': (input, conn) => requests.queue(auth.require(conn), input),
    'requests.counters': (_input, conn) => requests.counters(auth.require(conn)),
    'requests.statusLookup': ({ query }, conn) => requests.statusLookup(auth.require(conn), query),
    'requests.questionnaire': (input, conn) => requests.recordQuestionnaire(auth.require(conn), input),
    'requests.verify': () => requests.verify(),

    'signing.status': () => signing.status(),
    'signing.setModules': ({ paths }, conn) => {
      const status = signing.setModules(paths);
      audit.append({ action: 'signing.settings_changed', actorIin: actorOf(conn).iin, detail: { modules: paths } });
      return status;
    },
    'signing.certificates': ({ tokenRef }, conn) => {
      auth.require(conn);
      return signing.certificates(tokenRef);
    },
    'signing.addKeyFile': ({ name, content }) => signing.addKeyFile(name, fromBase64(content)),
    'signing.keyFileCertificates': ({ fileId, password }) => signing.keyFileCertificates(fileId, password),
    'signing.sign': ({ key, pin, ...decision }, conn) => {
      const actor = auth.require(conn);
      return signing.signForRequest(actor, requests.signedSubject(actor, decision), key, pin);
    },
    // The key is opened in this call (a wrong PIN fails it); the items are signed after it returns.
    'signing.signBatch': ({ items, key, pin }, conn) => {
      const { staffId } = auth.require(conn);
      // Before each item: the person signed in on this connection now (the batch stops if they signed out).
      const signerNow = () => {
        const session = auth.current(conn);
        return session && session.staffId === staffId ? { staffId, iin: session.iin, roles: session.roles } : null;
      };
      return services.batchSigning.start(conn.id, signerNow, { items, key, pin });
    },
    'signing.cancelBatch': ({ batchId }, conn) => services.batchSigning.cancel(conn.id, batchId),
    'signing.signatures': ({ requestId }, conn) => {
      requests.get(auth.require(conn), requestId);
      return signing.signatures(requestId);
    },
    'signing.verifyFile': ({ signature, content, expectIin, expectBin }) =>
      signing.verifyFile(fromBase64(signature), {
        ...(content !== undefined ? { content: fromBase64(content) } : {}),
        ...(expectIin ? { expectIin } : {}),
        ...(expectBin ? { expectBin } : {}),
      }),
    'signing.trust': () => ({ roots: signing.trust.roots(), crls: signing.trust.crls() }),
    'signing.addRoot': ({ content }, conn) => {
      const entry = signing.addRoot(fromBase64(content));
      audit.append({ action: 'trust.root_added', actorIin: actorOf(conn).iin, detail: { fingerprint: entry.fingerprint, subject: entry.subject } });
      return entry;
    },
    'signing.addCrl': ({ content }, conn) => {
      const entry = signing.addCrl(fromBase64(content));
      audit.append({ action: 'trust.crl_added', actorIin: actorOf(conn).iin, detail: { issuer: entry.issuer, thisUpdate: entry.thisUpdate } });
      return entry;
    },
    'signing.ocspSettings': () => signing.ocspSettings(),
    'signing.setOcspSettings': (input, conn) => {
      const settings = signing.setOcspSettings(input);
      audit.append({ action: 'signing.settings_changed', actorIin: actorOf(conn).iin, detail: { ocspUrl: settings.url } });
      return settings;
    },

    'attachments.devices': () => attachments.devices(),
    'attachments.deviceOptions': ({ deviceId }) => attachments.deviceOptions(deviceId),
    'attachments.scan': (input, conn) => attachments.startScan(conn.id, auth.require(conn), input),
    'attachments.cancelScan': ({ scanId }, conn) => attachments.cancelScan(conn.id, scanId),
    'attachments.upload': (input, conn) => attachments.upload(conn.id, input),
    'attachments.importFile': (input, conn) => attachments.importFile(conn.id, auth.require(conn), input),
    'attachments.workingSets': ({ requestId }, conn) => attachments.workingSets(auth.require(conn), requestId),
    'attachments.movePage': (input, conn) => attachments.movePage(auth.require(conn), input),
    'attachments.rotatePage': (input, conn) => attachments.rotatePage(auth.require(conn), input),
    'attachments.deletePage': (input, conn) => attachments.deletePage(auth.require(conn), input),
    'attachments.clearPages': (input, conn) => attachments.clearPages(auth.require(conn), input),
    'attachments.pageImage': (input, conn) => attachments.pageImage(auth.require(conn), input),
    'attachments.attach': (input, conn) => attachments.attach(auth.require(conn), input),
    'attachments.list': ({ requestId }, conn) => attachments.list(auth.require(conn), requestId),
    'attachments.remove': (input, conn) => attachments.remove(auth.require(conn), input),
    'attachments.attachmentPage': (input, conn) => attachments.attachmentPage(auth.require(conn), input),

    'documents.options': ({ requestId }, conn) => documents.options(auth.require(conn), requestId),
    'documents.saveDraft': (input, conn) => documents.saveDraft(auth.require(conn), input),
    'documents.preview': (input, conn) => documents.preview(auth.require(conn), input),
    'documents.sign': (input, conn) => documents.sign(auth.require(conn), input),
    'documents.list': ({ requestId }, conn) => documents.list(auth.require(conn), requestId),
    'documents.file': (input, conn) => documents.file(auth.require(conn), input),
    'documents.pages': ({ documentId }, conn) => documents.pages(auth.require(conn), documentId),
    'documents.deliver': (input, conn) => {
      const delivered = documents.deliver(auth.require(conn), input);
      // A send to the portal goes out with the next sync: run it now rather than at the next interval.
      if (input.via === 'portal') void services.sync.syncNow();
      return delivered;
    },
    'documents.verify': ({ content }, conn) => {
      auth.require(conn);
      return documents.verify(fromBase64(content));
    },
    'documents.providerProfile': (_input, conn) => {
      auth.require(conn);
      return { profile: documents.providerProfile(), providerCode: link.status().providerCode, verifyUrl: documents.verifyUrl() };
    },
    'documents.setProviderProfile': (profile, conn) => {
      const saved = documents.setProviderProfile(profile);
      audit.append({ action: 'settings.changed', actorIin: actorOf(conn).iin, detail: { providerProfile: true } });
      return saved;
    },
    'journals.list': (input, conn) => {
      auth.require(conn);
      return journals.list(input);
    },
    'journals.print': async (input, conn) => {
      const session = auth.require(conn);
      const entries = [];
      // A whole year of a busy polyclinic's journal fits; beyond that a search narrows what is printed.
      for (let offset = 0; offset < JOURNAL_PRINT_MAX; offset += 500) {
        const page = journals.list({ ...input, limit: 500, offset });
        entries.push(...page.entries);
        if (entries.length >= page.total) break;
      }
      const profile = documents.providerProfile();
      const providerCode = link.status().providerCode ?? '';
      const pdf = await renderJournalPdf({
        journal: input.journal,
        title: JOURNAL_TITLES[input.journal],
        provider: { code: providerCode, name: profile?.name ?? { kk: providerCode, ru: providerCode } },
        year: input.year ?? null,
        search: input.search?.trim() || null,
        entries,
        printedAt: new Date(),
        printedBy: session.fullName,
      });
      return { name: `${input.journal}-${input.year ?? 'all'}.pdf`, mime: 'application/pdf' as const, data: Buffer.from(pdf).toString('base64') };
    },
    'sync.status': (_input, conn) => {
      auth.require(conn);
      return services.sync.status();
    },
    'sync.now': (_input, conn) => {
      auth.require(conn);
      return services.sync.syncNow();
    },
    'sync.conflicts': (_input, conn) => {
      auth.require(conn);
      return services.sync.conflicts();
    },
    'sync.markConflictSeen': ({ id }, conn) => {
      auth.require(conn);
      return services.sync.markConflictSeen(id);
    },
    'journals.check': ({ journal, year }, conn) => {
      auth.require(conn);
      return journals.verifyNoGaps(journal, link.status().providerCode ?? '', year);
    },
  };
}

const JOURNAL_PRINT_MAX = 20_000;
