import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** Revoked sessions, announced so that live connections of those sessions can be closed. */
@Injectable()
export class SessionEvents {
  readonly revoked = new Subject<{ sessionIds: string[] }>();

  emitRevoked(sessionIds: string[]): void {
    if (sessionIds.length > 0) this.revoked.next({ sessionIds });
  }
}
