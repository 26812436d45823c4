import { AsyncLocalStorage } from 'node:async_hooks';
import { Controller, Module } from '@nestjs/common';
import { DataSource, EventSubscriber, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ComplaintRegisteredV1,
  ComplaintWithdrawnV1,
  LookupNikRequestV1,
  LookupNikResponseV1,
} from '@slrt/contracts';
import {
  DomainError,
  EventContext,
  OnEvent,
  OnRequest,
  PermanentError,
  type EventPrepareContext,
  type RpcRequestContext,
} from '../../src/index.js';

/** Every request the probe's handler ran for, as `<caller> <actor id> <nik>` (tests read it in-process). */
export const handledRequests: string[] = [];

/**
 * A consumer and a request handler used only by the messaging tests. The effect table has no
 * unique constraint on purpose: a doubled effect would show as two rows.
 */
@Controller()
export class ProbeHandlers {
  @OnEvent('slrt.evt.intake.complaint.registered.v1', { durable: 'probe-registered', concurrency: 4 })
  async onRegistered(@Payload() data: ComplaintRegisteredV1, @Ctx() ctx: EventContext) {
    await ctx.manager.query(`INSERT INTO effect (event_id, complaint_id, delivery) VALUES ($1, $2, $3)`, [
      ctx.envelope.id,
      data.complaintId,
      ctx.deliveryCount,
    ]);
    const [control] = await ctx.manager.query(`SELECT mode, failures FROM control WHERE complaint_id = $1`, [
      data.complaintId,
    ]);
    if (control?.mode === 'permanent') throw new PermanentError('complaint refused by probe');
    if (control?.mode === 'always-fail') throw new Error('probe always fails');
    if (control?.mode === 'fail-first' && ctx.deliveryCount <= Number(control.failures))
      throw new Error(`probe fails delivery ${ctx.deliveryCount}`);
    if (control?.mode === 'slow') await new Promise((r) => setTimeout(r, 300));
    // Marks the transaction: CrashAfterCommit kills the process once it has committed, before the ack.
    if (control?.mode === 'crash-after-commit' && ctx.deliveryCount === 1 && ctx.manager.queryRunner)
      ctx.manager.queryRunner.data = { ...ctx.manager.queryRunner.data, crashAfterCommit: true };
  }

  @OnEvent('slrt.evt.intake.complaint.withdrawn.v1', { durable: 'probe-withdrawn' })
  async onWithdrawn(@Payload() data: ComplaintWithdrawnV1, @Ctx() ctx: EventContext) {
    await ctx.manager.query(`INSERT INTO effect (event_id, complaint_id, delivery) VALUES ($1, $2, $3)`, [
      ctx.envelope.id,
      data.complaintId,
      ctx.deliveryCount,
    ]);
  }

  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  async lookup(@Payload() data: LookupNikRequestV1, @Ctx() ctx: RpcRequestContext): Promise<LookupNikResponseV1> {
    handledRequests.push(`${ctx.caller} ${ctx.actor.id} ${data.nik}`);
    if (data.nik.endsWith('9999'))
      throw new DomainError('NOT_FOUND', 'NIK tidak ditemukan.', { reason: 'NIK_NOT_FOUND' });
    if (data.nik.endsWith('8888')) await new Promise((r) => setTimeout(r, 1500));
    if (data.nik.endsWith('7777')) return { found: 'yes' } as unknown as LookupNikResponseV1;
    return { found: true, householdId: ctx.actor.id, desil: 3, programmeFlags: ['PKH'], dataPeriod: '2026-09' };
  }
}

@Module({ controllers: [ProbeHandlers] })
export class ProbeModule {}

/**
 * In the probe child process only: SIGKILLs the process right after a marked transaction
 * committed, before the transport can ack the message: the worst moment for a crash.
 */
@EventSubscriber()
export class CrashAfterCommit implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if ((event.queryRunner.data as { crashAfterCommit?: boolean } | undefined)?.crashAfterCommit)
      process.kill(process.pid, 'SIGKILL');
  }
}

