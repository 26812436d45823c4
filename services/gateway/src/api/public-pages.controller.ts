import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { PUBLIC_PROGRAMMES_PATH, PUBLIC_STATUS_PATH, PUBLIC_VERIFY_PATH, systemActor } from '@slrt/contracts';
import { SECTORS, type Sector } from '@slrt/domain';
import { Public } from '@slrt/auth';
import { RpcCallError, RpcClient } from '@slrt/messaging';
import { GatewayEnv } from '../config/gateway.env.js';
import {
  PAGE_CSP,
  statusFormPage,
  statusNotFoundPage,
  statusPage,
  unavailablePage,
  verifyFormPage,
  verifyResultPage,
  type FormErrors,
} from './public-pages.html.js';
import { programmesPage } from './public-programmes.html.js';

/**
 * The citizens' pages behind the QR codes of printed documents, server-rendered (no JavaScript),
 * in Bahasa Indonesia: a complaint's status (timeline and access log) for a receipt number +
 * tracking code, and whether a document with a verification code is genuine. The same domain
 * requests as the JSON API (`getPublicComplaintStatus`, `verifyDocument`), in the same rate-limit
 * bucket; a wrong tracking code and an unknown receipt number get the same page. Not part of the
 * OpenAPI document (HTML for people, not an API).
 */
@ApiExcludeController()
@Controller()
export class PublicPagesController {
  private readonly actor = systemActor('gateway');

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: GatewayEnv,
  ) {}

  @Get(PUBLIC_STATUS_PATH.slice(1))
  @Public()
  async status(@Query('nomor') nomor: unknown, @Query('kode') kode: unknown, @Res() reply: FastifyReply) {
    const receiptNumber = typeof nomor === 'string' ? nomor.trim() : '';
    const trackingCode = typeof kode === 'string' ? kode.trim() : '';
    if (!receiptNumber && !trackingCode) return send(reply, 200, statusFormPage());
    try {
      const s = await this.rpc.request(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber, trackingCode },
        { actor: this.actor },
      );
      return send(reply, 200, statusPage(s, this.env.SLRT_TIME_ZONE));
    } catch (err) {
      if (!(err instanceof RpcCallError)) throw err;
      if (err.error.code === 'VALIDATION_FAILED') {
        const errors: FormErrors = {};
        for (const f of err.error.fieldErrors ?? []) {
          if (f.field === 'receiptNumber')
            errors.nomor = receiptNumber
              ? (f.messages[0] ?? 'Periksa nomor pengaduan.')
              : 'Nomor pengaduan wajib diisi.';
          if (f.field === 'trackingCode')
            errors.kode = trackingCode ? (f.messages[0] ?? 'Periksa kode pelacakan.') : 'Kode pelacakan wajib diisi.';
        }
        // The receipt number may be shown back; the tracking code never is.
        return send(reply, 400, statusFormPage(errors.nomor ? '' : receiptNumber, errors));
      }
      if (err.error.code === 'NOT_FOUND') return send(reply, 404, statusNotFoundPage(/^L-/i.test(receiptNumber)));
      return send(reply, 503, unavailablePage('Status pengaduan'));
    }
  }

  @Get(PUBLIC_VERIFY_PATH.slice(1))
  @Public()
  verifyForm(@Query('kode') kode: unknown, @Res() reply: FastifyReply) {
    const code = typeof kode === 'string' ? kode.trim() : '';
    if (!code) return send(reply, 200, verifyFormPage());
    return this.verifyCode(code, reply);
  }

  @Get(`${PUBLIC_VERIFY_PATH.slice(1)}/:code`)
  @Public()
  verify(@Param('code') code: string, @Res() reply: FastifyReply) {
    return this.verifyCode(code, reply);
  }

  /** Programme information for citizens: active programmes the kab/kota published, searchable by words and sector. */
  @Get(PUBLIC_PROGRAMMES_PATH.slice(1))
  @Public()
  async programmes(@Query('q') qParam: unknown, @Query('sektor') sektorParam: unknown, @Res() reply: FastifyReply) {
    const q = typeof qParam === 'string' ? qParam.trim() : '';
    const sector =
      typeof sektorParam === 'string' && (SECTORS as readonly string[]).includes(sektorParam)
        ? (sektorParam as Sector)
        : '';
    if (q.length > 100)
      return send(
        reply,
        400,
        programmesPage([], q.slice(0, 100), sector, 'Kata pencarian paling panjang 100 karakter.'),
      );
    try {
      const { items } = await this.rpc.request(
        'slrt.rpc.referral.list-public-programmes.v1',
        { ...(q ? { q } : {}), ...(sector ? { sector } : {}) },
        { actor: this.actor },
      );
      return send(reply, 200, programmesPage(items, q, sector));
    } catch (err) {
      if (!(err instanceof RpcCallError)) throw err;
      return send(reply, 503, unavailablePage('Informasi program bantuan'));
    }
  }

  private async verifyCode(code: string, reply: FastifyReply) {
    try {
      const v = await this.rpc.request('slrt.rpc.registry.verify-document.v1', { code }, { actor: this.actor });
      return send(reply, v.valid ? 200 : 404, verifyResultPage(v, this.env.SLRT_TIME_ZONE));
    } catch (err) {
      if (!(err instanceof RpcCallError)) throw err;
      if (err.error.code === 'VALIDATION_FAILED')
        return send(
          reply,
          400,
          verifyFormPage('Kode verifikasi terdiri dari huruf dan angka, contoh: Q7RK-M2XW-9PDT.'),
        );
      return send(reply, 503, unavailablePage('Periksa keaslian dokumen'));
    }
  }
}

function send(reply: FastifyReply, status: number, html: string): void {
  void reply
    .status(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex, nofollow',
    })
    .send(html);
}
