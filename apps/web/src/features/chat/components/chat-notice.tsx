import { useLocation, useNavigate } from 'react-router';
import { CloseIcon } from '../../../components/icons';
import './chat-list.css';

/** Navigation state that carries a note, e.g. after being removed from the room that was on screen. */
export type ChatNoticeState = { notice?: string } | null;

/** Shows the note carried by the navigation, until dismissed. */
export function ChatNotice() {
  const navigate = useNavigate();
  const location = useLocation();
  const text = (location.state as ChatNoticeState)?.notice;
  if (!text) return null;
  return (
    <div className="chat-notice" role="status">
      <span>{text}</span>
      <button
        type="button"
        className="icon-btn icon-btn--small"
        aria-label="Dismiss"
        onClick={() => void navigate(`${location.pathname}${location.search}`, { replace: true, state: null })}
      >
        <CloseIcon width={16} height={16} />
      </button>
    </div>
  );
}
