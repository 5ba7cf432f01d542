import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape } from '../../../platform/database';

const PRESENTED = rowShape('presented refresh token', {
  token_id: col.uuid(),
  session_id: col.uuid(),
  used: col.bool(),
  in_grace: col.bool().orNull(),
  used_by_client: col.text().orNull(),
  token_expired: col.bool(),
  session_expires_at: col.time(),
  session_live: col.bool(),
  user_id: col.uuid(),
  disabled: col.bool(),
  roles: col.textArray(),
  organization_id: col.uuid(),
});

const SESSION_OF = rowShape('refresh token session', {
  session_id: col.uuid(),
  user_id: col.uuid(),
  roles: col.textArray(),
  organization_id: col.uuid(),
});

/** A refresh token as presented, with its session and user. */
export interface PresentedRefreshToken {
  tokenId: string;
  sessionId: string;
  used: boolean;
  /** Spent within the grace window (null when never spent). */
  inGrace: boolean | null;
  usedByClient: string | null;
  tokenExpired: boolean;
  sessionExpiresAt: Date;
  sessionLive: boolean;
  userId: string;
  disabled: boolean;
  roles: string[];
  organizationId: string;
}

/** The refresh_tokens table (a token is stored as its SHA-256 only). */
@Injectable()
export class RefreshTokenRepository {
  async insert(m: Queryable, sessionId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await m.query(`INSERT INTO refresh_tokens (session_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
      sessionId,
      tokenHash,
      expiresAt,
    ]);
  }

  /**
   * The token with this hash, its session and user, the token and the session locked (a rotation in
   * progress holds them); `graceSeconds` is the double-submit window.
   */
  async lockPresented(
    m: Queryable,
    tokenHash: string,
    graceSeconds: number,
  ): Promise<PresentedRefreshToken | undefined> {
    const raw = await firstRow(
      m,
      `SELECT rt.id AS token_id, rt.session_id, rt.used_at IS NOT NULL AS used,
              rt.used_at > now() - make_interval(secs => $2) AS in_grace, rt.used_by_client,
              rt.expires_at <= now() AS token_expired,
              s.expires_at AS session_expires_at,
              (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live,
              u.id AS user_id, u.disabled, u.roles, u.organization_id
         FROM refresh_tokens rt
         JOIN sessions s ON s.id = rt.session_id
         JOIN users u ON u.id = s.user_id
        WHERE rt.token_hash = $1
        FOR UPDATE OF rt, s`,
      [tokenHash, graceSeconds],
    );
    if (raw === undefined) return undefined;
    const r = PRESENTED.parse(raw);
    return {
      tokenId: r.token_id,
      sessionId: r.session_id,
      used: r.used,
      inGrace: r.in_grace,
      usedByClient: r.used_by_client,
      tokenExpired: r.token_expired,
      sessionExpiresAt: r.session_expires_at,
      sessionLive: r.session_live,
      userId: r.user_id,
      disabled: r.disabled,
      roles: r.roles,
      organizationId: r.organization_id,
    };
  }

  /** Spends a token: used now, by this client (a keyed hash of it, or null when unknown). */
  async markUsed(m: Queryable, tokenId: string, client: string | null): Promise<void> {
    await m.query(`UPDATE refresh_tokens SET used_at = now(), used_by_client = $2 WHERE id = $1`, [
      tokenId,
      client,
    ]);
  }

  /** The session and user of a token with this hash, spent or not. */
  async sessionOf(
    m: Queryable,
    tokenHash: string,
  ): Promise<{ sessionId: string; userId: string; roles: string[]; organizationId: string } | undefined> {
    const raw = await firstRow(
      m,
      `SELECT s.id AS session_id, u.id AS user_id, u.roles, u.organization_id
         FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id
        WHERE rt.token_hash = $1`,
      [tokenHash],
    );
    if (raw === undefined) return undefined;
    const r = SESSION_OF.parse(raw);
    return { sessionId: r.session_id, userId: r.user_id, roles: r.roles, organizationId: r.organization_id };
  }
}
