import { ownerSubject, type Actor, type Envelope, type EventPayload } from '@slrt/contracts';
import { createLogger } from '@slrt/observability';
import { connectNats, inboxPrefix } from './connection.js';
import { envelopeHeaders, type PublishMeta } from './envelope.js';
import { buildEventEnvelope, type OwnerEventSubject, type PlainEventSubject } from './outbox.publisher.js';
import { publishToStream } from './stream-access.js';

/**
 * Publishes events straight to JetStream (no outbox) as one NATS identity: what a programme
 * owner's back office does with its own user (`slrt.owner.<code>.response.…`), and what tests do
 * when they act as an outside party. Services publish through their outbox instead.
 */
export async function connectDirectPublisher(o: {
  url: string;
  user?: string;
  password?: string;
  tlsCaFile?: string;
  service: string;
  kabKotaCode: string;
}) {
  const logger = createLogger(o.service, 'silent');
  const nc = await connectNats({
    url: o.url,
    name: o.service,
    logger,
    inboxPrefix: inboxPrefix(o.user ?? o.service),
    ...(o.user ? { user: o.user, password: o.password ?? '' } : {}),
    ...(o.tlsCaFile ? { tlsCaFile: o.tlsCaFile } : {}),
  });
  const producer = { service: o.service, kabKotaCode: o.kabKotaCode };
  const send = async <T extends object>(
    declared: string,
    concrete: string,
    data: T,
    meta: PublishMeta & { actor?: Actor | null },
  ) => {
    const envelope = buildEventEnvelope(producer, declared, concrete, data, meta);
    await publishToStream(nc, concrete, JSON.stringify(envelope), {
      msgID: envelope.id,
      headers: envelopeHeaders(envelope as Envelope),
    });
    return envelope;
  };
  return {
    nc,
    publish: <S extends PlainEventSubject>(
      subject: S,
      data: EventPayload<S>,
      meta: PublishMeta & { actor?: Actor | null } = {},
    ) => send(subject, subject, data, meta),
    publishToOwner: <S extends OwnerEventSubject>(
      subject: S,
      ownerCode: string,
      data: EventPayload<S>,
      meta: PublishMeta & { actor?: Actor | null } = {},
    ) => send(subject, ownerSubject(subject, ownerCode), data as object, meta),
    close: () => nc.close(),
  };
}
