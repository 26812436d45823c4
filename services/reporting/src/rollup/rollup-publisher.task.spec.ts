import 'reflect-metadata';
import { freePort } from '@slrt/testing';
import type { Logger } from '@slrt/observability';
import { ReportingEnv } from '../config/reporting.env.js';
import { RollupPublisherTask, rollupMsgId } from './rollup-publisher.task.js';
import type { RollupService } from './rollup.service.js';

describe('RollupPublisherTask', () => {
  it('names each version for JetStream dedup: rollup:<kab-kota>:<month>:<version>', () => {
    expect(rollupMsgId('62.71', '2026-11', 3)).toBe('rollup:6271:2026-11:3');
  });

  it('warns once per outage, not every round, and says when the hub is back', async () => {
    const port = await freePort(); // nothing listens there
    const env = Object.assign(new ReportingEnv(), {
      REPORTING_ROLLUP_NATS_URL: `nats://127.0.0.1:${port}`,
      KAB_KOTA_CODE: '62.71',
    });
    let pending = true;
    const rollup = {
      refresh: async () => [],
      unsent: async () => (pending ? [{ month: '2026-11', version: 1, sent_version: null, payload: {} }] : []),
      markSent: async () => undefined,
    } as unknown as RollupService;
    const logged: string[] = [];
    const logger = {
      warn: () => logged.push('warn'),
      info: () => logged.push('info'),
      error: () => logged.push('error'),
    } as unknown as Logger;
    const task = new RollupPublisherTask(rollup, env, logger);
    const round = async () => {
      let error: unknown = null;
      try {
        await task.runOnce();
      } catch (e) {
        error = e;
      }
      (task as unknown as { roundEnded(e: unknown): void }).roundEnded(error);
    };
    for (let i = 0; i < 3; i++) await round();
    expect(logged).toEqual(['warn']);
    expect(task.unreachableRounds).toBe(3);
    pending = false; // nothing to send: the round succeeds
    await round();
    expect(logged).toEqual(['warn', 'info']);
    pending = true;
    await round();
    await round();
    expect(logged).toEqual(['warn', 'info', 'warn']);
    await task.beforeApplicationShutdown();
  });

  it('in province mode forwards what it holds and never computes a roll-up of its own (its read model is empty)', async () => {
    const env = Object.assign(new ReportingEnv(), {
      REPORTING_MODE: 'province',
      REPORTING_ROLLUP_NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    });
    const calls: string[] = [];
    const rollup = {
      refresh: async () => {
        throw new Error('a province computed its own roll-up');
      },
      unsent: async () => {
        throw new Error('a province published its own roll-up');
      },
      unforwarded: async () => {
        calls.push('unforwarded');
        return [];
      },
    } as unknown as RollupService;
    const logger = { warn: () => undefined, info: () => undefined, error: () => undefined } as unknown as Logger;
    const task = new RollupPublisherTask(rollup, env, logger);
    expect(task.enabled).toBe(true);
    expect(await task.runOnce()).toEqual({ changed: [], sent: [] });
    expect(calls).toEqual(['unforwarded']);
    await task.beforeApplicationShutdown();
  });
});
