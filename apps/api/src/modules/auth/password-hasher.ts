import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (a const enum, which isolatedModules cannot read).
const ARGON2ID = 2;

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id hashing: the costliest thing an unauthenticated caller can make the server do, so every route that
 * reaches it is rate-limited and checks everything cheaper first.
 */
@Injectable()
export class PasswordHasher {
  /** A hash of nothing, verified when the account does not exist, so both answers take the same time. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Verifies against a hash of nothing (an unknown account): as slow as a real check, always false. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('not-a-real-password-0123456789');
    await this.verify(await this.dummy, password);
    return false;
  }
}
