import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/shared/domain/roles';
import {
  ACTION_NAMES,
  ACTIONS,
  GENESIS_HASH,
  REQUEST_STATES,
  allowedActions,
  canonicalJson,
  checkTransition,
  hashEvent,
  isFinalState,
  transition,
  verifyHistory,
  type ActionName,
  type HistoryEvent,
  type RequestSnapshot,
  type RequestState,
  type TransitionContext,
} from '../../src/shared/requests/lifecycle';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const AT = '2025-03-03T05:00:00.000Z';

/** A context that satisfies every requirement of every action. */
function fullContext(roles: readonly Role[] = ROLES, overrides: Partial<TransitionContext> = {}): TransitionContext {
  return {
    actor: { staffId: 'staff-1', iin: '870321400422', roles },
    workstationId: 'ws-1',
    at: AT,
    reason: 'The applicant asked',
    number: 'KZ-2025-000123',
    paymentRef: 'pay-77',
    refusalGround: 'documents_invalid',
    signatureRef: 'sig-1',
    newDeadline: '2025-03-20T13:00:00.000Z',
    assigneeId: 'staff-2',
    ...overrides,
  };
}

function request(state: RequestState, extra: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return { id: 'req-1', state, deadline: '2025-03-10T13:00:00.000Z', assigneeId: null, ...extra };
}

/** The transitions the issue names, written out by hand (not derived from ACTIONS). */
const EXPECTED: Record<ActionName, { from: RequestState[]; to: RequestState | 'same' }> = {
  register: { from: ['draft'], to: 'registered' },
  discard: { from: ['draft'], to: 'discarded' },
  take_into_review: { from: ['registered'], to: 'in_review' },
  return_for_correction: { from: ['registered', 'in_review'], to: 'returned_for_correction' },
  resubmit: { from: ['returned_for_correction'], to: 'in_review' },
  mark_result_ready: { from: ['in_review'], to: 'result_ready' },
  issue: { from: ['result_ready'], to: 'issued' },
  refuse: { from: ['registered', 'in_review', 'returned_for_correction'], to: 'refused' },
  extend_term: { from: ['registered', 'in_review', 'returned_for_correction'], to: 'same' },
  withdraw: { from: ['registered', 'in_review', 'returned_for_correction'], to: 'withdrawn' },
  assign: { from: ['registered', 'in_review', 'returned_for_correction'], to: 'same' },
};

describe('lifecycle: the state × action matrix', () => {
  it('knows every action', () => {
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const state of REQUEST_STATES) {
    for (const action of ACTION_NAMES) {
      const expected = EXPECTED[action];
      const legal = expected.from.includes(state);
      it(`${action} from ${state} is ${legal ? 'allowed' : 'refused'}`, () => {
        const result = transition(request(state), action, fullContext(), sha256);
        if (legal) {
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.next).toBe(expected.to === 'same' ? state : expected.to);
          expect(result.event.from).toBe(state);
          expect(result.event.to).toBe(result.next);
          expect(result.event.action).toBe(action);
        } else {
          expect(result).toEqual({ ok: false, error: { code: 'illegal_transition', params: { action, state } } });
        }
      });
    }
  }

  it('leads nowhere out of a final state', () => {
    for (const state of REQUEST_STATES) {
      expect(allowedActions(state, ROLES).length === 0).toBe(isFinalState(state));
    }
  });

  it('refuses an unknown action', () => {
    expect(transition(request('draft'), 'approve', fullContext(), sha256)).toEqual({
      ok: false,
      error: { code: 'unknown_action', params: { action: 'approve' } },
    });
  });
});

