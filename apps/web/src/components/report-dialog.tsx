import { SAFETY_LIMITS, type Message, type ReportReason, type User } from '@chat/contracts';
import { useState } from 'react';
import { toFormErrors } from '../lib/errors';
import { useCreateReport } from '../lib/safety';
import { Alert } from './alert';
import { Button } from './button';
import { Dialog } from './dialog';
import { TextAreaField } from './field';
import { Form } from './form';
import { RadioGroupField, type RadioOption } from './radio-group';
import { showToast } from './toast';
import './report-dialog.css';

/** What is reported: a message (with its sender, for the wording) or a person. */
export type ReportTarget = { kind: 'message'; message: Message } | { kind: 'user'; user: User };

const REASONS: readonly RadioOption<ReportReason>[] = [
  { value: 'spam', label: 'Spam', description: 'Advertising, scams, the same thing over and over.' },
  { value: 'abuse', label: 'Abuse or harassment', description: 'Insults, threats, hate, targeting someone.' },
  { value: 'illegal', label: 'Illegal content', description: 'Something against the law.' },
  { value: 'other', label: 'Something else', description: 'Say what in the comment.' },
];

type ReportFormProps = { target: ReportTarget; onClose: () => void };

function ReportForm({ target, onClose }: ReportFormProps) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [comment, setComment] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const report = useCreateReport();
  const errors = toFormErrors(report.error, ['reason', 'comment'] as const);

  const submit = () => {
    if (!reason) {
      setMissingReason(true);
      return;
    }
    const about = target.kind === 'message' ? { messageId: target.message.id } : { userId: target.user.id };
    const trimmed = comment.trim();
    report.mutate(
      { ...about, reason, ...(trimmed ? { comment: trimmed } : {}) },
      {
        onSuccess: () => {
          showToast('Thanks, your report was sent to the moderators');
          onClose();
        },
      },
    );
  };

  return (
    <Form onSubmit={submit} errors={missingReason ? 'reason' : report.error} aria-label="Report">
      {errors.form && <Alert>Could not send the report. {errors.form}</Alert>}
      {target.kind === 'message' && (
        <blockquote className="report-quote">{target.message.body || 'A message with attachments only'}</blockquote>
      )}
      <RadioGroupField
        label="Why are you reporting this?"
        name="reason"
        value={reason as ReportReason}
        options={REASONS}
        onChange={(value) => {
          setReason(value);
          setMissingReason(false);
        }}
        error={missingReason ? 'Choose a reason.' : errors.fields.reason}
      />
      <TextAreaField
        label="Comment (optional)"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={SAFETY_LIMITS.reportCommentMax}
        rows={3}
        hint="Anything that helps the moderators understand. Only they see it."
        error={errors.fields.comment}
      />
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" pending={report.isPending}>
          Send report
        </Button>
      </div>
    </Form>
  );
}

export type ReportDialogProps = {
  /** What to report; null keeps the dialog closed. */
  target: ReportTarget | null;
  onClose: () => void;
};

/** Reports a message or a person to the moderators: a reason, an optional comment, then a thank-you toast. */
export function ReportDialog({ target, onClose }: ReportDialogProps) {
  const title =
    target?.kind === 'message'
      ? `Report ${target.message.sender.displayName}’s message`
      : target?.kind === 'user'
        ? `Report ${target.user.displayName}`
        : 'Report';
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={title}
      description="Room admins and server admins see your report, with your name. The person you report is not told."
    >
      {target && <ReportForm target={target} onClose={onClose} />}
    </Dialog>
  );
}
