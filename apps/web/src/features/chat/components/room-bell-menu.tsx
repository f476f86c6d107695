import type { NotifyLevel, Room } from '@chat/contracts';
import { Button as AriaButton, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { BellIcon } from '../../../components/icons';
import { showToast } from '../../../components/toast';
import { describeError } from '../../../lib/errors';
import { isMuted, isMutedForever, muteUntil, untilText, type MutePreset } from '../../../lib/notify-rules';
import { useRoomNotifications } from '../api/room-notifications';
import { BellOffIcon } from './chat-icons';
import '../../../components/popover-menu.css';

export type RoomBellMenuProps = {
  room: Room;
  now: number;
};

const LEVELS: { id: NotifyLevel; label: string }[] = [
  { id: 'all', label: 'All messages' },
  { id: 'mentions', label: 'Mentions only' },
  { id: 'none', label: 'Nothing' },
];

const MUTES: { id: MutePreset; label: string }[] = [
  { id: '1h', label: 'Mute for 1 hour' },
  { id: '8h', label: 'Mute for 8 hours' },
  { id: '1d', label: 'Mute for 1 day' },
  { id: 'forever', label: 'Mute until I turn it back on' },
];

/** "until 18:00", or "until you turn them back on", for a mute that holds. */
function muteEnd(room: Pick<Room, 'notify'>, now: number): string {
  return isMutedForever(room.notify) ? 'until you turn them back on' : `until ${untilText(room.notify.mutedUntil!, now)}`;
}

/** What the bell says about the room now ("Room notifications: mentions only, muted until 18:00"). */
function notifySummary(room: Pick<Room, 'notify'>, now: number): string {
  const level = LEVELS.find((l) => l.id === room.notify.level)!.label.toLowerCase();
  return isMuted(room.notify, now) ? `Room notifications: ${level}, muted ${muteEnd(room, now)}` : `Room notifications: ${level}`;
}

/**
 * The room header's bell (React Aria's Menu: arrow keys, Escape, focus back to the bell): which messages notify
 * (all, mentions only, nothing, as a single choice) and a mute for a while or until turned back on. Choosing saves at
 * once; the level and the mute go together, so changing one keeps the other.
 */
export function RoomBellMenu({ room, now }: RoomBellMenuProps) {
  const save = useRoomNotifications(room.id);
  const muted = isMuted(room.notify, now);
  const summary = notifySummary(room, now);

  const put = (level: NotifyLevel, mutedUntil: string | null) =>
    save.mutate(
      { level, mutedUntil },
      { onError: (error) => showToast(`Could not change the notifications of “${room.name}”: ${describeError(error)}`) },
    );

  return (
    <MenuTrigger>
      <AriaButton className="icon-btn" aria-label={summary} isDisabled={save.isPending}>
        {muted || room.notify.level === 'none' ? <BellOffIcon /> : <BellIcon />}
      </AriaButton>
      <Popover className="popover-menu__popover" placement="bottom end" offset={6} containerPadding={8}>
        <Menu
          className="popover-menu"
          aria-label={`Notifications for ${room.name}`}
          onAction={(key) => {
            const id = String(key);
            if (id === 'unmute') put(room.notify.level, null);
            else if (id.startsWith('mute-')) put(room.notify.level, muteUntil(id.slice(5) as MutePreset, Date.now()));
          }}
        >
          <MenuSection
            selectionMode="single"
            disallowEmptySelection
            selectedKeys={[room.notify.level]}
            onSelectionChange={(keys) => {
              const [level] = [...(keys as Set<NotifyLevel>)];
              if (level && level !== room.notify.level) put(level, muted ? room.notify.mutedUntil : null);
            }}
          >
            <Header className="popover-menu__header">Notify me about</Header>
            {LEVELS.map((l) => (
              <MenuItem key={l.id} id={l.id} className="popover-menu__item popover-menu__item--check" textValue={l.label}>
                {l.label}
              </MenuItem>
            ))}
          </MenuSection>
          <Separator className="popover-menu__separator" />
          <MenuSection>
            <Header className="popover-menu__header">{muted ? `Muted ${muteEnd(room, now)}` : 'Mute'}</Header>
            {muted ? (
              <MenuItem id="unmute" className="popover-menu__item" textValue="Unmute">
                Unmute
              </MenuItem>
            ) : (
              MUTES.map((m) => (
                <MenuItem key={m.id} id={`mute-${m.id}`} className="popover-menu__item" textValue={m.label}>
                  {m.label}
                </MenuItem>
              ))
            )}
          </MenuSection>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
