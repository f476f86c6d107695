import type { User } from '@chat/contracts';
import { useState } from 'react';
import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { BlockDialog } from '../../../components/block-dialog';
import { BlockIcon, FlagIcon, UserIcon } from '../../../components/icons';
import { ReportDialog } from '../../../components/report-dialog';
import { useBlockedIds } from '../../../lib/safety';
import { MoreIcon } from './chat-icons';
import '../../../components/popover-menu.css';

export type PeerMenuProps = {
  /** The other person of a direct conversation. */
  peer: User;
};

/**
 * The "…" of a direct conversation's header (React Aria's Menu: arrow keys, Escape, focus back to the button): the
 * person's profile, Block or Unblock, and Report, each action behind a dialog that says what it does.
 */
export function PeerMenu({ peer }: PeerMenuProps) {
  const blocked = useBlockedIds().has(peer.id);
  const [dialog, setDialog] = useState<'block' | 'report' | null>(null);
  const navigate = useNavigate();

  return (
    <>
      <MenuTrigger>
        <AriaButton className="icon-btn" aria-label={`More actions for ${peer.displayName}`}>
          <MoreIcon />
        </AriaButton>
        <Popover className="popover-menu__popover" placement="bottom end" offset={6} containerPadding={8}>
          <Menu
            className="popover-menu"
            aria-label={`Actions for ${peer.displayName}`}
            onAction={(key) => {
              if (key === 'profile') void navigate(`/users/${peer.id}`);
              if (key === 'block') setDialog('block');
              if (key === 'report') setDialog('report');
            }}
          >
            <MenuItem id="profile" className="popover-menu__item" textValue="View profile">
              <UserIcon width={18} height={18} aria-hidden="true" />
              <span>View profile</span>
            </MenuItem>
            <MenuItem id="block" className="popover-menu__item" textValue={blocked ? 'Unblock' : 'Block'}>
              <BlockIcon width={18} height={18} aria-hidden="true" />
              <span>{blocked ? `Unblock ${peer.displayName}` : `Block ${peer.displayName}`}</span>
            </MenuItem>
            <MenuItem id="report" className="popover-menu__item popover-menu__item--danger" textValue="Report">
              <FlagIcon width={18} height={18} aria-hidden="true" />
              <span>Report {peer.displayName}…</span>
            </MenuItem>
          </Menu>
        </Popover>
      </MenuTrigger>
      <BlockDialog user={dialog === 'block' ? peer : null} blocked={blocked} onClose={() => setDialog(null)} />
      <ReportDialog target={dialog === 'report' ? { kind: 'user', user: peer } : null} onClose={() => setDialog(null)} />
    </>
  );
}
