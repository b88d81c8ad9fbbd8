import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** A random 256-bit HMAC-SHA-256 key that can only sign and verify. */
function newSigningKey(): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', randomBytes(32), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** What the mock remembers about a token it issued. */
export interface IssuedToken {
  kind: 'access' | 'refresh';
  username: string;
  /** Per user, the 1-based index of the login/refresh that first issued this exact string. */
  generation: number;
  /** Signing-key epoch of the user when the token was issued (revokeTokens bumps it). */
  keyEpoch: number;
  /** `exp` claim, epoch seconds (server clock). */
  expSec: number;
  /** For a refresh token: the access token issued with it (rotation revokes both). */
  pairedAccess?: string;
}

/** Result of checking a presented token. */
export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired'; token?: IssuedToken };

interface UserKeyState {
  /**
   * The user's HS256 signing key, imported once per key: jose would otherwise import raw secret
   * bytes into a `CryptoKey` on every sign (importing once: ~30% more logins/s on 2 cores).
   */
  key: Promise<CryptoKey>;
  epoch: number;
  issued: number;
  userId: number;
}

/**
 * Issues and checks HS256 JWTs with the v1 claims `user_id, username, email, exp, orig_iat`
 * (https://docs.mastersindia.co/eway/authentication/access-tokens; docs/ARCHITECTURE.md §13).
 *
 * Every user has its own random signing key; {@link TokenAuthority.revoke} replaces it, so older
 * tokens fail. Issued tokens are remembered by their exact string, which makes the per-request
 * check a map lookup (the mock must not be the bottleneck of benchmarks) and gives each token the
 * generation number tests use for attribution.
 */
export class TokenAuthority {
  private readonly users = new Map<string, UserKeyState>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly revoked = new Set<string>();
  private nextUserId = 4242;

  private state(username: string): UserKeyState {
    let state = this.users.get(username);
    if (!state) {
      state = { key: newSigningKey(), epoch: 1, issued: 0, userId: this.nextUserId++ };
      this.users.set(username, state);
    }
    return state;
  }

  /** Sign a new access token (and refresh token when `refreshLifetimeSec` is given). */
  async issue(
    username: string,
    email: string,
    nowSec: number,
    lifetimeSec: number,
    refreshLifetimeSec?: number,
  ): Promise<{ token: string; refreshToken?: string; generation: number }> {
    const state = this.state(username);
    // Key and epoch of the same moment (no await between the two reads).
    const epoch = state.epoch;
    const signingKey = await state.key;
    // Refresh mode issues the documented v2 pair
    // (https://masters-india-1.gitbook.io/ksa-e-invoicing-api/authentication/access-tokens): the
    // access token carries `token_type`, its own `jti` and the refresh token's `jti` as
    // `refresh_jti`; v1 (default) carries `orig_iat`. Random jtis make every token unique.
    const refreshJti =
      refreshLifetimeSec === undefined ? undefined : randomBytes(16).toString('hex');
    const accessClaims =
      refreshJti === undefined
        ? { user_id: state.userId, username, exp: nowSec + lifetimeSec, email, orig_iat: nowSec }
        : {
            token_type: 'access',
            exp: nowSec + lifetimeSec,
            jti: randomBytes(16).toString('hex'),
            user_id: state.userId,
            username,
            email,
            refresh_jti: refreshJti,
          };
    const token = await new SignJWT(accessClaims)
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .sign(signingKey);
    let refreshToken: string | undefined;
    if (refreshJti !== undefined && refreshLifetimeSec !== undefined) {
      refreshToken = await new SignJWT({
        token_type: 'refresh',
        exp: nowSec + refreshLifetimeSec,
        jti: refreshJti,
        user_id: state.userId,
        username,
        email,
      })
        .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
        .sign(signingKey);
    }
    // A key rotation while signing would make these tokens stale: record them with the epoch used.
    state.issued += 1;
    const generation = state.issued;
    const existing = this.issued.get(token);
    this.revoked.delete(token);
    if (!existing || existing.keyEpoch !== epoch) {
      this.issued.set(token, {
        kind: 'access',
        username,
        generation,
        keyEpoch: epoch,
        expSec: nowSec + lifetimeSec,
      });
    }
    if (refreshToken !== undefined) {
      this.issued.set(refreshToken, {
        kind: 'refresh',
        username,
        generation,
        keyEpoch: epoch,
        expSec: nowSec + (refreshLifetimeSec ?? 0),
        pairedAccess: token,
      });
    }
    return {
      token,
      generation: this.issued.get(token)?.generation ?? generation,
      ...(refreshToken !== undefined ? { refreshToken } : {}),
    };
  }

  /** Check a presented token of the given kind against the server clock (epoch seconds). */
  check(presented: string, kind: 'access' | 'refresh', nowSec: number): TokenCheck {
    const token = this.issued.get(presented);
    if (!token || token.kind !== kind) return { ok: false, reason: 'unknown' };
    const state = this.users.get(token.username);
    if (!state || state.epoch !== token.keyEpoch || this.revoked.has(presented)) {
      return { ok: false, reason: 'revoked', token };
    }
    if (token.expSec <= nowSec) return { ok: false, reason: 'expired', token };
    return { ok: true, token };
  }

  /** Rotation: the presented refresh token and its paired access token stop working. */
  retire(refreshToken: string): void {
    const token = this.issued.get(refreshToken);
    this.revoked.add(refreshToken);
    if (token?.pairedAccess !== undefined) this.revoked.add(token.pairedAccess);
  }

  /** Rotate the signing key of one user, or of every user. */
  revoke(username?: string): void {
    const targets = username === undefined ? [...this.users.values()] : [this.state(username)];
    for (const state of targets) {
      state.key = newSigningKey();
      state.epoch += 1;
    }
  }

  /** Forget everything (new keys for everyone, generations restart at 1). */
  clear(): void {
    this.users.clear();
    this.issued.clear();
    this.revoked.clear();
  }
}
