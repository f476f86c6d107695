import { CloseIcon } from '../../../components/icons';
import { formatBytes, percentOf } from '../../../lib/upload-file';
import type { PendingAttachment } from '../utils/attachment-store';
import './attachments.css';
import { AlertIcon, FileIcon } from './chat-icons';

export type ComposerAttachmentsProps = {
  items: readonly PendingAttachment[];
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
};

/** The files picked for the next message: one chip each, with its upload's progress, error and retry. */
export function ComposerAttachments({ items, onRemove, onRetry }: ComposerAttachmentsProps) {
  if (items.length === 0) return null;
  return (
    <ul className="upload-chips" aria-label="Files to send">
      {items.map((a) => {
        const percent = a.status === 'done' ? 100 : percentOf(a.progress);
        const name = a.file.name || 'Pasted file';
        return (
          <li key={a.key} className={`upload-chip upload-chip--${a.status}`}>
            <FileIcon className="upload-chip__icon" width={18} height={18} />
            <div className="upload-chip__text">
              <span className="upload-chip__name" title={name}>
                {name}
              </span>
              <span className="upload-chip__meta">
                {formatBytes(a.file.size)}
                {a.status === 'uploading' && ` · ${percent} %`}
                {a.status === 'done' && ' · Ready'}
              </span>
              {a.status !== 'failed' && (
                <div
                  className="upload-chip__bar"
                  role="progressbar"
                  aria-label={`Upload of ${name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={percent}
                  aria-valuetext={`${percent} %`}
                >
                  <span className="upload-chip__fill" style={{ width: `${percent}%` }} />
                </div>
              )}
              {a.status === 'failed' && (
                <span className="upload-chip__error" role="alert">
                  <AlertIcon width={12} height={12} /> {a.error}{' '}
                  <button type="button" className="link-button" onClick={() => onRetry(a.key)}>
                    Retry
                  </button>
                </span>
              )}
            </div>
            <button
              type="button"
              className="icon-btn icon-btn--small upload-chip__remove"
              aria-label={a.status === 'uploading' ? `Cancel the upload of ${name}` : `Remove ${name}`}
              title={a.status === 'uploading' ? 'Cancel upload' : 'Remove'}
              onClick={() => onRemove(a.key)}
            >
              <CloseIcon width={14} height={14} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
