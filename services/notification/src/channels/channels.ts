import type { MessageChannel } from '@slrt/contracts';
import type { NotificationEnv } from '../config/notification.env.js';
import type { ChannelAdapter } from './channel.js';
import { FonnteAdapter, type FonnteConfig } from './fonnte.js';
import { GenericHttpAdapter, type GenericHttpConfig } from './http-generic.js';
import { SmtpAdapter } from './smtp.js';

function textAdapter(channel: MessageChannel, json: string | undefined, timeoutMs: number): ChannelAdapter | null {
  if (!json || json.trim() === '') return null;
  let config: GenericHttpConfig | FonnteConfig;
  try {
    config = JSON.parse(json) as GenericHttpConfig | FonnteConfig;
  } catch {
    throw new Error(`NOTIFY_${channel.toUpperCase()}_PROVIDER: not valid JSON`);
  }
  if (config.kind === 'fonnte') {
    if (!config.token) throw new Error(`NOTIFY_${channel.toUpperCase()}_PROVIDER: fonnte needs a token`);
    return new FonnteAdapter(channel, config, timeoutMs);
  }
  if (config.kind === 'http') {
    if (!config.url) throw new Error(`NOTIFY_${channel.toUpperCase()}_PROVIDER: http needs a url`);
    return new GenericHttpAdapter(channel, config, timeoutMs);
  }
  throw new Error(`NOTIFY_${channel.toUpperCase()}_PROVIDER: kind must be "http" or "fonnte"`);
}

/** The providers configured on this deployment, per channel (letters and FS visits need none). */
export class Channels {
  readonly adapters = new Map<MessageChannel, ChannelAdapter>();

  constructor(env: NotificationEnv) {
    const sms = textAdapter('sms', env.NOTIFY_SMS_PROVIDER, env.NOTIFY_PROVIDER_TIMEOUT_MS);
    const wa = textAdapter('whatsapp', env.NOTIFY_WHATSAPP_PROVIDER, env.NOTIFY_PROVIDER_TIMEOUT_MS);
    if (sms) this.adapters.set('sms', sms);
    if (wa) this.adapters.set('whatsapp', wa);
    if (env.NOTIFY_SMTP_URL)
      this.adapters.set(
        'email',
        new SmtpAdapter(env.NOTIFY_SMTP_URL, env.NOTIFY_EMAIL_FROM, env.NOTIFY_PROVIDER_TIMEOUT_MS),
      );
  }

  get(channel: MessageChannel): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /** Channels that can carry a message now (providers configured, plus letter and FS visit). */
  configured(): MessageChannel[] {
    return [...this.adapters.keys(), 'letter', 'fs-visit'];
  }

  /** The adapter that answers callbacks for `provider` (`http`, `fonnte`). */
  byProvider(provider: string): ChannelAdapter[] {
    return [...this.adapters.values()].filter((a) => a.provider === provider);
  }

  async close(): Promise<void> {
    for (const a of this.adapters.values()) await a.close?.();
  }
}
