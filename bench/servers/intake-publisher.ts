/**
 * Intake's side of bench/notification-messages.ts, in its own process as in a deployment: publishes
 * `complaint.status-changed.v1` through intake's outbox on request (`POST /publish` with the
 * complaint ids and the transaction size; answers each commit's time, epoch ms) and answers
 * `get-notification-contacts` (one complaint, or a batch with `complaintIds`) for any complaint with
 * a phone derived from its id.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { GetNotificationContactsRequestV1, NotificationContactsV1 } from '@slrt/contracts';
import { OnRequest, OutboxPublisher, createServiceApp } from '@slrt/messaging';

@Controller()
class ContactsDouble {
  @OnRequest('slrt.rpc.intake.get-notification-contacts.v1')
  contacts(@Payload() data: GetNotificationContactsRequestV1): NotificationContactsV1 {
    const one = (complaintId: string): NotificationContactsV1 => {
      const digits = String(parseInt(complaintId.replace(/-/g, '').slice(-7), 16) % 10_000_000).padStart(7, '0');
      return {
        complaintId,
        receiptNumber: '6271-2611-000123',
        trackingCode: 'K7PQ-4QX2',
        anonymous: false,
        contacts: [
          {
            role: 'subject',
            name: 'Siti Aminah',
            phone: `+62812${digits}`,
            email: null,
            consent: true,
            desaCode: '62.71.01.1001',
            address: null,
          },
        ],
      };
    };
    // As intake: the further `complaintIds` in `others`.
    return data.complaintIds
      ? { ...one(data.complaintId), others: data.complaintIds.filter((id) => id !== data.complaintId).map(one) }
      : one(data.complaintId);
  }
}
@Module({ controllers: [ContactsDouble] })
class ContactsDoubleModule {}

const env = loadConfig('intake', BaseServiceEnv, {
  DATABASE_URL: process.env.DATABASE_URL!,
  DATABASE_SCHEMA: process.env.INTAKE_SCHEMA!,
  NATS_URL: process.env.NATS_URL!,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test',
});
const intake = (await createServiceApp({ service: 'intake', env, imports: [ContactsDoubleModule] })).app;
const ds = intake.get(DataSource);
const outbox = intake.get(OutboxPublisher);
const now = () => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c));
  req.on('end', () => {
    void (async () => {
      const { ids, batch } = JSON.parse(body) as { ids: string[]; batch: number };
      const committedAt: Record<string, number> = {};
      for (let i = 0; i < ids.length; i += batch) {
        const part = ids.slice(i, i + batch);
        await ds.transaction(async (m) => {
          for (const complaintId of part) {
            await outbox.publish(m, 'slrt.evt.intake.complaint.status-changed.v1', {
              complaintId,
              receiptNumber: '6271-2611-000123',
              desaCode: '62.71.01.1001',
              sequence: 7,
              step: 'resolved',
              previousStep: 'answered',
              ownerCode: null,
              reasonCode: null,
              reasonText: null,
              occurredAt: new Date().toISOString(),
            });
          }
        });
        const t = now();
        for (const id of part) committedAt[id] = t;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(committedAt));
    })();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => {
  server.close();
  void intake.close().then(() => process.exit(0));
});
