import type { Message } from '@chat/contracts';
import { Dialog } from '../../../components/dialog';
import { QueryView } from '../../../components/query-view';
import { Spinner } from '../../../components/spinner';
import { useMessageEdits } from '../api/message-edits';
import { exactTime } from '../utils/format-time';
import { MessageBody } from './message-body';
import './edit-history-dialog.css';

export type EditHistoryDialogProps = {
  message: Message;
  open: boolean;
  onClose: () => void;
  meUsername?: string;
};

/** "edited" opens this: every version of a message, oldest first, each as Markdown with when it was written. */
export function EditHistoryDialog({ message, open, onClose, meUsername }: EditHistoryDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Edit history"
      description={`${message.sender.displayName}’s message, oldest version first.`}
    >
      {open && <Versions message={message} meUsername={meUsername} />}
    </Dialog>
  );
}

function Versions({ message, meUsername }: { message: Message; meUsername?: string }) {
  const edits = useMessageEdits(message.id, message.editedAt);
  return (
    <QueryView
      query={edits}
      pending={
        <div className="loading">
          <Spinner label="Loading the edit history…" />
        </div>
      }
      errorText="Could not load the edit history."
    >
      {(versions) => {
        // Each earlier body was written when the one before it was replaced (the first: when the message was sent).
        const rows = [
          ...versions.map((v, i) => ({ body: v.body, at: i === 0 ? message.createdAt : versions[i - 1]!.editedAt, current: false })),
          { body: message.body, at: message.editedAt ?? message.createdAt, current: true },
        ];
        return (
          <ol className="edit-history">
            {rows.map((row, i) => (
              <li key={i} className="edit-history__version">
                <p className="edit-history__when">
                  {i === 0 ? 'Original' : row.current ? 'Current' : `Edit ${i}`} · <time dateTime={row.at}>{exactTime(row.at)}</time>
                </p>
                <MessageBody body={row.body} meUsername={meUsername} mentions={message.mentions} />
              </li>
            ))}
          </ol>
        );
      }}
    </QueryView>
  );
}