/** A handler whose durable nobody provisioned: the service must bind, never create it. */
@Controller()
class UnprovisionedHandler {
  @OnEvent('slrt.evt.intake.complaint.withdrawn.v1', { durable: 'probe-unprovisioned' })
  onWithdrawn() {}
}

@Module({ controllers: [UnprovisionedHandler] })
export class UnprovisionedModule {}

/**
 * The probe consumer with group commit (durable `probe-grouped`, test-only): records in
 * `grouped_effect` the transaction id of each effect, so tests see which messages shared one.
 */
@Controller()
export class GroupedProbeHandlers {
  @OnEvent('slrt.evt.intake.complaint.registered.v1', {
    durable: 'probe-grouped',
    groupCommit: { maxMessages: 16, maxWaitMs: 100 },
  })
  async onRegistered(@Payload() data: ComplaintRegisteredV1, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO grouped_effect (event_id, complaint_id, delivery, txid, batch_size) VALUES ($1, $2, $3, txid_current(), $4)`,
      [ctx.envelope.id, data.complaintId, ctx.deliveryCount, ctx.batch.length],
    );
    const [control] = await ctx.manager.query(`SELECT mode, failures FROM control WHERE complaint_id = $1`, [
      data.complaintId,
    ]);
    if (control?.mode === 'permanent') throw new PermanentError('complaint refused by probe');
    if (control?.mode === 'fail-first' && ctx.deliveryCount <= Number(control.failures))
      throw new Error(`probe fails delivery ${ctx.deliveryCount}`);
    if (control?.mode === 'sql-error' && ctx.deliveryCount === 1) await ctx.manager.query(`SELECT 1 / 0`);
    if (control?.mode === 'crash-after-commit' && ctx.deliveryCount === 1 && ctx.manager.queryRunner)
      ctx.manager.queryRunner.data = { ...ctx.manager.queryRunner.data, crashAfterCommit: true };
  }
}

@Module({ controllers: [GroupedProbeHandlers] })
export class GroupedProbeModule {}

/** Whether the code running is inside a transaction the transport opened (the prepare test wraps `DataSource.transaction` with it). */
export const insideTransaction = new AsyncLocalStorage<true>();

/** What the prepare probe saw, in order: `prepare <complaint id> <delivery> <in transaction>` and `handle <complaint id> <prepared> <in transaction>`. */
export const preparedLog: string[] = [];

/**
 * The probe consumer with a `prepare` step (durable `probe-prepared`, test-only): prepare reads the
 * control row through the service's DataSource, outside any transaction, and fails the first
 * deliveries when told to; the handler writes its effect with what prepare returned.
 */
@Controller()
export class PreparedProbeHandlers {
  constructor(readonly dataSource: DataSource) {}

  @OnEvent('slrt.evt.intake.complaint.registered.v1', {
    durable: 'probe-prepared',
    prepare: async (self: PreparedProbeHandlers, data: ComplaintRegisteredV1, ctx: EventPrepareContext) => {
      preparedLog.push(`prepare ${data.complaintId} ${ctx.deliveryCount} ${insideTransaction.getStore() === true}`);
      const [control] = await self.dataSource.query(`SELECT mode, failures FROM control WHERE complaint_id = $1`, [
        data.complaintId,
      ]);
      if (control?.mode === 'fail-first' && ctx.deliveryCount <= Number(control.failures))
        throw new Error(`probe prepare fails delivery ${ctx.deliveryCount}`);
      return `read at delivery ${ctx.deliveryCount}`;
    },
  })
  async onRegistered(@Payload() data: ComplaintRegisteredV1, @Ctx() ctx: EventContext<ComplaintRegisteredV1, string>) {
    preparedLog.push(`handle ${data.complaintId} ${ctx.prepared} ${insideTransaction.getStore() === true}`);
    await ctx.manager.query(`INSERT INTO effect (event_id, complaint_id, delivery) VALUES ($1, $2, $3)`, [
      ctx.envelope.id,
      data.complaintId,
      ctx.deliveryCount,
    ]);
  }
}

@Module({ controllers: [PreparedProbeHandlers] })
export class PreparedProbeModule {}
