import type { User } from '@chat/contracts';
import { useState } from 'react';
import { BlockDialog } from '../../../components/block-dialog';
import { Button } from '../../../components/button';
import { ReportDialog } from '../../../components/report-dialog';

export type UserSafetyActionsProps = {
  user: User;
  blocked: boolean;
};

/** Block (or Unblock) and Report, quieter than the friendship buttons, each behind a dialog that says what it does. */
export function UserSafetyActions({ user, blocked }: UserSafetyActionsProps) {
  const [blocking, setBlocking] = useState(false);
  const [reporting, setReporting] = useState(false);
  return (
    <div className="user-safety">
      {blocked && (
        <p className="user-safety__status" role="status">
          You blocked {user.displayName}.
        </p>
      )}
      <div className="user-safety__buttons">
        <Button variant={blocked ? 'secondary' : 'ghost'} className="btn--small" aria-haspopup="dialog" onClick={() => setBlocking(true)}>
          {blocked ? 'Unblock' : 'Block'}
        </Button>
        <Button variant="ghost" className="btn--small" aria-haspopup="dialog" onClick={() => setReporting(true)}>
          Report…
        </Button>
      </div>
      <BlockDialog user={blocking ? user : null} blocked={blocked} onClose={() => setBlocking(false)} />
      <ReportDialog target={reporting ? { kind: 'user', user } : null} onClose={() => setReporting(false)} />
    </div>
  );
}
