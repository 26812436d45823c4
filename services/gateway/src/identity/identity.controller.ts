import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, Public, Roles } from '@slrt/auth';
import {
  ApiKeyListDto,
  AuditPageDto,
  ChangePasswordDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateUserDto,
  LoginDto,
  MeDto,
  RefreshDto,
  SessionDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
} from './identity.dto.js';
import { JsonResponse } from '../http/openapi.js';
import { IdentityService, type Origin } from './identity.service.js';

const origin = (req: FastifyRequest): Origin => ({
  ip: req.ip ?? null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
});
const int = (v: string | undefined, d: number, max = 200) =>
  Math.min(max, Math.max(1, Number.parseInt(v ?? '', 10) || d));

/** Login, tokens and the caller's own account. */
@ApiTags('auth')
@Controller('v1')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Masuk: token akses (JWT, singkat) dan token penyegar (berputar)' })
  @JsonResponse(SessionDto)
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.identity.login(dto.username, dto.password, origin(req));
  }

  @Post('auth/refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshToken',
    summary: 'Token penyegar diganti yang baru; pemakaian ulang token lama mencabut seluruh sesi',
  })
  @JsonResponse(SessionDto)
  refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest) {
    return this.identity.refresh(dto.refreshToken, origin(req));
  }

  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'Keluar: mencabut sesi token penyegar ini' })
  async logout(@Body() dto: RefreshDto, @Req() req: FastifyRequest) {
    await this.identity.logout(dto.refreshToken, origin(req));
  }

  @Get('me')
  @ApiBearerAuth()
  @Roles('FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN')
  @ApiOperation({ operationId: 'getMe', summary: 'Akun pemanggil: peran, wilayah kerja, kode pengelola program' })
  @JsonResponse(MeDto)
  me(@CurrentActor() actor: Actor) {
    return this.identity.me(actor);
  }

  @Put('me/password')
  @ApiBearerAuth()
  @HttpCode(204)
  @Roles('FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN')
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Ganti kata sandi (perlu kata sandi lama); sesi lain dicabut',
  })
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    await this.identity.changePassword(actor, dto, origin(req));
  }
}

/** Users, API keys and the audit log: ADMIN, within its own kab/kota. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1')
@Roles('ADMIN')
export class AdminController {
  constructor(private readonly identity: IdentityService) {}

  @Get('users')
  @ApiOperation({ operationId: 'listUsers', summary: 'Pengguna di wilayah admin' })
  @JsonResponse(UserPageDto)
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  list(
    @Query('page') page: string | undefined,
    @Query('pageSize') pageSize: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.identity.listUsers(actor, int(page, 1, 1_000_000), int(pageSize, 50));
  }

  @Post('users')
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Menambah pengguna (peran, wilayah kerja, kode pengelola program untuk PO)',
  })
  @JsonResponse(UserDto)
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    return this.identity.createUser(actor, dto, origin(req));
  }

  @Patch('users/:id')
  @ApiOperation({ operationId: 'updateUser', summary: 'Mengubah pengguna; perubahan hak mencabut sesinya' })
  @JsonResponse(UserDto)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.identity.updateUser(actor, id, dto, origin(req));
  }

  @Delete('users/:id')
  @ApiOperation({ operationId: 'deactivateUser', summary: 'Menonaktifkan pengguna (tidak dihapus: jejak audit tetap)' })
  @JsonResponse(UserDto)
  deactivate(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    return this.identity.deactivateUser(actor, id, origin(req));
  }

  @Post('api-keys')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Kunci API untuk klien mesin pengelola program (ditampilkan sekali)',
  })
  @JsonResponse(CreatedApiKeyDto)
  createKey(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    return this.identity.createApiKey(actor, dto, origin(req));
  }

  @Get('api-keys')
  @ApiOperation({ operationId: 'listApiKeys', summary: 'Kunci API (tanpa rahasianya)' })
  @JsonResponse(ApiKeyListDto)
  listKeys(@CurrentActor() actor: Actor) {
    return this.identity.listApiKeys(actor);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Mencabut kunci API' })
  async revokeKey(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    await this.identity.revokeApiKey(actor, id, origin(req));
  }

  @Get('audit-events')
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'Jejak audit: masuk, gagal masuk, pencabutan token, perubahan pengguna',
  })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @JsonResponse(AuditPageDto)
  audit(
    @Query('page') page: string | undefined,
    @Query('pageSize') pageSize: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.identity.listAudit(actor, int(page, 1, 1_000_000), int(pageSize, 50));
  }
}