describe('lifecycle: roles', () => {
  for (const definition of ACTIONS) {
    const state = definition.from[0] as RequestState;
    for (const role of ROLES) {
      const allowed = definition.roles.includes(role);
      it(`${definition.action} by ${role} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        const result = checkTransition(request(state), definition.action, fullContext([role]));
        if (allowed) expect(result.ok).toBe(true);
        else expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_role', params: { action: definition.action } } });
      });
    }
  }

  it('lets only the authorised signer sign a result or a refusal', () => {
    expect(ACTIONS.find((a) => a.action === 'mark_result_ready')?.roles).toEqual(['authorised_signer']);
    expect(ACTIONS.find((a) => a.action === 'refuse')?.roles).toEqual(['authorised_signer']);
  });

  it('registers by registrars, social officers, archivists and licensing officers', () => {
    expect([...(ACTIONS.find((a) => a.action === 'register')?.roles ?? [])].sort()).toEqual(
      ['archivist', 'licensing_officer', 'registrar', 'social_officer'],
    );
  });

  it('shows only the buttons the person may press', () => {
    expect(allowedActions('draft', ['registrar'])).toEqual(['register', 'discard']);
    expect(allowedActions('draft', ['administrator'])).toEqual([]);
    expect(allowedActions('in_review', ['authorised_signer'])).toEqual([
      'return_for_correction',
      'mark_result_ready',
      'refuse',
      'extend_term',
      'withdraw',
      'assign',
    ]);
    expect(allowedActions('in_review', ['archivist'])).toEqual(['return_for_correction', 'extend_term', 'withdraw', 'assign']);
    expect(allowedActions('result_ready', ['social_officer'])).toEqual(['issue']);
    expect(allowedActions('issued', ROLES)).toEqual([]);
  });

  it('checks the state before the role', () => {
    expect(checkTransition(request('issued'), 'refuse', fullContext(['registrar']))).toMatchObject({
      ok: false,
      error: { code: 'illegal_transition' },
    });
  });
});

describe('lifecycle: what each action requires', () => {
  const cases: [ActionName, RequestState, Partial<TransitionContext>, string][] = [
    ['register', 'draft', { number: undefined }, 'missing_number'],
    ['register', 'draft', { number: '   ' }, 'missing_number'],
    ['register', 'draft', { missingDocuments: ['standard_documents'], reason: undefined }, 'missing_reason'],
    ['register', 'draft', { missingDocuments: ['standard_documents'], reason: '  ' }, 'missing_reason'],
    ['register', 'draft', { missingDocuments: [''] }, 'invalid_context'],
    ['discard', 'draft', { reason: undefined }, 'missing_reason'],
    ['return_for_correction', 'in_review', { reason: '  ' }, 'missing_reason'],
    ['withdraw', 'registered', { reason: undefined }, 'missing_reason'],
    ['refuse', 'in_review', { refusalGround: undefined }, 'missing_refusal_ground'],
    ['refuse', 'in_review', { refusalGround: 'dislike' }, 'unknown_refusal_ground'],
    ['refuse', 'in_review', { reason: undefined }, 'missing_reason'],
    ['refuse', 'in_review', { signatureRef: undefined }, 'missing_signature'],
    ['mark_result_ready', 'in_review', { signatureRef: '' }, 'missing_signature'],
    ['extend_term', 'in_review', { newDeadline: undefined }, 'missing_new_deadline'],
    ['extend_term', 'in_review', { newDeadline: '2025-03-20' }, 'invalid_new_deadline'],
    ['extend_term', 'in_review', { newDeadline: '2025-03-09T00:00:00Z' }, 'deadline_not_later'],
    ['extend_term', 'in_review', { reason: undefined }, 'missing_reason'],
    ['assign', 'registered', { assigneeId: undefined }, 'missing_assignee'],
    ['issue', 'result_ready', { reason: 'x'.repeat(2001) }, 'reason_too_long'],
  ];
  for (const [action, state, overrides, code] of cases) {
    it(`${action} with ${JSON.stringify(overrides).slice(0, 60)} → ${code}`, () => {
      const result = transition(request(state), action, fullContext(ROLES, overrides), sha256);
      expect(result).toMatchObject({ ok: false, error: { code } });
    });
  }

  it('needs the payment fact to register a paid service', () => {
    const paid = request('draft', { paymentRequired: true });
    expect(transition(paid, 'register', fullContext(ROLES, { paymentRef: undefined }), sha256)).toMatchObject({
      ok: false,
      error: { code: 'payment_not_confirmed' },
    });
    const ok = transition(paid, 'register', fullContext(), sha256);
    expect(ok).toMatchObject({ ok: true, next: 'registered', event: { data: { number: 'KZ-2025-000123', paymentRef: 'pay-77' } } });
    // A free service ignores a stray payment reference.
    const free = transition(request('draft'), 'register', fullContext(), sha256);
    expect(free.ok && free.event.data).toEqual({ number: 'KZ-2025-000123' });
  });

  it('records the documents a request is registered without, with the reason', () => {
    const result = transition(request('draft'), 'register', fullContext(ROLES, { missingDocuments: ['standard_documents'], reason: ' Brought tomorrow ' }), sha256);
    expect(result).toMatchObject({
      ok: true,
      next: 'registered',
      event: { reason: 'Brought tomorrow', data: { number: 'KZ-2025-000123', missingDocuments: ['standard_documents'] } },
    });
    // Nothing missing: nothing recorded about documents.
    const complete = transition(request('draft'), 'register', fullContext(ROLES, { missingDocuments: [], reason: undefined }), sha256);
    expect(complete.ok && complete.event.data).toEqual({ number: 'KZ-2025-000123' });
  });

  it('refuses a new deadline that is not later than the current one nor than now', () => {
    const current = request('in_review', { deadline: '2025-03-10T13:00:00.000Z' });
    expect(checkTransition(current, 'extend_term', fullContext(ROLES, { newDeadline: '2025-03-10T13:00:00Z' }))).toMatchObject({
      ok: false,
      error: { code: 'deadline_not_later', params: { current: '2025-03-10T13:00:00.000Z' } },
    });
    const noDeadline = request('in_review', { deadline: null });
    expect(checkTransition(noDeadline, 'extend_term', fullContext(ROLES, { newDeadline: '2025-03-01T00:00:00Z' }))).toMatchObject({
      ok: false,
      error: { code: 'deadline_not_later' },
    });
  });

  it('extends the term: same state, new deadline, reason, the applicant notified', () => {
    const result = transition(
      request('in_review'),
      'extend_term',
      fullContext(['licensing_officer'], { newDeadline: '2025-03-20T18:00:00+05:00', reason: 'Expert review of the premises' }),
      sha256,
    );
    expect(result).toMatchObject({
      ok: true,
      next: 'in_review',
      notifyApplicant: true,
      changes: { state: 'in_review', deadline: '2025-03-20T13:00:00.000Z' },
      event: {
        action: 'extend_term',
        from: 'in_review',
        to: 'in_review',
        reason: 'Expert review of the premises',
        data: { newDeadline: '2025-03-20T13:00:00.000Z', previousDeadline: '2025-03-10T13:00:00.000Z' },
      },
    });
  });

  it('refuses with a ground, a text and the signer’s signature', () => {
    const result = transition(
      request('in_review'),
      'refuse',
      fullContext(['authorised_signer'], { refusalGround: 'registry_data_unavailable', reason: ' No record in the registry ', signatureRef: 'cms-9' }),
      sha256,
    );
    expect(result).toMatchObject({
      ok: true,
      next: 'refused',
      event: { reason: 'No record in the registry', data: { refusalGround: 'registry_data_unavailable', signatureRef: 'cms-9' } },
    });
  });

  it('assigns without notifying the applicant', () => {
    const result = transition(request('registered', { assigneeId: 'staff-9' }), 'assign', fullContext(ROLES, { reason: undefined }), sha256);
    expect(result).toMatchObject({
      ok: true,
      next: 'registered',
      notifyApplicant: false,
      changes: { assigneeId: 'staff-2' },
      event: { data: { assigneeId: 'staff-2', previousAssigneeId: 'staff-9' } },
    });
    expect(result.ok && 'reason' in result.event).toBe(false);
  });

  it('records who, when, from which workstation', () => {
    const result = transition(
      request('draft'),
      'register',
      fullContext(['registrar'], { at: '2025-03-03T10:00:00+05:00', reason: undefined }),
      sha256,
    );
    expect(result.ok && result.event).toMatchObject({
      seq: 1,
      requestId: 'req-1',
      actorId: 'staff-1',
      actorIin: '870321400422',
      workstationId: 'ws-1',
      at: '2025-03-03T05:00:00.000Z',
      prevHash: GENESIS_HASH,
    });
  });

  it('refuses a context without actor, workstation or a proper time', () => {
    expect(checkTransition(request('draft'), 'register', fullContext(ROLES, { workstationId: '' }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_context', params: { field: 'workstationId' } },
    });
    expect(checkTransition(request('draft'), 'register', fullContext(ROLES, { at: '2025-03-03 10:00' }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_context', params: { field: 'at' } },
    });
    expect(
      checkTransition(request('draft'), 'register', { ...fullContext(), actor: { staffId: 's', iin: '', roles: ['registrar'] } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_context', params: { field: 'actor.iin' } } });
  });
});

// ---- history ----

/** Runs a request through a whole life and returns its history. */
function life(): HistoryEvent[] {
  const steps: [ActionName, Role[], Partial<TransitionContext>][] = [
    ['register', ['registrar'], { reason: undefined }],
    ['take_into_review', ['registrar'], { reason: undefined }],
    ['return_for_correction', ['registrar'], { reason: 'Scan of the passport unreadable' }],
    ['resubmit', ['registrar'], { reason: undefined }],
    ['extend_term', ['registrar'], { reason: 'Waiting for the archive', newDeadline: '2025-03-25T13:00:00Z' }],
    ['mark_result_ready', ['authorised_signer'], { reason: undefined }],
    ['issue', ['registrar'], { reason: undefined }],
  ];
  let snapshot: RequestSnapshot = request('draft');
  const events: HistoryEvent[] = [];
  steps.forEach(([action, roles, overrides], index) => {
    const at = new Date(Date.parse(AT) + index * 3_600_000).toISOString();
    const result = transition(snapshot, action, fullContext(roles, { ...overrides, at }), sha256);
    if (!result.ok) throw new Error(`${action}: ${result.error.code}`);
    events.push(result.event);
    snapshot = {
      ...snapshot,
      state: result.next,
      deadline: result.changes.deadline ?? snapshot.deadline,
      head: { seq: result.event.seq, hash: result.event.hash },
    };
  });
  return events;
}

describe('lifecycle: the hash-chained history', () => {
  it('chains the events and verifies', () => {
    const events = life();
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((event) => event.to)).toEqual([
      'registered',
      'in_review',
      'returned_for_correction',
      'in_review',
      'in_review',
      'result_ready',
      'issued',
    ]);
    events.forEach((event, index) => expect(event.prevHash).toBe(index === 0 ? GENESIS_HASH : events[index - 1]?.hash));
    expect(verifyHistory(events, sha256)).toEqual({ ok: true, checked: 7 });
    const last = events[6] as HistoryEvent;
    expect(verifyHistory(events, sha256, { requestId: 'req-1', expectedHead: { seq: 7, hash: last.hash } })).toEqual({ ok: true, checked: 7 });
    expect(verifyHistory([], sha256)).toEqual({ ok: true, checked: 0 });
  });

  it('hashes the canonical JSON of the event', () => {
    const [first] = life();
    if (!first) throw new Error('no event');
    const { hash, ...unsealed } = first;
    expect(hash).toBe(sha256(canonicalJson(unsealed)));
    expect(hashEvent(first.prevHash, first, sha256)).toBe(hash);
    // Key order does not matter.
    const shuffled = Object.fromEntries(Object.entries(first).reverse()) as unknown as HistoryEvent;
    expect(hashEvent(first.prevHash, shuffled, sha256)).toBe(hash);
  });

  it('detects a changed field', () => {
    const events = life();
    const tampered = events.map((event) => ({ ...event }));
    tampered[2] = { ...(tampered[2] as HistoryEvent), reason: 'Everything was fine' };
    expect(verifyHistory(tampered, sha256)).toEqual({ ok: false, firstBadSeq: 3, reason: 'hash_mismatch' });

    const otherActor = events.map((event) => ({ ...event }));
    otherActor[5] = { ...(otherActor[5] as HistoryEvent), actorIin: '900615300015' };
    expect(verifyHistory(otherActor, sha256)).toEqual({ ok: false, firstBadSeq: 6, reason: 'hash_mismatch' });

    const nested = events.map((event) => ({ ...event }));
    const extension = nested[4] as HistoryEvent;
    nested[4] = { ...extension, data: { ...extension.data, newDeadline: '2025-04-25T13:00:00.000Z' } };
    expect(verifyHistory(nested, sha256)).toEqual({ ok: false, firstBadSeq: 5, reason: 'hash_mismatch' });
  });

  it('detects a changed field even when its hash was recomputed', () => {
    const events = life();
    const forged = events.map((event) => ({ ...event }));
    const target = { ...(forged[1] as HistoryEvent), workstationId: 'ws-evil' };
    target.hash = hashEvent(target.prevHash, target, sha256);
    forged[1] = target;
    expect(verifyHistory(forged, sha256)).toEqual({ ok: false, firstBadSeq: 3, reason: 'broken_link' });
  });

  it('detects a removed entry', () => {
    const events = life();
    const removed = [...events.slice(0, 3), ...events.slice(4)];
    expect(verifyHistory(removed, sha256)).toEqual({ ok: false, firstBadSeq: 4, reason: 'sequence_gap' });

    // Renumbering after the removal does not help: the link to the removed entry is broken.
    const renumbered = removed.map((event, index) => ({ ...event, seq: index + 1 }));
    expect(verifyHistory(renumbered, sha256)).toMatchObject({ ok: false, firstBadSeq: 4 });
    expect(verifyHistory(renumbered, sha256)).toMatchObject({ reason: 'broken_link' });

    const firstRemoved = events.slice(1).map((event, index) => ({ ...event, seq: index + 1 }));
    expect(verifyHistory(firstRemoved, sha256)).toEqual({ ok: false, firstBadSeq: 1, reason: 'broken_link' });
  });

  it('detects entries cut off at the end only against the head kept elsewhere', () => {
    const events = life();
    const last = events[6] as HistoryEvent;
    const truncated = events.slice(0, 5);
    expect(verifyHistory(truncated, sha256)).toEqual({ ok: true, checked: 5 });
    expect(verifyHistory(truncated, sha256, { expectedHead: { seq: 7, hash: last.hash } })).toEqual({
      ok: false,
      firstBadSeq: 6,
      reason: 'head_mismatch',
    });
  });

  it('detects a reordered entry', () => {
    const events = life();
    const swapped = [...events];
    [swapped[2], swapped[3]] = [swapped[3] as HistoryEvent, swapped[2] as HistoryEvent];
    expect(verifyHistory(swapped, sha256)).toEqual({ ok: false, firstBadSeq: 3, reason: 'sequence_gap' });

    const swappedAndRenumbered = swapped.map((event, index) => ({ ...event, seq: index + 1 }));
    expect(verifyHistory(swappedAndRenumbered, sha256)).toEqual({ ok: false, firstBadSeq: 3, reason: 'broken_link' });
  });

  it('detects an event of another request', () => {
    const events = life();
    const foreign = events.map((event) => ({ ...event }));
    foreign[3] = { ...(foreign[3] as HistoryEvent), requestId: 'req-2' };
    expect(verifyHistory(foreign, sha256)).toEqual({ ok: false, firstBadSeq: 4, reason: 'request_mismatch' });
    expect(verifyHistory(events, sha256, { requestId: 'req-2' })).toEqual({ ok: false, firstBadSeq: 1, reason: 'request_mismatch' });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson('Қазақ "тілі"')).toBe('"Қазақ \\"тілі\\""');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('accepts only plain data', () => {
    expect(() => canonicalJson(new Date())).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
