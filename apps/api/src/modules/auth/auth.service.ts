import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthResponse, ChangePasswordDto, LoginDto, PasswordResetConfirmDto, RegisterDto, Session } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/current-user.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { RevocationsService } from '../../common/revocations.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { ServerSettingsService } from '../server/server-settings.service.js';
import { UsersService } from '../users/users.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsRepository } from './sessions.repository.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface TokenPayload {
  sub: string;
  sid: string;
}

const RESET_TTL_MS = 30 * 60 * 1000;
const LAST_USED_RESOLUTION_MS = 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly limits: RateLimitService,
    private readonly mail: MailService,
    private readonly hasher: PasswordHasher,
    private readonly events: DomainEvents,
    private readonly revocations: RevocationsService,
    private readonly server: ServerSettingsService,
  ) {}

  /**
   * Counted per IP; the server's registration mode is checked before the password is hashed, and again inside the
   * transaction that creates the account, where an invite code's use is spent: a refusal (403) or a taken name (409)
   * creates nothing and spends no use.
   */
  async register(dto: RegisterDto, client: ClientInfo): Promise<AuthResponse> {
    await this.limits.consume('registerIp', client.ip ?? 'unknown');
    await this.server.checkRegistration(dto.inviteCode);
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.sessions.transaction(async (em) => {
      await this.server.admitRegistration(em, dto.inviteCode);
      return this.users.create(
        { username: dto.username, email: dto.email, passwordHash, displayName: dto.displayName ?? dto.username },
        em,
      );
    });
    return this.openSession(user.id, client);
  }

  /** One answer for every wrong pair; attempts are counted per IP and per account before the password is checked. */
  async login(dto: LoginDto, client: ClientInfo): Promise<AuthResponse> {
    await this.limits.consume('loginIp', client.ip ?? 'unknown');
    const user = await this.users.findByLoginWithHash(dto.login);
    // One counter per account, whether the attempt named it by username or by email; unknown names count too.
    const accountKey = user ? `user:${user.id}` : `login:${dto.login.toLowerCase()}`;
    await this.limits.consume('loginAccount', accountKey);
    const ok = user ? await this.hasher.verify(user.passwordHash, dto.password) : await this.hasher.verifyNothing(dto.password);
    // a deactivated or deleted account gets the same answer as a wrong password, after the same work
    if (!user || !ok || user.deactivatedAt !== null || user.deletedAt !== null)
      throw AppException.unauthenticated('Invalid login or password');
    await this.limits.reset('loginAccount', accountKey);
    return this.openSession(user.id, client);
  }

  private async openSession(userId: string, client: ClientInfo): Promise<AuthResponse> {
    const expiresAt = new Date(Date.now() + this.config.sessionTtlSeconds * 1000);
    const session = await this.sessions.insert({
      userId,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      expiresAt,
      lastUsedAt: new Date(),
    });
    const payload: TokenPayload = { sub: userId, sid: session.id };
    const token = await this.jwt.signAsync(payload, { expiresIn: this.config.sessionTtlSeconds });
    return { token, expiresAt: expiresAt.toISOString(), user: await this.users.getMe(userId) };
  }

  /** Checks a verified token's session row: it must exist, belong to the subject, be unrevoked and unexpired. */
  async authenticate(payload: Partial<TokenPayload>): Promise<AuthUser> {
    return (await this.checkSession(payload)).user;
  }

  /** Verifies a raw token (signature, expiry, algorithm) and its session. Used by HTTP and the socket handshake. */
  async authenticateToken(token: string): Promise<AuthUser> {
    return (await this.authenticateUntil(token)).user;
  }

  /** `authenticateToken`, and when the login ends: the token's expiry or the session's, whichever comes first. */
  async authenticateUntil(token: string): Promise<{ user: AuthUser; endsAt: Date }> {
    let payload: TokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<TokenPayload & { exp?: number }>(token, { algorithms: ['HS256'] });
    } catch {
      throw AppException.unauthenticated();
    }
    const { user, expiresAt } = await this.checkSession(payload);
    const tokenEnds = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
    return { user, endsAt: new Date(Math.min(tokenEnds, expiresAt.getTime())) };
  }

  private async checkSession(payload: Partial<TokenPayload>): Promise<{ user: AuthUser; expiresAt: Date }> {
    if (!isUuid(payload.sid) || !isUuid(payload.sub)) throw AppException.unauthenticated();
    // Every request runs this: one named prepared statement by primary key, no entity hydration.
    const now = new Date();
    const session = await this.sessions.findLive(payload.sid, payload.sub, now);
    if (!session) throw AppException.unauthenticated('Your session has ended, please log in again');
    if (now.getTime() - session.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) await this.sessions.touch(payload.sid, now);
    return { user: { userId: payload.sub, sessionId: payload.sid }, expiresAt: session.expiresAt };
  }

  async logout(auth: AuthUser): Promise<void> {
    await this.revoke({ id: auth.sessionId, userId: auth.userId });
  }

  async listSessions(auth: AuthUser): Promise<Session[]> {
    const rows = await this.sessions.listLive(auth.userId);
    return rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      current: s.id === auth.sessionId,
    }));
  }

  async revokeSession(auth: AuthUser, sessionId: string): Promise<void> {
    const revoked = await this.revoke({ id: sessionId, userId: auth.userId });
    if (revoked.length === 0) throw AppException.notFound('Session');
  }

  /** Counted per account before the current password is checked; ends the other sessions and voids reset links. */
  async changePassword(auth: AuthUser, dto: ChangePasswordDto): Promise<void> {
    await this.limits.consume('passwordChange', auth.userId);
    const current = await this.users.getPasswordHash(auth.userId);
    if (!(await this.hasher.verify(current, dto.currentPassword))) {
      throw AppException.validation('currentPassword', 'is not your current password');
    }
    await this.users.setPasswordHash(auth.userId, await this.hasher.hash(dto.newPassword));
    await this.sessions.voidResets(auth.userId);
    await this.revoke({ userId: auth.userId, exceptId: auth.sessionId });
  }

  /** Always answers the same; mails a single-use link when the address belongs to an account. */
  async requestPasswordReset(email: string, client: ClientInfo): Promise<void> {
    await this.limits.consume('resetIp', client.ip ?? 'unknown');
    const user = await this.users.findByEmail(email);
    if (!user) return;
    // at most a few mails per address an hour, whoever asks: over it, the same answer and no mail
    if (!(await this.limits.tryConsume('resetMail', user.id))) return;
    const token = randomBytes(32).toString('base64url');
    await this.sessions.insertReset(user.id, sha256(token), new Date(Date.now() + RESET_TTL_MS));
    const link = `${this.config.publicUrl}/reset-password?token=${token}`;
    // Not awaited: the answer must not take longer for a known address than for an unknown one.
    this.mail
      .send({
        to: user.email,
        subject: 'Reset your password',
        text: `Hello ${user.displayName},\n\nSomeone asked to reset the password of your account "${user.username}".\nOpen this link within 30 minutes to choose a new one:\n\n${link}\n\nIf it was not you, ignore this mail; your password stays as it is.\n`,
      })
      .catch((err: unknown) => this.logger.error({ err }, 'password reset mail could not be sent'));
  }

  /**
   * Counted per IP; the token is looked up (by its SHA-256, so the comparison leaks nothing of the token) before any
   * password hashing, so a flood of made-up tokens costs one indexed query each. Then the token is spent (once,
   * atomically, voiding the user's other links), the password set and every session of the user ended.
   */
  async confirmPasswordReset(dto: PasswordResetConfirmDto, client: ClientInfo): Promise<void> {
    await this.limits.consume('resetConfirmIp', client.ip ?? 'unknown');
    const invalid = () => AppException.validation('token', 'is invalid, used or expired');
    if (!(await this.sessions.resetIsLive(sha256(dto.token)))) throw invalid();
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const userId = await this.sessions.transaction(async (em) => {
      // the other links mailed to this user are void from now on
      const owner = await this.sessions.spendReset(em, sha256(dto.token));
      if (!owner) throw invalid(); // spent by a racing confirmation meanwhile
      await this.users.setPasswordHash(owner, passwordHash, em);
      return owner;
    });
    await this.revoke({ userId });
  }

  /** Ends every session of a user (deactivated, deleted); their sockets close on every API process. */
  async revokeAllSessions(userId: string): Promise<void> {
    await this.revoke({ userId });
  }

  /** Checks the caller's password, counted per account like a password change (429 past the limit). */
  async verifyPassword(userId: string, password: string): Promise<boolean> {
    await this.limits.consume('passwordChange', userId);
    return this.hasher.verify(await this.users.getPasswordHash(userId), password);
  }

  /**
   * Marks matching live sessions of a user revoked and announces them so their sockets close; the user's revocation
   * version moves first, so a socket that misses the announcement (another process) checks its session at its next event.
   */
  private async revoke(where: { userId: string; id?: string; exceptId?: string }): Promise<string[]> {
    const ids = await this.sessions.revoke(where);
    if (ids.length === 0) return ids;
    await this.revocations.bump([where.userId]);
    this.events.emit('session.revoked', { sessionIds: ids });
    return ids;
  }
}
