import type { FileMeta } from '@chat/contracts';
import { useState } from 'react';
import { formatBytes } from '../../../lib/upload-file';
import { isPreviewable, previewSize, thumbnailUrl } from '../utils/attachments';
import { DownloadIcon, FileIcon } from './chat-icons';
import { ImageViewer } from './image-viewer';
import './attachments.css';

export type MessageAttachmentsProps = { files: readonly FileMeta[] };

function FileCard({ file }: { file: FileMeta }) {
  return (
    <div className="file-card">
      <FileIcon className="file-card__icon" width={22} height={22} />
      <div className="file-card__text">
        <span className="file-card__name" title={file.name}>
          {file.name}
        </span>
        <span className="file-card__size">{formatBytes(file.size)}</span>
      </div>
      <a className="file-card__download" href={file.url} download={file.name} aria-label={`Download ${file.name}`} title="Download">
        <DownloadIcon width={18} height={18} />
      </a>
    </div>
  );
}

function ImagePreview({ file, onOpen }: { file: FileMeta; onOpen: () => void }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <FileCard file={file} />;
  const size = previewSize(file);
  return (
    <button type="button" className="image-preview" onClick={onOpen} aria-label={`Open ${file.name}`} style={{ width: size.width }}>
      <img
        src={thumbnailUrl(file)}
        alt={file.name}
        width={size.width}
        height={size.height}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
      />
    </button>
  );
}

/** A message's files: pictures as previews that open full size, anything else as a card with a download link. */
export function MessageAttachments({ files }: MessageAttachmentsProps) {
  const [open, setOpen] = useState<FileMeta | null>(null);
  if (files.length === 0) return null;
  return (
    <>
      <ul className="msg-files" aria-label="Attachments">
        {files.map((f) => (
          <li key={f.id} className="msg-files__item">
            {isPreviewable(f) ? <ImagePreview file={f} onOpen={() => setOpen(f)} /> : <FileCard file={f} />}
          </li>
        ))}
      </ul>
      {open && <ImageViewer file={open} onClose={() => setOpen(null)} />}
    </>
  );
}
