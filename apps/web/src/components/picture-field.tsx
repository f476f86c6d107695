import { useEffect, useId, useRef, useState } from 'react';
import { isApiError } from '../lib/api-client';
import { describeError, isRetryable } from '../lib/errors';
import { PICTURE_ACCEPT, PICTURE_TYPE_HINT, sniffPictureType } from '../lib/image-type';
import { percentOf, uploadErrorText, uploadFile, UploadAbortedError, type UploadHandle } from '../lib/upload-file';
import { Button } from './button';
import './picture-field.css';

export type PictureFieldProps = {
  /** "Profile picture", "Cover". */
  label: string;
  /** The current picture, or null. */
  url: string | null;
  shape: 'avatar' | 'cover';
  /** Saves the uploaded file as the picture (its id), or removes it (null). */
  onSave: (fileId: string | null) => Promise<unknown>;
};

type State =
  | { step: 'idle' }
  | { step: 'uploading'; percent: number; preview: string }
  | { step: 'saving'; preview: string | null }
  /** `file` is kept for "Retry" only when trying again may help (the network, the server), never for a wrong file. */
  | { step: 'failed'; message: string; file: File | null };

/** A picture error in words: a file the server refuses as a picture is told the same way as one the picker refused. */
function pictureErrorText(error: unknown, upload: boolean): string {
  if (isApiError(error) && error.code === 'UNSUPPORTED_MEDIA_TYPE') return PICTURE_TYPE_HINT;
  return upload ? uploadErrorText(error) : `Could not save it. ${describeError(error)}`;
}

/**
 * Choose a picture: it uploads at once (with a progress bar), then is saved as the avatar or cover; "Remove" clears
 * it. What failed is said, with a retry.
 */
export function PictureField({ label, url, shape, onSave }: PictureFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const upload = useRef<UploadHandle | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const preview = state.step === 'uploading' || state.step === 'saving' ? state.preview : null;

  // Stops an upload when the field goes away; frees the local preview.
  useEffect(() => () => upload.current?.abort(), []);
  useEffect(() => (preview ? () => URL.revokeObjectURL(preview) : undefined), [preview]);

  const save = async (fileId: string | null, shown: string | null, file: File | null) => {
    setState({ step: 'saving', preview: shown });
    try {
      await onSave(fileId);
      setState({ step: 'idle' });
    } catch (err) {
      setState({ step: 'failed', message: pictureErrorText(err, false), file: isRetryable(err) ? file : null });
    }
  };

  /** The type is checked from the file's first bytes before anything is sent: a wrong file is refused at once. */
  const choose = async (file: File) => {
    if ((await sniffPictureType(file)) === null) {
      setState({ step: 'failed', message: PICTURE_TYPE_HINT, file: null });
      return;
    }
    start(file);
  };

  const start = (file: File) => {
    const shown = URL.createObjectURL(file);
    setState({ step: 'uploading', percent: 0, preview: shown });
    const handle = uploadFile(file, {
      onProgress: (p) => setState((s) => (s.step === 'uploading' ? { ...s, percent: percentOf(p) } : s)),
    });
    upload.current = handle;
    handle.done.then(
      (meta) => {
        upload.current = null;
        setState((s) => (s.step === 'uploading' ? { ...s, percent: 100 } : s));
        void save(meta.id, URL.createObjectURL(file), file);
      },
      (err: unknown) => {
        upload.current = null;
        if (err instanceof UploadAbortedError) setState({ step: 'idle' });
        else setState({ step: 'failed', message: pictureErrorText(err, true), file: isRetryable(err) ? file : null });
      },
    );
  };

  const shown = preview ?? url;
  const busy = state.step === 'uploading' || state.step === 'saving';

  return (
    <div className={`picture-field picture-field--${shape}`} role="group" aria-labelledby={`${id}-label`}>
      <span className="picture-field__label" id={`${id}-label`}>
        {label}
      </span>
      <div className="picture-field__row">
        <div className="picture-field__preview">
          {shown ? <img src={shown} alt={`${label}: preview`} /> : <span className="picture-field__empty">None</span>}
        </div>
        <div className="picture-field__controls">
          <div className="picture-field__buttons">
            <Button variant="secondary" className="btn--small" disabled={busy} onClick={() => input.current?.click()}>
              {url ? 'Change' : 'Upload'}
            </Button>
            {state.step === 'uploading' ? (
              <Button variant="ghost" className="btn--small" onClick={() => upload.current?.abort()}>
                Cancel
              </Button>
            ) : (
              url && (
                <Button variant="ghost" className="btn--small" disabled={busy} onClick={() => void save(null, null, null)}>
                  Remove
                </Button>
              )
            )}
          </div>
          <input
            ref={input}
            type="file"
            accept={PICTURE_ACCEPT}
            hidden
            aria-label={`Choose a ${label.toLowerCase()}`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void choose(file);
            }}
          />
          {state.step === 'uploading' && (
            <div className="picture-field__progress">
              <div
                className="upload-bar"
                role="progressbar"
                aria-label={`Upload of the ${label.toLowerCase()}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={state.percent}
              >
                <span style={{ width: `${state.percent}%` }} />
              </div>
              <span className="picture-field__percent">{state.percent} %</span>
            </div>
          )}
          {state.step === 'saving' && <span className="picture-field__hint">Saving…</span>}
          {state.step === 'failed' && (
            <p className="picture-field__error" role="alert">
              {state.message}{' '}
              {state.file && (
                <button type="button" className="link-button" onClick={() => state.file && start(state.file)}>
                  Retry
                </button>
              )}
            </p>
          )}
          {state.step === 'idle' && <span className="picture-field__hint">PNG, JPEG, GIF or WebP.</span>}
        </div>
      </div>
    </div>
  );
}
