import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import './dialog.css';

export type DialogProps = {
  open: boolean;
  /** Called when the person closes the dialog: Escape, the close button, or a click on the backdrop. */
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/**
 * A modal on the native <dialog>: `showModal()` makes the rest of the page inert (focus stays inside), Escape closes
 * it, and the browser gives focus back to what opened it. The content is only rendered while open, so a form inside
 * starts afresh every time. The element marked `data-autofocus` takes focus on opening (else the first focusable one).
 */
export function Dialog({ open, onClose, title, description, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // A press that starts and ends on the backdrop (the <dialog> itself, outside its panel) closes it; a text selection
  // dragged out of the panel does not.
  const pressedBackdrop = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={(event) => {
        // The close event comes a task later: the dialog may have been opened again meanwhile (Ctrl+K twice).
        if (open && !event.currentTarget.open) onClose();
      }}
      onMouseDown={(event) => (pressedBackdrop.current = event.target === event.currentTarget)}
      onClick={(event) => {
        if (pressedBackdrop.current && event.target === event.currentTarget) onClose();
        pressedBackdrop.current = false;
      }}
    >
      {open && (
        <div className="dialog__panel">
          <header className="dialog__header">
            <h2 className="dialog__title" id={titleId}>
              {title}
            </h2>
            <button type="button" className="dialog__close" aria-label="Close" onClick={onClose}>
              <CloseIcon width={18} height={18} />
            </button>
          </header>
          {description && (
            <p className="dialog__description" id={descriptionId}>
              {description}
            </p>
          )}
          {children}
        </div>
      )}
    </dialog>
  );
}
