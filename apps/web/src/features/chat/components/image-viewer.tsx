import type { FileMeta } from '@chat/contracts';
import { useEffect, useRef } from 'react';
import { CloseIcon } from '../../../components/icons';
import { formatBytes } from '../../../lib/upload-file';
import { DownloadIcon } from './chat-icons';
import './attachments.css';

export type ImageViewerProps = { file: FileMeta; onClose: () => void };

/**
 * A picture at full size over the page, on the native modal <dialog>: Escape or a click beside the picture closes
 * it, and focus goes back to the preview that opened it.
 */
export function ImageViewer({ file, onClose }: ImageViewerProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="image-viewer"
      aria-label={file.name}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="image-viewer__bar">
        <span className="image-viewer__name">
          {file.name} <span className="image-viewer__size">{formatBytes(file.size)}</span>
        </span>
        <a className="image-viewer__action" href={file.url} download={file.name}>
          <DownloadIcon width={18} height={18} />
          Download
        </a>
        <button type="button" className="image-viewer__action" aria-label="Close" onClick={onClose} autoFocus>
          <CloseIcon width={18} height={18} />
        </button>
      </div>
      <img className="image-viewer__img" src={file.url} alt={file.name} width={file.width ?? undefined} height={file.height ?? undefined} />
    </dialog>
  );
}
