/* eslint-disable max-lines -- integration spec of intake: field devices and offline receipt numbers: its tests share one booted stack, which takes seconds to start */
import { v7 as uuidv7 } from 'uuid';
import { DEVICE_REVOKED_REASON, FIELD_CODE_ALPHABET, systemActor } from '@slrt/contracts';
import { operator, registration, registryDouble, startIntake, type IntakeHarness } from './support/intake-harness.js';

const fs = operator(['FS'], ['62.71.01.1001'], 'fs-rina');
const fsOther = operator(['FS'], ['62.71.01.1001'], 'fs-budi');
const fsElsewhere = operator(['FS'], ['62.71.02.1001'], 'fs-elsewhere');
const spv = operator(['SPV'], ['62.71.01'], 'spv-pahandut');
const spvElsewhere = operator(['SPV'], ['62.71.02'], 'spv-elsewhere');
const admin = operator(['ADMIN'], ['62.71'], 'admin-1');
const fo = operator(['FO'], ['62.71.01.1001'], 'fo-1');

/** A tracking code as the phone draws it. */
function code(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += FIELD_CODE_ALPHABET[Math.floor(Math.random() * FIELD_CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

describe('intake: field devices and offline receipt numbers', () => {
  let h: IntakeHarness;
  const item = (clientId: string, provisionalNumber?: string, trackingCode?: string) => ({
    clientId,
    recordedAt: new Date(Date.now() - 3600_000).toISOString(),
    complaint: JSON.parse(
      JSON.stringify({
        ...registration({ channel: 'FASILITATOR_VISIT', place: 'Rumah warga' }),
        idempotencyKey: undefined,
      }),
    ),
    ...(provisionalNumber ? { provisionalNumber, trackingCode: trackingCode ?? code() } : {}),
  });
  const enrol = (actor = fs, label = 'HP Samsung A14') =>
    h.call('slrt.rpc.intake.enrol-field-device.v1', { label, installationId: `inst-${uuidv7()}` }, actor);

  beforeAll(async () => {
    h = await startIntake();
    // These tests are about numbers and devices: this kab/kota lets FS submissions straight through
    // (the supervisor check that holds them has its own tests in field-check.int-spec.ts).
    const current = await h.call('slrt.rpc.intake.get-field-check-settings.v1', {}, admin);
    await h.call(
      'slrt.rpc.intake.save-field-check-settings.v1',
      {
        expectedVersion: current.version,
        supervisorCheckRequired: false,
        reason: 'Uji nomor sementara tanpa pemeriksaan supervisor',
      },
      admin,
    );
  }, 60_000);
  afterAll(() => h?.close());

  it('enrols an FS phone with a 4-character code of the unambiguous alphabet, idempotent per installation, audited', async () => {
    const installationId = `inst-${uuidv7()}`;
    const first = await h.call('slrt.rpc.intake.enrol-field-device.v1', { label: '  HP Bu Rina ', installationId }, fs);
    expect(first).toMatchObject({
      label: 'HP Bu Rina',
      userId: fs.id,
      revokedAt: null,
      lastSyncAt: null,
      lastProvisionalSequence: 0,
    });
    expect(first.deviceCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/);
    const again = await h.call('slrt.rpc.intake.enrol-field-device.v1', { label: 'HP Bu Rina', installationId }, fs);
    expect(again.deviceId).toBe(first.deviceId);
    // Many devices: every code distinct (unique in the kab/kota).
    const codes = await Promise.all(Array.from({ length: 30 }, () => enrol(fsOther).then((d) => d.deviceCode)));
    expect(new Set([...codes, first.deviceCode]).size).toBe(31);
    const audit = (
      await h.db.query(`SELECT action, actor_id FROM field_device_audit WHERE device_id = $1`, [first.deviceId])
    ).rows;
    expect(audit).toEqual([{ action: 'enrolled', actor_id: fs.id }]);
    // Only an FS enrols; a bad label is answered in words.
    for (const actor of [fo, spv, admin])
      expect(
        await h.fail(
          'slrt.rpc.intake.enrol-field-device.v1',
          { label: 'x', installationId: `inst-${uuidv7()}` },
          actor,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
    const bad = await h.fail('slrt.rpc.intake.enrol-field-device.v1', { label: '', installationId: 'short' }, fs);
    expect(bad.fieldErrors?.map((f) => f.field).sort()).toEqual(['installationId', 'label']);
  });

  it('lists the FS own devices; SPV sees devices of FS in scope; ADMIN all; nobody else', async () => {
    const mine = await enrol(fs, 'HP daftar');
    const theirs = await enrol(fsElsewhere, 'HP kecamatan lain');
    const own = await h.call('slrt.rpc.intake.list-field-devices.v1', {}, fs);
    expect(own.items.every((d) => d.userId === fs.id)).toBe(true);
    expect(own.items.map((d) => d.deviceId)).toContain(mine.deviceId);
    const bySpv = (await h.call('slrt.rpc.intake.list-field-devices.v1', {}, spv)).items.map((d) => d.deviceId);
    expect(bySpv).toContain(mine.deviceId);
    expect(bySpv).not.toContain(theirs.deviceId);
    expect(
      (await h.call('slrt.rpc.intake.list-field-devices.v1', {}, spvElsewhere)).items.map((d) => d.deviceId),
    ).toEqual([theirs.deviceId]);
    expect((await h.call('slrt.rpc.intake.list-field-devices.v1', {}, admin)).items.map((d) => d.deviceId)).toEqual(
      expect.arrayContaining([mine.deviceId, theirs.deviceId]),
    );
    expect(await h.fail('slrt.rpc.intake.list-field-devices.v1', {}, fo)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('syncs with a provisional number: official number given, both stored and answered, the phone tracking code kept; a replay answers the same', async () => {
    const device = await enrol();
    const tracking = code();
    const items = [
      item(`fs-rina:${uuidv7()}`, `L-${device.deviceCode}-1`, tracking),
      item(`fs-rina:${uuidv7()}`, `L-${device.deviceCode}-2`),
    ];
    const first = await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items, deviceId: device.deviceId }, fs);
    expect(first.results.map((r) => [r.outcome, r.provisionalNumber])).toEqual([
      ['created', `L-${device.deviceCode}-1`],
      ['created', `L-${device.deviceCode}-2`],
    ]);
    expect(first.results[0]!.receiptNumber).toMatch(/^6271-\d{4}-\d{6}$/);
    for (let i = 0; i < 2; i++) {
      const replay = await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items, deviceId: device.deviceId }, fs);
      expect(replay.results.map((r) => [r.outcome, r.receiptNumber, r.provisionalNumber])).toEqual(
        first.results.map((r) => ['unchanged', r.receiptNumber, r.provisionalNumber]),
      );
    }
    expect(
      (
        await h.db.query(`SELECT count(*)::int AS n FROM complaint WHERE client_id = ANY($1)`, [
          items.map((i) => i.clientId),
        ])
      ).rows[0].n,
    ).toBe(2);
    const d = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: first.results[0]!.complaintId! }, fs);
    expect(d.trackingCode).toBe(tracking);
    const [listed] = (await h.call('slrt.rpc.intake.list-field-devices.v1', {}, fs)).items.filter(
      (x) => x.deviceId === device.deviceId,
    );
    expect(listed).toMatchObject({ lastProvisionalSequence: 2, lastSyncAt: expect.any(String) });

    // The citizen's confirmation goes the normal way: a "received" step for notification, whose
    // contacts answer names the official number and the tracking code printed on the phone's receipt.
    const steps = (
      await h.db.query(
        `SELECT envelope->'data'->>'step' AS step FROM outbox WHERE subject = 'slrt.evt.intake.complaint.status-changed.v1' AND envelope->'data'->>'complaintId' = $1`,
        [d.complaintId],
      )
    ).rows;
    expect(steps.map((s) => s.step)).toContain('received');
    const contacts = await h.call(
      'slrt.rpc.intake.get-notification-contacts.v1',
      { complaintId: d.complaintId },
      systemActor('notification'),
    );
    expect(contacts).toMatchObject({ receiptNumber: first.results[0]!.receiptNumber, trackingCode: tracking });

    // The public status accepts either number with the code, and shows both.
    for (const nomor of [
      `L-${device.deviceCode}-1`,
      `l-${device.deviceCode.toLowerCase()}-1`,
      first.results[0]!.receiptNumber!,
    ]) {
      const status = await h.call(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: nomor, trackingCode: tracking },
        systemActor('gateway'),
      );
      expect(status).toMatchObject({
        receiptNumber: first.results[0]!.receiptNumber,
        provisionalNumber: `L-${device.deviceCode}-1`,
        stage: expect.any(String),
      });
    }
    const wrong = await h.fail(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: `L-${device.deviceCode}-1`, trackingCode: tracking === 'ABCD-EFGH' ? 'ABCD-EFGJ' : 'ABCD-EFGH' },
      systemActor('gateway'),
    );
    expect(wrong).toMatchObject({ code: 'NOT_FOUND', reason: 'STATUS_NOT_FOUND' });
    expect(
      await h.fail(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: `L-${device.deviceCode}-99`, trackingCode: tracking },
        systemActor('gateway'),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', reason: 'STATUS_NOT_FOUND' });
  });

  it('registers an item once when its sync is retried concurrently (answer lost, phone resends): one complaint, one number, one registered event', async () => {
    const device = await enrol();
    const one = item(`fs-rina:${uuidv7()}`, `L-${device.deviceCode}-40`);
    // A slow registry keeps every copy between "not synced yet?" and its insert at the same time.
    registryDouble.delayMs = 150;
    const calls = registryDouble.calls;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.call('slrt.rpc.intake.sync-field-complaints.v1', { items: [one], deviceId: device.deviceId }, fs),
      ),
    ).finally(() => (registryDouble.delayMs = 0));
    expect(registryDouble.calls - calls).toBe(4); // all four raced
    const results = answers.map((a) => a.results[0]!);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
    expect(new Set(results.map((r) => `${r.complaintId}|${r.receiptNumber}|${r.provisionalNumber}`)).size).toBe(1);
    expect(results[0]!.provisionalNumber).toBe(`L-${device.deviceCode}-40`);
    const ids = (await h.db.query(`SELECT id FROM complaint WHERE client_id = $1`, [one.clientId])).rows;
    expect(ids).toHaveLength(1);
    const registered = await h.db.query(
      `SELECT 1 FROM outbox WHERE subject = 'slrt.evt.intake.complaint.registered.v1' AND envelope->'data'->>'complaintId' = $1`,
      [ids[0].id],
    );
    expect(registered.rowCount).toBe(1);
  });

  it("refuses another FS's device prefix, a number already used, and a number without tracking code, item by item", async () => {
    const mine = await enrol();
    const someoneElses = await enrol(fsOther);
    const used = await h.call(
      'slrt.rpc.intake.sync-field-complaints.v1',
      { items: [item(`fs-rina:${uuidv7()}`, `L-${mine.deviceCode}-7`)] },
      fs,
    );
    expect(used.results[0]!.outcome).toBe('created');
    const res = await h.call(
      'slrt.rpc.intake.sync-field-complaints.v1',
      {
        items: [
          item(`fs-rina:${uuidv7()}`, `L-${someoneElses.deviceCode}-1`), // forged: another FS's device
          item(`fs-rina:${uuidv7()}`, `L-${mine.deviceCode}-7`), // the same number for another complaint
          item(`fs-rina:${uuidv7()}`, 'L-ZZZZ-1'), // no such device
          item(`fs-rina:${uuidv7()}`, `L-${mine.deviceCode}-9`), // fine
        ],
      },
      fs,
    );
    expect(res.results.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'created']);
    expect(res.results.slice(0, 3).map((r) => r.fieldErrors.map((f) => f.field))).toEqual([
      ['provisionalNumber'],
      ['provisionalNumber'],
      ['provisionalNumber'],
    ]);
    expect(res.results[0]!.detail).toMatch(/bukan perangkat terdaftar atas nama Anda/);
    expect(res.results[1]!.detail).toMatch(/sudah dipakai/);
    expect(
      res.results
        .slice(0, 3)
        .every((r) => r.complaintId === null && r.receiptNumber === null && r.provisionalNumber === null),
    ).toBe(true);
    // Nothing registered for the refused items; the number 7 still names the first complaint only.
    const refusedIds = res.results.slice(0, 3).map((r) => r.clientId);
    expect(
      (await h.db.query(`SELECT count(*)::int AS n FROM complaint WHERE client_id = ANY($1)`, [refusedIds])).rows[0].n,
    ).toBe(0);
    expect(
      (
        await h.db.query(`SELECT complaint_id FROM field_provisional_number WHERE provisional_number = $1`, [
          `L-${mine.deviceCode}-7`,
        ])
      ).rows,
    ).toEqual([{ complaint_id: used.results[0]!.complaintId }]);
    // A malformed number or tracking code, or a number without its code, is a schema error of the whole request (422 with the field).
    const malformed = await h.raw(`slrt.rpc.intake.sync-field-complaints.v1.gateway`, {
      id: uuidv7(),
      subject: 'slrt.rpc.intake.sync-field-complaints.v1',
      occurredAt: new Date().toISOString(),
      producer: 'gateway',
      kabKotaCode: '62.71',
      correlationId: uuidv7(),
      causationId: null,
      actor: fs,
      data: {
        items: [
          item(`fs-rina:${uuidv7()}`, `L-${mine.deviceCode}-01`, 'ABCD-EFG0'),
          { ...item(`fs-rina:${uuidv7()}`), provisionalNumber: `L-${mine.deviceCode}-8` },
        ],
      },
    });
    expect(JSON.stringify(malformed)).toMatch(/VALIDATION_FAILED/);
    expect(JSON.stringify(malformed)).toMatch(/items\.0\.provisionalNumber/);
    expect(JSON.stringify(malformed)).toMatch(/items\.0\.trackingCode/);
    expect(JSON.stringify(malformed)).toMatch(/items\.1\.trackingCode/);
  });

  it('revocation (by the FS or ADMIN) is a remote logout: the next sync from the device is refused DEVICE_REVOKED, audited', async () => {
    const device = await enrol();
    const pending = item(`fs-rina:${uuidv7()}`, `L-${device.deviceCode}-1`);
    // Another FS may not revoke it, nor an SPV; an ADMIN of another kab/kota scope would not see it.
    expect(
      await h.fail('slrt.rpc.intake.revoke-field-device.v1', { deviceId: device.deviceId }, fsOther),
    ).toMatchObject({ code: 'NOT_FOUND', reason: 'DEVICE_NOT_FOUND' });
    expect(await h.fail('slrt.rpc.intake.revoke-field-device.v1', { deviceId: device.deviceId }, spv)).toMatchObject({
      code: 'FORBIDDEN',
    });
    const revoked = await h.call(
      'slrt.rpc.intake.revoke-field-device.v1',
      { deviceId: device.deviceId, reason: 'HP hilang' },
      fs,
    );
    expect(revoked).toMatchObject({ revokedAt: expect.any(String), revokedBy: fs.id });
    expect((await h.call('slrt.rpc.intake.revoke-field-device.v1', { deviceId: device.deviceId }, fs)).revokedAt).toBe(
      revoked.revokedAt,
    ); // twice: nothing new
    for (const req of [
      { items: [pending], deviceId: device.deviceId },
      { items: [pending] },
      { items: [item(`fs-rina:${uuidv7()}`)], deviceId: device.deviceId },
    ]) {
      expect(await h.fail('slrt.rpc.intake.sync-field-complaints.v1', req, fs)).toMatchObject({
        code: 'FORBIDDEN',
        reason: DEVICE_REVOKED_REASON,
      });
    }
    expect(
      (await h.db.query(`SELECT count(*)::int AS n FROM complaint WHERE client_id = $1`, [pending.clientId])).rows[0].n,
    ).toBe(0);
    // Re-enrolling the same installation stays refused: the app wipes and enrols anew.
    const installationId = `inst-${uuidv7()}`;
    const second = await h.call('slrt.rpc.intake.enrol-field-device.v1', { label: 'HP kedua', installationId }, fs);
    await h.call('slrt.rpc.intake.revoke-field-device.v1', { deviceId: second.deviceId }, admin);
    expect(
      await h.fail('slrt.rpc.intake.enrol-field-device.v1', { label: 'HP kedua', installationId }, fs),
    ).toMatchObject({ reason: DEVICE_REVOKED_REASON });
    // A device id that is not the caller's is refused too (no sync under someone else's device).
    const theirs = await enrol(fsOther);
    expect(
      await h.fail(
        'slrt.rpc.intake.sync-field-complaints.v1',
        { items: [item(`fs-rina:${uuidv7()}`)], deviceId: theirs.deviceId },
        fs,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'DEVICE_NOT_YOURS' });
    const audit = (
      await h.db.query(
        `SELECT action, actor_id, reason FROM field_device_audit WHERE device_id = ANY($1) ORDER BY id`,
        [[device.deviceId, second.deviceId]],
      )
    ).rows;
    expect(audit).toEqual([
      { action: 'enrolled', actor_id: fs.id, reason: null },
      { action: 'revoked', actor_id: fs.id, reason: 'HP hilang' },
      { action: 'enrolled', actor_id: fs.id, reason: null },
      { action: 'revoked', actor_id: admin.id, reason: null },
    ]);
  });
});
